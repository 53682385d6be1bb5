package demo_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/impact"
	"maeul/internal/org"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestDemoRegisters checks the demo's household register and benefit
// links: what the demo promises of them, that every poverty-alleviation
// product is tied to a poor household, and that loading twice changes
// neither.
func TestDemoRegisters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accts := accounts.NewService(db)
		accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		hs, err := db.Households(ctx, impact.HouseholdFilter{})
		if err != nil {
			t.Fatal(err)
		}
		ls, err := db.Links(ctx, impact.LinkFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) < 150 || len(hs) > 250 {
			t.Errorf("%d households registered, want 150 to 250", len(hs))
		}
		lifted := 0
		byVillage := map[string][]impact.Household{}
		for _, h := range hs {
			if err := impact.ValidIDNumber(h.IDNumber); err != nil {
				t.Errorf("%s: %v", h.Code, err)
			}
			if h.IDNumber[:6] != string(h.Village[:6]) {
				t.Errorf("%s: ID number %s does not start with the county code %s", h.Code, h.IDNumber, h.Village[:6])
			}
			if y, _ := strconv.Atoi(h.IDNumber[6:10]); y < 1945 || y > 1995 {
				t.Errorf("%s: head born in %d, want 1945–1995", h.Code, y)
			}
			if h.Members < 2 || h.Members > 6 {
				t.Errorf("%s: %d members, want 2–6", h.Code, h.Members)
			}
			if h.Status == impact.Lifted {
				lifted++
				if h.LiftedYear < 2018 || h.LiftedYear > 2020 {
					t.Errorf("%s: lifted in %d, want 2018–2020", h.Code, h.LiftedYear)
				}
			}
			byVillage[string(h.Village)] = append(byVillage[string(h.Village)], h)
		}
		if lifted == 0 || lifted > len(hs)/2 {
			t.Errorf("%d of %d households lifted out of poverty; want some, fewer than half", lifted, len(hs))
		}

		// Every cooperative and village store has all the households of its
		// village as members; every village store has a pool of 5–10%.
		type key struct {
			org  int64
			hh   int64
			kind impact.LinkKind
		}
		has := map[key]impact.Link{}
		for _, l := range ls {
			has[key{l.OrgID, l.HouseholdID, l.Kind}] = l
		}
		for _, kind := range []org.Kind{org.Cooperative, org.VillageStore} {
			os, _ := db.Organizations(ctx, org.Filter{Kind: kind})
			for _, o := range os {
				if len(byVillage[string(o.Region)]) == 0 {
					t.Errorf("%s: no households registered in its village %s", o.Code, o.Region)
				}
				for _, h := range byVillage[string(o.Region)] {
					if _, ok := has[key{o.ID, h.ID, impact.Member}]; !ok {
						t.Errorf("%s: household %s of its village is not a member", o.Code, h.Code)
					}
				}
				pool, ok := has[key{o.ID, 0, impact.Pool}]
				if kind == org.VillageStore && (!ok || pool.PercentBP < 500 || pool.PercentBP > 1000) {
					t.Errorf("%s: pool link %+v, want one of 5–10%%", o.Code, pool)
				}
			}
		}

		// Every poverty-alleviation product is tied to a poor household
		// today, and most by a supplier link of their own.
		imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
		page, err := db.Search(ctx, catalog.Query{Label: catalog.PovertyAlleviation, WithHidden: true, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 70 {
			t.Errorf("%d poverty-alleviation products, want the demo's 70", page.Total)
		}
		supplied := map[int64]bool{}
		for _, l := range ls {
			if l.Kind == impact.Supplier && l.LiveOn(time.Now()) {
				supplied[l.ProductID] = true
			}
		}
		for _, s := range page.Items {
			p, err := db.Product(ctx, s.Code)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := imp.PovertyLinked(ctx, p.OrgID, p.ID, time.Now()); err != nil || !ok {
				t.Errorf("%s carries the label but no link ties it to a poor household (%v)", p.Code, err)
			}
			if !supplied[p.ID] {
				t.Errorf("%s: no supplier link", p.Code)
			}
		}

		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		hs2, _ := db.Households(ctx, impact.HouseholdFilter{})
		ls2, _ := db.Links(ctx, impact.LinkFilter{})
		if diff := cmp.Diff(hs, hs2); diff != "" {
			t.Errorf("loading twice changed the households (-first +second):\n%s", diff)
		}
		if diff := cmp.Diff(ls, ls2); diff != "" {
			t.Errorf("loading twice changed the links (-first +second):\n%s", diff)
		}
	})
}
