package importer

import (
	"context"
	"io"

	"maeul/internal/region"
)

var regionSchema = Schema{
	Required: []string{"code", "parent_code", "level", "name_ko"},
	Optional: []string{"name_zh", "name_en", "rural", "poor"},
}

func loadRegions(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	ps := &problems{file: file}
	var rs []region.Region
	dups := dupCheck{}
	var parents refs
	defined := map[region.Code]bool{}
	ok := read(ps, r, regionSchema, func(row *Row) {
		reg := region.Region{
			Code:   parseRegionCode(row, "code"),
			Parent: parseRegionCode(row, "parent_code"),
			Name:   names(row),
			Rural:  row.Bool("rural"),
			Poor:   row.Bool("poor"),
		}
		if row.Get("code") == "" {
			row.Fail("code", "err.importer.empty")
		}
		dups.check(row, "code", string(reg.Code))
		lvl, err := region.ParseLevel(row.Get("level"))
		if err != nil {
			row.FailErr("level", err)
		}
		reg.Level = lvl
		if reg.Code != "" && lvl != "" {
			if err := reg.Validate(); err != nil {
				row.FailErr("", err)
			}
		}
		if reg.Parent != "" {
			parents.add(row, "parent_code", reg.Parent)
		}
		defined[reg.Code] = true
		rs = append(rs, reg)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := parents.check(ctx, im.Store, defined, "err.importer.parent_not_found"); err != nil {
		return 0, err
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	if err := im.Store.UpsertRegions(ctx, rs); err != nil {
		return 0, err
	}
	return len(rs), nil
}
