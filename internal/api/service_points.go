package api

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/region"
)

// pointList lists service points, optionally ?within= a region and of
// ?kind=. The network is public: villagers look up their station.
func (h *Handler) pointList(w http.ResponseWriter, r *http.Request) error {
	var f network.Filter
	q := r.URL.Query()
	if s := q.Get("within"); s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return err
		}
		f.Within = c
	}
	if s := q.Get("kind"); s != "" {
		k, err := network.ParseKind(s)
		if err != nil {
			return err
		}
		f.Kind = k
	}
	ps, err := h.Points.ServicePoints(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(ps, toPoint))
}

func (h *Handler) pointGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Points.ServicePoint(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPoint(p))
}

type pointPatch struct {
	Kind       *network.Kind `json:"kind"`
	RegionCode *string       `json:"region_code"`
	Name       *i18n.Text    `json:"name"`
	Serves     *[]string     `json:"serves"`
}

// pointUpdate changes a service point; only the admins of its region may.
func (h *Handler) pointUpdate(w http.ResponseWriter, r *http.Request) error {
	var patch pointPatch
	if err := readJSON(r, &patch); err != nil {
		return err
	}
	p, err := h.Points.ServicePoint(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if patch.Kind != nil {
		p.Kind = *patch.Kind
	}
	if patch.RegionCode != nil {
		if p.Region, err = region.ParseCode(*patch.RegionCode); err != nil {
			return errs.InField("region_code", err)
		}
	}
	if patch.Name != nil {
		p.Name = *patch.Name
	}
	if patch.Serves != nil {
		p.Serves = nil
		for _, s := range *patch.Serves {
			c, err := region.ParseCode(s)
			if err != nil {
				return errs.InField("serves", err)
			}
			p.Serves = append(p.Serves, c)
		}
	}
	p, err = h.Network.Update(r.Context(), accounts.ActorFrom(r.Context()), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPoint(p))
}
