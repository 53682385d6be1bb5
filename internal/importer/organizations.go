package importer

import (
	"context"
	"io"

	"maeul/internal/org"
)

var orgSchema = Schema{
	Required: []string{"code", "kind", "region_code", "name_ko"},
	Optional: []string{"name_zh", "name_en", "leading"},
}

func loadOrganizations(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	ps := &problems{file: file}
	var os []org.Organization
	dups := dupCheck{}
	var regions refs
	ok := read(ps, r, orgSchema, func(row *Row) {
		o := org.Organization{
			Code:    row.Required("code"),
			Region:  parseRegionCode(row, "region_code"),
			Name:    names(row),
			Leading: row.Bool("leading"),
		}
		dups.check(row, "code", o.Code)
		k, err := org.ParseKind(row.Get("kind"))
		if err != nil {
			row.FailErr("kind", err)
		}
		o.Kind = k
		if row.Required("region_code") != "" && o.Region != "" {
			regions.add(row, "region_code", o.Region)
		}
		if o.Code != "" && k != "" {
			if err := o.Validate(); err != nil {
				row.FailErr("", err)
			}
		}
		os = append(os, o)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := regions.check(ctx, im.Store, nil, "err.region.not_found"); err != nil {
		return 0, err
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	if err := im.Store.UpsertOrganizations(ctx, os); err != nil {
		return 0, err
	}
	return len(os), nil
}
