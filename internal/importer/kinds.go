package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/programme"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/vans"
)

// Store is what the imports need from storage.
type Store interface {
	MissingRegions(ctx context.Context, codes []region.Code) ([]region.Code, error)
	UpsertRegions(ctx context.Context, rs []region.Region) error
	UpsertOrganizations(ctx context.Context, os []org.Organization) error
	UpsertServicePoints(ctx context.Context, ps []network.ServicePoint) error
	// RecordImport notes a successful import for the audit trail.
	RecordImport(ctx context.Context, kind, file, sha256 string, rows int) error
}

// Importer imports files on behalf of an actor.
type Importer struct {
	Store Store
	// Catalog checks and saves products (the products kind).
	Catalog *catalog.Service
	// Impact checks and saves the household register and the benefit
	// links (the households and links kinds).
	Impact *impact.Service
	// Programme checks and saves the programme registers (the
	// designations and pairings kinds).
	Programme *programme.Service
	// Stats checks and saves the statistics: the reported figures (the
	// figures kind).
	Stats *stats.Service
	// Vans checks and saves the delivery vans (the vans kind).
	Vans *vans.Service
	// Actor is who imports: the command line's system actor, or a seller
	// uploading a product file in the back office. Reference data
	// (regions, organizations, stations) and the impact registers
	// (households, links) need the system.
	Actor accounts.Actor
}

// Kind is one kind of file and how to import it.
type Kind struct {
	Name   string
	Schema Schema
	// load reads and checks the file, then writes it in one transaction,
	// returning how many rows it held.
	load func(ctx context.Context, im *Importer, file string, r io.Reader) (int, error)
}

// Kinds lists the importable kinds by name.
var Kinds = map[string]Kind{
	"regions":       {Name: "regions", Schema: regionSchema, load: loadRegions},
	"organizations": {Name: "organizations", Schema: orgSchema, load: loadOrganizations},
	"stations":      {Name: "stations", Schema: stationSchema, load: loadStations},
	"products":      {Name: "products", Schema: productSchema, load: loadProducts},
	"households":    {Name: "households", Schema: householdSchema, load: loadHouseholds},
	"links":         {Name: "links", Schema: linkSchema, load: loadLinks},
	"designations":  {Name: "designations", Schema: designationSchema, load: loadDesignations},
	"pairings":      {Name: "pairings", Schema: pairingSchema, load: loadPairings},
	"figures":       {Name: "figures", Schema: figureSchema, load: loadFigures},
	"sales":         {Name: "sales", Schema: salesSchema, load: loadSales},
	"listings":      {Name: "listings", Schema: listingSchema, load: loadListings},
	"vans":          {Name: "vans", Schema: vanSchema, load: loadVans},
}

// KindNames returns the importable kinds' names, sorted.
func KindNames() []string {
	names := make([]string, 0, len(Kinds))
	for n := range Kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Import reads file (its name is used in messages) as the named kind and
// writes it all or nothing. It returns the number of rows imported; a bad
// file is an *Error listing its problems, and nothing is written.
func (im *Importer) Import(ctx context.Context, kind, file string, r io.Reader) (int, error) {
	h := sha256.New()
	n, err := im.Apply(ctx, kind, file, io.TeeReader(r, h))
	if err != nil {
		return 0, err
	}
	if err := im.Store.RecordImport(ctx, kind, file, hex.EncodeToString(h.Sum(nil)), n); err != nil {
		return n, fmt.Errorf("importer.Import: %w", err)
	}
	return n, nil
}

// Apply is Import without the audit-trail record, for data that ships
// with the binary (the demo set), so that loading it twice changes
// nothing.
func (im *Importer) Apply(ctx context.Context, kind, file string, r io.Reader) (int, error) {
	k, ok := Kinds[kind]
	if !ok {
		return 0, errs.E(errs.Invalid, "err.importer.unknown_kind", kind, strings.Join(KindNames(), ", "))
	}
	// Sellers import their products, sales and listings, admins those of their
	// area: the services check who may; the rest is the operator's.
	if kind != "products" && kind != "sales" && kind != "listings" {
		if err := im.Actor.Require(im.Actor.System, "act.import", kind); err != nil {
			return 0, err
		}
	}
	return k.load(ctx, im, file, r)
}

// dupCheck reports codes seen twice in one file.
type dupCheck map[string]int

func (d dupCheck) check(row *Row, col, code string) {
	if code == "" {
		return
	}
	if first, ok := d[code]; ok {
		row.Fail(col, "err.importer.duplicate_code", code, first)
		return
	}
	d[code] = row.Line
}

// refs collects region codes a file refers to, with where, so that the
// ones missing from both the file and the database are reported at their
// lines.
type refs struct {
	at map[region.Code][]refAt
}

type refAt struct {
	row *Row
	col string
}

func (rf *refs) add(row *Row, col string, c region.Code) {
	if rf.at == nil {
		rf.at = map[region.Code][]refAt{}
	}
	rf.at[c] = append(rf.at[c], refAt{row, col})
}

// check reports every referenced code that is neither in defined nor
// stored, with the message key missing (whose argument is the code).
func (rf *refs) check(ctx context.Context, st Store, defined map[region.Code]bool, missingKey string) error {
	var ask []region.Code
	for c := range rf.at {
		if !defined[c] {
			ask = append(ask, c)
		}
	}
	if len(ask) == 0 {
		return nil
	}
	missing, err := st.MissingRegions(ctx, ask)
	if err != nil {
		return err
	}
	for _, c := range missing {
		for _, a := range rf.at[c] {
			a.row.Fail(a.col, missingKey, c)
		}
	}
	return nil
}

func parseRegionCode(row *Row, col string) region.Code {
	s := row.Get(col)
	if s == "" {
		return ""
	}
	c, err := region.ParseCode(s)
	if err != nil {
		row.FailErr(col, err)
	}
	return c
}

func names(row *Row) i18n.Text {
	return i18n.Text{Ko: row.Get("name_ko"), Zh: row.Get("name_zh"), En: row.Get("name_en")}
}
