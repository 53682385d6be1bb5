package importer

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
)

var linkSchema = Schema{
	Required: []string{"household_code", "org_code", "kind", "valid_from"},
	Optional: []string{"sku", "percent", "per_unit_fen", "shares", "valid_to"},
}

// linkUses tells which of the kind-specific columns each kind of link
// fills in: the others stay empty.
var linkUses = map[impact.LinkKind]map[string]bool{
	impact.Supplier: {"household_code": true, "sku": true, "percent": true, "per_unit_fen": true},
	impact.Member:   {"household_code": true, "shares": true},
	impact.Pool:     {"percent": true},
}

// loadLinks imports benefit links: one row per link, recorded through
// impact.Service.SaveLinks (which resolves the codes and checks the rules
// that need the database). Re-importing a link changes nothing; a row may
// move a link's end (valid_to), never its terms.
func loadLinks(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Impact == nil {
		return 0, errors.New("importer: links need the impact service")
	}
	ps := &problems{file: file}
	var links []impact.NewLink
	var rows []*Row
	seen := map[string]int{}
	ok := read(ps, r, linkSchema, func(row *Row) {
		nl := impact.NewLink{
			HouseholdCode: row.Get("household_code"),
			OrgCode:       row.Required("org_code"),
			SKU:           row.Get("sku"),
		}
		kind := row.Required("kind")
		if kind != "" {
			k, err := impact.ParseLinkKind(kind)
			if err != nil {
				row.FailErr("kind", err)
			}
			nl.Kind = k
		}
		if uses, ok := linkUses[nl.Kind]; ok {
			for _, col := range []string{"household_code", "sku", "percent", "per_unit_fen", "shares"} {
				if !uses[col] && row.Get(col) != "" {
					row.Fail(col, "err.importer.link_column", i18n.M("links.kind."+string(nl.Kind)))
				}
			}
			switch nl.Kind {
			case impact.Supplier:
				row.Required("household_code")
				row.Required("sku")
				if (row.Get("percent") == "") == (row.Get("per_unit_fen") == "") {
					row.Fail("percent", "err.importer.supplier_credit")
				}
			case impact.Member:
				row.Required("household_code")
				row.Required("shares")
			case impact.Pool:
				row.Required("percent")
			}
		}
		if s := row.Get("percent"); s != "" {
			bp, err := money.ParsePercent(s)
			if err != nil {
				row.FailErr("percent", err)
			}
			nl.PercentBP = bp
		}
		if s := row.Get("per_unit_fen"); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 || n > int64(money.Yuan(1_000_000)) {
				row.Fail("per_unit_fen", "err.importer.fen", s)
			}
			nl.PerUnit = money.Fen(n)
		}
		if s := row.Get("shares"); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				row.Fail("shares", "err.importer.shares", s)
			}
			nl.Shares = n
		}
		var err error
		if s := row.Required("valid_from"); s != "" {
			if nl.ValidFrom, err = catalog.ParseDate("valid_from", s); err != nil {
				row.FailErr("valid_from", err)
			}
		}
		if nl.ValidTo, err = catalog.ParseDate("valid_to", row.Get("valid_to")); err != nil {
			row.FailErr("valid_to", err)
		}
		if !nl.ValidFrom.IsZero() && !nl.ValidTo.IsZero() && nl.ValidTo.Before(nl.ValidFrom) {
			row.Fail("valid_to", "err.importer.link_ends_before", row.Get("valid_to"), row.Get("valid_from"))
		}
		key := strings.Join([]string{nl.HouseholdCode, nl.OrgCode, string(nl.Kind), nl.SKU, row.Get("valid_from")}, "\x00")
		if first, ok := seen[key]; ok {
			row.Fail("", "err.importer.same_link", first)
		} else {
			seen[key] = row.Line
		}
		links = append(links, nl)
		rows = append(rows, row)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	if _, err := im.Impact.SaveLinks(ctx, im.Actor, links); err != nil {
		return 0, batchProblems(ps, rows, err)
	}
	return len(links), nil
}
