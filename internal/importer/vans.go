package importer

import (
	"context"
	"errors"
	"io"

	"maeul/internal/vans"
)

var vanSchema = Schema{
	Required: []string{"code", "base_code", "plate", "capacity_kg"},
}

// loadVans imports delivery vans: one row per van, created or updated by
// code through vans.Service.SaveVans (which checks each van's base and who
// may register it).
func loadVans(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Vans == nil {
		return 0, errors.New("importer: vans need the vans service")
	}
	ps := &problems{file: file}
	var vs []vans.Van
	var rows []*Row
	codes, plates := dupCheck{}, dupCheck{}
	var bad []bool // rows whose form is wrong, which the service need not check
	ok := read(ps, r, vanSchema, func(row *Row) {
		before := len(ps.list) + ps.more
		v := vans.Van{
			Code:     row.Required("code"),
			BaseCode: row.Required("base_code"),
			Plate:    row.Required("plate"),
		}
		codes.check(row, "code", v.Code)
		plates.check(row, "plate", v.Plate)
		if row.Required("capacity_kg") != "" {
			v.CapacityKg = row.Int("capacity_kg")
		}
		vs = append(vs, v)
		rows = append(rows, row)
		bad = append(bad, len(ps.list)+ps.more > before)
	})
	if !ok {
		return 0, ps.err()
	}
	if len(ps.list) > 0 {
		// The well-formed rows are checked too, so that one refusal lists
		// every problem; nothing is saved.
		var good []vans.Van
		var at []*Row
		for i, v := range vs {
			if !bad[i] {
				good, at = append(good, v), append(at, rows[i])
			}
		}
		if err := im.Vans.CheckVans(ctx, im.Actor, good); err != nil {
			return 0, batchProblems(ps, at, err)
		}
		return 0, ps.err()
	}
	if err := im.Vans.SaveVans(ctx, im.Actor, vs); err != nil {
		return 0, batchProblems(ps, rows, err)
	}
	return len(vs), nil
}
