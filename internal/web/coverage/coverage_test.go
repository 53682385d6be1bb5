package coverage_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
	"maeul/internal/web"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// TestCoveragePage reads the demo's coverage as its admins and others, and
// opens a station where a poor village had none: the page, computed from
// the registry, moves with it.
func TestCoveragePage(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			pref, yanji, seller := env.Client(), env.Client(), env.Client()
			pref.SignIn("prefecture@maeul.test")
			yanji.SignIn("county-yanji@maeul.test")
			seller.SignIn("seller-dongxing@maeul.test")

			servertest.WantStatus(t, "the prefecture", pref.Get("/admin/coverage?lang=en"), 200,
				"Service network coverage", "96.2%", "50 of 52 poor villages", "By county", "Yanji City", "83.3%",
				"Nanping Village", "Yanming Village", "Nanping Village E-commerce Point (candidate)", "Every village, served or not")
			servertest.WantStatus(t, "in Korean", pref.Get("/admin/coverage?lang=ko"), 200, "봉사망 포괄률", "현·시별")
			servertest.WantStatus(t, "in Chinese", pref.Get("/admin/coverage?lang=zh&choose=1"), 200, "服务网络覆盖率", "南坪村电商服务点（候选）")
			servertest.WantStatus(t, "Yanji's admin", yanji.Get("/admin/coverage?lang=en"), 200, "83.3%", "5 of 6 poor villages",
				"Yanming Village E-commerce Point (candidate)", "100.0%")
			servertest.WantStatus(t, "another county", yanji.Get("/admin/coverage?region=222424"), http.StatusForbidden)
			servertest.WantStatus(t, "a seller", seller.Get("/admin/coverage?region=222424"), http.StatusForbidden)
			servertest.WantStatus(t, "a guest, sent to sign in", env.Client().Get("/admin/coverage?region=222401"), http.StatusSeeOther)
			servertest.WantStatus(t, "a choice too large", yanji.Get("/admin/coverage?choose=99&lang=en"), http.StatusUnprocessableEntity, "from 0 to 20")
			servertest.WantStatus(t, "a region without poor villages", pref.Get("/admin/coverage?region=222401100202&lang=en"), 200, "no registered poor village")

			// Opening the candidate at Yanming serves Yanji's last poor
			// village.
			ctx := context.Background()
			p, err := env.DB.ServicePoint(ctx, "yj-yanming-vstation")
			if err != nil {
				t.Fatal(err)
			}
			p.Status, p.Name = network.Open, i18n.Text{En: "Yanming Village Point"}
			if err := env.DB.UpsertServicePoints(ctx, []network.ServicePoint{p}); err != nil {
				t.Fatal(err)
			}
			r := yanji.Get("/admin/coverage?lang=en")
			servertest.WantStatus(t, "Yanji once Yanming's station opens", r, 200, "6 of 6 poor villages", "Every poor village is served")
			if strings.Contains(r.Body, "83.3%") {
				t.Errorf("the page still shows the old coverage")
			}
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
	problems, checked, err := web.MissingMessages(cat, os.DirFS("."), map[string][]string{"point.kind.": kinds})
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
