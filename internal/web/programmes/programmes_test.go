package programmes_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// TestProgrammeConsole walks the back office as the demo's accounts: the
// prefecture's admin records and revokes, a county admin keeps to the
// county, the auditor reads, an event's organizer records its deals, and
// the exports download.
func TestProgrammeConsole(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	pref, county, auditor, seller, operator := env.Client(), env.Client(), env.Client(), env.Client(), env.Client()
	pref.SignIn("prefecture@maeul.test")
	county.SignIn("county-wangqing@maeul.test")
	auditor.SignIn("auditor@maeul.test")
	seller.SignIn("seller-dongxing@maeul.test")
	operator.SignIn("station-dongxing@maeul.test")

	servertest.WantStatus(t, "the prefecture's overview", pref.Get("/admin/programmes?lang=en"), 200, "Demonstration titles in force", "Villages paired on", "Matchmaking events")
	servertest.WantStatus(t, "the overview in Chinese", pref.Get("/admin/programmes?lang=zh"), 200, "有效的示范称号")
	servertest.WantStatus(t, "a county's overview", county.Get("/admin/programmes?lang=en"), 200, "Wangqing")
	servertest.WantStatus(t, "another county", county.Get("/admin/programmes?region=222401"), 403)
	servertest.WantStatus(t, "a seller", seller.Get("/admin/programmes"), 403)
	servertest.WantStatus(t, "a guest, sent to sign in", env.Client().Get("/admin/programmes"), http.StatusSeeOther)
	servertest.WantStatus(t, "the auditor's titles", auditor.Get("/admin/programmes/titles?lang=en"), 200, "国家级电子商务进农村综合示范县")

	// Recording and revoking a title.
	this := time.Now().Format("2006")
	q := "?region=222424000000&year=" + this + "&lang=en"
	r := county.PostForm("/admin/programmes/titles"+q, url.Values{"subject_kind": {"village"}, "subject_code": {"222424102201"},
		"level": {"prefecture"}, "title": {"延边州电子商务示范村"}, "year": {this}})
	servertest.WantStatus(t, "record a title", r, http.StatusSeeOther)
	r = county.PostForm("/admin/programmes/titles"+q, url.Values{"subject_kind": {"town"}, "subject_code": {"222424102201"},
		"level": {"prefecture"}, "title": {"x"}, "year": {this}})
	servertest.WantStatus(t, "a village as a town", r, http.StatusUnprocessableEntity, "cannot hold a title of kind town")
	servertest.WantStatus(t, "the auditor recording", auditor.PostForm("/admin/programmes/titles"+q, url.Values{"subject_kind": {"village"},
		"subject_code": {"222424102201"}, "level": {"national"}, "title": {"x"}, "year": {this}}), 403)

	// Pairings and events in the county.
	servertest.WantStatus(t, "pairings", county.Get("/admin/programmes/pairings"+q), 200, "Wangqing Black Fungus Group")
	r = county.PostForm("/admin/programmes/pairings"+q, url.Values{"org_code": {"wq-enterprise"}, "village_code": {"222424100201"}, "since": {"2025-01-01"}})
	servertest.WantStatus(t, "an overlapping pairing", r, http.StatusUnprocessableEntity, "paired already")
	starts := time.Now().Add(8 * time.Hour).Add(-time.Hour).UTC().Format("2006-01-02T15:04")
	ends := time.Now().Add(8 * time.Hour).Add(24 * time.Hour).UTC().Format("2006-01-02T15:04")
	r = county.PostForm("/admin/programmes/events"+q, url.Values{"code": {"wq-pine"}, "region_code": {"222424"}, "name_ko": {"잣 연결회"},
		"place_zh": {"汪清"}, "starts": {starts}, "ends": {ends}})
	servertest.WantStatus(t, "hold an event", r, http.StatusSeeOther)
	for _, p := range []url.Values{
		{"kind": {"service_point"}, "code": {"wq-dongxing-vstation"}, "role": {"organizer"}},
		{"kind": {"organization"}, "code": {"wq-household"}, "role": {"seller"}},
	} {
		servertest.WantStatus(t, "add "+p.Get("code"), county.PostForm("/admin/programmes/events/wq-pine/participants?lang=en", p), http.StatusSeeOther)
	}
	servertest.WantStatus(t, "the organizer's page", operator.Get("/admin/programmes/events/wq-pine?lang=en"), 200, "Record a deal", "The Yoon Family")
	page := operator.Get("/admin/programmes/events/wq-pine")
	i := strings.Index(page.Body, `name="seller"`)
	j := strings.Index(page.Body[i:], `value="`)
	seller1 := page.Body[i+j+7 : i+j+7+strings.Index(page.Body[i+j+7:], `"`)]
	r = operator.PostForm("/admin/programmes/events/wq-pine/deals", url.Values{"seller": {seller1}, "buyer_name": {"延吉百货"},
		"amount": {"8800.00"}, "goods": {"잣 100kg"}, "ref": {"PINE-1"}})
	servertest.WantStatus(t, "record a deal", r, http.StatusSeeOther)
	servertest.WantStatus(t, "the report with the deal", county.Get("/admin/programmes/events/wq-pine?lang=en"), 200, "¥8,800.00", "deals recorded by the organizer")
	servertest.WantStatus(t, "a seller's deal", seller.PostForm("/admin/programmes/events/wq-pine/deals", url.Values{"seller": {seller1},
		"buyer_name": {"x"}, "amount": {"1"}, "goods": {"x"}}), 403)

	// The public pages: badges, and the events with their sellers' products.
	guest := env.Client()
	servertest.WantStatus(t, "a titled village", guest.Get("/villages/222424100201"), 200, "title-badge", "吉林省电子商务示范村")
	servertest.WantStatus(t, "a titled store", guest.Get("/stores/wq-enterprise"), 200, "国家级电子商务示范企业")
	servertest.WantStatus(t, "a titled county", guest.Get("/counties/222424"), 200, "国家级电子商务进农村综合示范县")
	servertest.WantStatus(t, "a store without titles", guest.Get("/stores/wq-household"), 200)
	servertest.WantStatus(t, "the events", guest.Get("/events?lang=en"), 200, "/events/yb-matchmaking-newyear", "/events/wq-pine")
	servertest.WantStatus(t, "an upcoming event", guest.Get("/events/yb-matchmaking-newyear?lang=en"), 200, "Upcoming", "Laotou Villagers", "pcard")
	servertest.WantStatus(t, "a past event", guest.Get("/events/wq-matchmaking-autumn?lang=en"), 200, "This event is over")
	servertest.WantStatus(t, "no such event", guest.Get("/events/nope"), 404)

	// Exports.
	r = auditor.Get("/admin/programmes/export?region=222400&format=xlsx")
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") || !strings.HasPrefix(r.Body, "PK") {
		t.Errorf("XLSX export: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	r = auditor.Get("/admin/programmes/pairings?region=222400&format=csv")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "org_code,org_name,village_code") {
		t.Errorf("CSV export: %d %.300s", r.StatusCode, r.Body)
	}
	r = county.Get("/admin/programmes/events/wq-pine/export?format=csv&table=deals")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "PINE-1") {
		t.Errorf("deals CSV: %d %.300s", r.StatusCode, r.Body)
	}
}
