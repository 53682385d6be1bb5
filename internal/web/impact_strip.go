package web

import (
	"context"

	"maeul/internal/impact"
)

// impactStrip is the home page's small impact strip: what the year's
// sales have added to the prefecture's registered poor households, linked
// to the impact pages. Aggregates only; it depends on the data alone, so
// it is cached with the home page.
type impactStrip struct {
	Year    string
	Figures impact.Figures
}

// homeImpact reads the strip: this year's figures of the prefecture.
func (h *Handler) homeImpact(ctx context.Context) (impactStrip, error) {
	if h.Impact == nil {
		return impactStrip{}, nil
	}
	p, err := impact.PeriodAt(impact.ThisYear, h.Now())
	if err != nil {
		return impactStrip{}, err
	}
	f, err := h.Impact.RegionFiguresOver(ctx, string(h.Home), p)
	if err != nil {
		return impactStrip{}, err
	}
	return impactStrip{Year: p.Text, Figures: f}, nil
}
