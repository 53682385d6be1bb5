// Package demo loads maeul's deterministic demonstration data: Jilin
// province, Yanbian prefecture with its eight counties and cities and a
// realistic set of towns and villages, organizations and service points of
// every kind, and one account per role.
//
// The data files in data/ are ordinary import files, so they double as
// examples of the import formats (docs/import-formats.md).
package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/consignment"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/importer"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/parcels"
	"maeul/internal/programme"
	"maeul/internal/promo"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/vans"
)

//go:embed data/*.csv
var files embed.FS

// Password is the password of every demo account. It is public: never
// load the demo data into a database that serves real users.
const Password = "maeul-demo"

// Account is one demo account.
type Account struct {
	Email     string
	Name      string
	Role      accounts.Role
	Scope     region.Code
	OrgCode   string
	PointCode string
}

// Accounts lists the demo accounts, one or more per role.
var Accounts = []Account{
	{Email: "prefecture@maeul.test", Name: "연변주 상무국", Role: accounts.PrefectureAdmin, Scope: "222400000000"},
	{Email: "county-wangqing@maeul.test", Name: "왕청현 봉사중심", Role: accounts.CountyAdmin, Scope: "222424000000"},
	{Email: "county-yanji@maeul.test", Name: "연길시 봉사중심", Role: accounts.CountyAdmin, Scope: "222401000000"},
	{Email: "seller-dongxing@maeul.test", Name: "동흥촌 상점", Role: accounts.Seller, OrgCode: "wq-dongxing-store"},
	{Email: "seller-yanji@maeul.test", Name: "연변쌀산업", Role: accounts.Seller, OrgCode: "yj-enterprise"},
	{Email: "station-dongxing@maeul.test", Name: "동흥촌 봉사점", Role: accounts.StationOperator, PointCode: "wq-dongxing-vstation"},
	{Email: "auditor@maeul.test", Name: "Auditor", Role: accounts.Auditor, Scope: "222400000000"},
	{Email: "shopper@maeul.test", Name: "김민지", Role: accounts.Shopper},
}

// Store is what loading the demo needs.
type Store interface {
	importer.Store
	accounts.Store
	catalog.Store
	org.Store
	network.Store
	region.Store
	impact.Store
	orders.Store
	programme.Store
	promo.Store
	consignment.Store
	stats.FigureStore
	stats.FactStore
	stats.ListingStore
	vans.Store
	vans.Parcels
	parcels.Store
	parcels.VanBases
	Holder
}

// Load writes the demo data set: regions, organizations and their stories,
// service points, the household register and benefit links, accounts and
// the catalog (without pictures: see LoadPhotos). It is idempotent:
// loading it into a database that already has it changes nothing
// (accounts, products and stories that exist are left as they are). Last come the demo's sales, paid, partly refunded and
// paid out as dividends (see sales.go), once.
func Load(ctx context.Context, st Store, accts *accounts.Service) error {
	imp := &impact.Service{Store: st, Orgs: st, Points: st, Regions: st, Products: st, Now: accts.Now}
	im := &importer.Importer{
		Store:     st,
		Catalog:   &catalog.Service{Store: st, Orgs: st, Points: st, Links: imp, Now: accts.Now},
		Impact:    imp,
		Programme: &programme.Service{Store: st, Regions: st, Orgs: st, Points: st, Now: accts.Now},
		Vans:      &vans.Service{Store: st, Points: st, Now: accts.Now},
		Actor:     accounts.SystemActor,
	}
	// The first write marks the database as holding the demo (see
	// Wanted), so that a load interrupted anywhere is finished by the
	// next serve --demo.
	if marked, err := st.Imported(ctx, marker); err != nil {
		return fmt.Errorf("demo.Load: %w", err)
	} else if !marked {
		if err := st.RecordImport(ctx, "demo", marker, "", 0); err != nil {
			return fmt.Errorf("demo.Load: %w", err)
		}
	}
	for _, kind := range []string{"regions", "organizations", "stations", "vans"} {
		b, err := files.ReadFile("data/" + kind + ".csv")
		if err != nil {
			return fmt.Errorf("demo.Load: %w", err)
		}
		if _, err := im.Apply(ctx, kind, importPrefix+kind+".csv", bytes.NewReader(b)); err != nil {
			return fmt.Errorf("demo.Load %s: %w", kind, err)
		}
	}
	// The register goes in before the catalog, whose poverty-alleviation
	// label needs it and the links (a fresh catalog goes in with the
	// links: see importProducts); the links are applied again after it
	// for a database that had the catalog already.
	if err := loadHouseholds(ctx, im); err != nil {
		return err
	}
	if err := loadCatalog(ctx, st, im); err != nil {
		return err
	}
	if err := loadLinks(ctx, im); err != nil {
		return err
	}
	for _, a := range Accounts {
		if _, _, err := st.UserByEmail(ctx, a.Email); err == nil {
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return fmt.Errorf("demo.Load: %w", err)
		}
		_, err := accts.AddUser(ctx, accounts.SystemActor, accounts.NewUser{
			Email: a.Email, Name: a.Name, Password: Password, Role: a.Role, Scope: a.Scope,
			OrgCode: a.OrgCode, PointCode: a.PointCode, Lang: i18n.Ko,
		})
		if err != nil {
			return fmt.Errorf("demo.Load account %s: %w", a.Email, err)
		}
	}
	if err := loadProgrammes(ctx, im, accts); err != nil {
		return err
	}
	now := time.Now()
	if accts.Now != nil {
		now = accts.Now()
	}
	// The batches come before the sales, which sell some of them; the
	// special prices after them, which bought at list prices.
	if err := loadBatches(ctx, st, now); err != nil {
		return err
	}
	if err := loadSales(ctx, st, accts, imp); err != nil {
		return err
	}
	if err := loadParcels(ctx, st, accts, now); err != nil {
		return err
	}
	if err := loadSpecials(ctx, st, now); err != nil {
		return err
	}
	return loadStatistics(ctx, st, now)
}

// importPrefix begins the file names of the demo's imports.
const importPrefix = "demo/"

// marker is the import run Load records first, which tells a database
// holding the demo, wholly or in part.
const marker = "demo/"

// Holder is what telling whether a database holds the demo needs.
type Holder interface {
	// Empty reports whether the database holds no regions.
	Empty(ctx context.Context) (bool, error)
	// Imported reports whether a file of that name was ever imported.
	Imported(ctx context.Context, file string) (bool, error)
}

// Wanted reports whether serve --demo loads the demo into the database:
// when it is empty, and when it holds the demo, wholly or in part, so that
// a load that was interrupted is finished by the next start (Load is
// idempotent, and LoadPhotos draws only the missing pictures). A database
// holding other data is left alone.
func Wanted(ctx context.Context, h Holder) (bool, error) {
	empty, err := h.Empty(ctx)
	if err != nil || empty {
		return empty, err
	}
	return h.Imported(ctx, marker)
}

// File returns the named demo data file ("regions.csv", …), for tests and
// documentation.
func File(name string) ([]byte, error) { return files.ReadFile("data/" + name) }
