package api

import (
	"net/http"

	"maeul/internal/region"
)

// regionList lists the regions under ?parent= (the provinces without it),
// with their counts.
func (h *Handler) regionList(w http.ResponseWriter, r *http.Request) error {
	var parent region.Code
	if s := r.URL.Query().Get("parent"); s != "" {
		var err error
		if parent, err = region.ParseCode(s); err != nil {
			return err
		}
		if _, err := h.Regions.Region(r.Context(), parent); err != nil {
			return err
		}
	}
	kids, err := h.Regions.Children(r.Context(), parent)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(kids, func(s region.Summary) regionSummaryJSON {
		return regionSummaryJSON{regionJSON: toRegion(s.Region), Children: s.Children, Organizations: s.Organizations, ServicePoints: s.ServicePoints}
	}))
}

// regionGet returns one region.
func (h *Handler) regionGet(w http.ResponseWriter, r *http.Request) error {
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil {
		return err
	}
	reg, err := h.Regions.Region(r.Context(), code)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toRegion(reg))
}
