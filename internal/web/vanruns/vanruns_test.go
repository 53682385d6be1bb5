package vanruns_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
	"maeul/internal/vans"
	"maeul/internal/web"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// TestVanRunPages reads the demo's van runs and a manifest as Wangqing's
// admin (in three languages), an auditor and others, and records the
// run's last parcels from the manifest's forms until the run closes.
func TestVanRunPages(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ctx := context.Background()
			admin, auditor, yanji, seller := env.Client(), env.Client(), env.Client(), env.Client()
			admin.SignIn("county-wangqing@maeul.test")
			auditor.SignIn("auditor@maeul.test")
			yanji.SignIn("county-yanji@maeul.test")
			seller.SignIn("seller-dongxing@maeul.test")

			servertest.WantStatus(t, "the day's runs", admin.Get("/admin/van-runs?lang=en"), 200,
				"Van runs", "wq-dongguang-van", "吉H·W1101", "wq-van-1", "Plan the day&#39;s runs", "wq-dongguang-express")
			servertest.WantStatus(t, "in Korean", admin.Get("/admin/van-runs?lang=ko"), 200, "배송차 운행", "이날 운행 계획")
			servertest.WantStatus(t, "in Chinese", admin.Get("/admin/van-runs?lang=zh"), 200, "配送车次", "安排当日车次")
			servertest.WantStatus(t, "another day", admin.Get("/admin/van-runs?date=2026-01-01&lang=en"), 200, "No run is planned for this day.")
			servertest.WantStatus(t, "a bad date", admin.Get("/admin/van-runs?date=tomorrow&lang=en"), http.StatusUnprocessableEntity, "YYYY-MM-DD")
			servertest.WantStatus(t, "another county", yanji.Get("/admin/van-runs?region=222424"), http.StatusForbidden)
			servertest.WantStatus(t, "a seller", seller.Get("/admin/van-runs"), http.StatusForbidden)

			runs, err := env.DB.Runs(ctx, vans.Filter{Within: "222424000000"})
			if err != nil {
				t.Fatal(err)
			}
			var run vans.Run
			for _, r := range runs {
				if r.Van.Code == "wq-dongguang-van" {
					run, err = env.DB.Run(ctx, r.ID)
				}
			}
			if err != nil || run.ID == 0 {
				t.Fatalf("the demo's run from Dongguang: %+v, %v", run, err)
			}
			page := fmt.Sprintf("/admin/van-runs/%d", run.ID)
			r := admin.Get(page + "?lang=en")
			servertest.WantStatus(t, "the manifest", r, 200,
				"Delivery manifest", "Stop 1", "Stop 2", "박영철", "13904431234", "Pick-up code", "Signature", `href="/static/vans.`, "Delivered (scan)")
			// It prints as the driver's sheet: the print style sheet hides
			// the forms and shows the signature column.
			_, css, _ := strings.Cut(r.Body, `href="/static/vans.`)
			css, _, _ = strings.Cut(css, `"`)
			servertest.WantStatus(t, "the print style sheet", admin.Get("/static/vans."+css), 200, "@media print", ".no-print", ".vr-sign { display: table-cell")
			r = auditor.Get(page + "?lang=en")
			servertest.WantStatus(t, "the auditor's manifest", r, 200, "Delivery manifest", "Stop 1")
			if strings.Contains(r.Body, "13904431234") || strings.Contains(r.Body, "Delivered (scan)") {
				t.Errorf("the auditor sees the recipients' phones or the delivery forms")
			}
			servertest.WantStatus(t, "another county's admin", yanji.Get(page), http.StatusForbidden)
			servertest.WantStatus(t, "an unknown run", admin.Get("/admin/van-runs/99999"), http.StatusNotFound)

			var pending []int64
			for _, s := range run.Stops {
				for _, l := range s.Parcels {
					if l.Outcome == vans.Pending {
						pending = append(pending, l.ParcelID)
					}
				}
			}
			if len(pending) != 2 {
				t.Fatalf("the demo's run has %d parcels on the van, want 2", len(pending))
			}
			back := fmt.Sprintf("%s/parcels/%d/back", page, pending[1])
			servertest.WantStatus(t, "brought back without a reason", admin.PostForm(back+"?lang=en", url.Values{"outcome": {"undelivered"}}),
				http.StatusUnprocessableEntity, "Say why the parcel was not delivered")
			servertest.WantStatus(t, "a seller delivers", seller.PostForm(fmt.Sprintf("%s/parcels/%d/deliver", page, pending[0]), nil), http.StatusForbidden)
			servertest.WantStatus(t, "delivered", admin.PostForm(fmt.Sprintf("%s/parcels/%d/deliver", page, pending[0]), nil), http.StatusSeeOther)
			servertest.WantStatus(t, "brought back", admin.PostForm(back, url.Values{"outcome": {"undelivered"}, "note": {"nobody home"}}), http.StatusSeeOther)
			servertest.WantStatus(t, "the closed run", admin.Get(page+"?lang=en"), 200, "Closed", "nobody home", "Not delivered")
			servertest.WantStatus(t, "delivering it after", admin.PostForm(fmt.Sprintf("%s/parcels/%d/deliver?lang=en", page, pending[1]), nil),
				http.StatusConflict, "already has an outcome")

			// Planning again plans nothing for the van with a run today, and
			// says how many parcels wait: the one brought back.
			r = admin.PostForm("/admin/van-runs/plan", url.Values{"base": {"wq-dongguang-express"}})
			servertest.WantStatus(t, "planning again", r, http.StatusSeeOther)
			if loc := r.Header.Get("Location"); !strings.Contains(loc, "planned=0") || !strings.Contains(loc, "left=1") {
				t.Errorf("planning again goes to %q, want planned=0 and left=1", loc)
			}
			servertest.WantStatus(t, "planning at a village station", admin.PostForm("/admin/van-runs/plan?lang=en", url.Values{"base": {"wq-dongxing-vstation"}}),
				http.StatusUnprocessableEntity, "cannot keep vans")
		})
	}
}

func TestTemplateMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, k := range network.Kinds {
		kinds = append(kinds, string(k))
	}
	problems, checked, err := web.MissingMessages(cat, os.DirFS("."), map[string][]string{
		"point.kind.":   kinds,
		"vans.outcome.": {"pending", "delivered", "undelivered", "returned"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 30 {
		t.Errorf("found only %d message keys in the templates; is the pattern stale?", checked)
	}
}
