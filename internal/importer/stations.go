package importer

import (
	"context"
	"io"
	"strings"

	"maeul/internal/network"
	"maeul/internal/region"
)

var stationSchema = Schema{
	Required: []string{"code", "kind", "region_code", "name_ko"},
	Optional: []string{"name_zh", "name_en", "serves", "status"},
}

func loadStations(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	ps := &problems{file: file}
	var points []network.ServicePoint
	dups := dupCheck{}
	var regions refs
	ok := read(ps, r, stationSchema, func(row *Row) {
		p := network.ServicePoint{
			Code:   row.Required("code"),
			Region: parseRegionCode(row, "region_code"),
			Name:   names(row),
		}
		dups.check(row, "code", p.Code)
		k, err := network.ParseKind(row.Get("kind"))
		if err != nil {
			row.FailErr("kind", err)
		}
		p.Kind = k
		st, err := network.ParseStatus(row.Get("status"))
		if err != nil {
			row.FailErr("status", err)
		}
		p.Status = st
		if row.Required("region_code") != "" && p.Region != "" {
			regions.add(row, "region_code", p.Region)
		}
		for _, s := range strings.Split(row.Get("serves"), ";") {
			if strings.TrimSpace(s) == "" {
				continue
			}
			c, err := region.ParseCode(s)
			if err != nil {
				row.FailErr("serves", err)
				continue
			}
			regions.add(row, "serves", c)
			p.Serves = append(p.Serves, c)
		}
		if p.Code != "" && k != "" && p.Region != "" {
			if err := p.Validate(); err != nil {
				row.FailErr("", err)
			}
		}
		points = append(points, p)
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
	if err := im.Store.UpsertServicePoints(ctx, points); err != nil {
		return 0, err
	}
	return len(points), nil
}
