package api

import (
	"net/http"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// Machines' API keys (accounts.KeyService holds every rule): the admins of
// a region create and revoke keys for its service points, its overseers
// list them. The whole key is in the creation's answer only.

type apiKeyJSON struct {
	ID         int64          `json:"id"`
	Prefix     string         `json:"prefix"`
	Name       string         `json:"name"`
	RegionCode region.Code    `json:"region_code"`
	Points     []keyPointJSON `json:"points"`
	CreatedAt  time.Time      `json:"created_at"`
	RevokedAt  *time.Time     `json:"revoked_at,omitempty"`
}

type keyPointJSON struct {
	Code string    `json:"code"`
	Name i18n.Text `json:"name"`
}

func toAPIKey(k accounts.APIKey) apiKeyJSON {
	j := apiKeyJSON{ID: k.ID, Prefix: k.Prefix, Name: k.Name, RegionCode: k.Region, Points: make([]keyPointJSON, 0, len(k.Points)),
		CreatedAt: k.CreatedAt}
	for _, p := range k.Points {
		j.Points = append(j.Points, keyPointJSON{Code: p.Code, Name: p.Name})
	}
	if k.Revoked() {
		j.RevokedAt = &k.RevokedAt
	}
	return j
}

// apiKeyList answers GET /api-keys: the keys managed within ?region= (the
// caller's scope by default), newest first.
func (h *Handler) apiKeyList(w http.ResponseWriter, r *http.Request) error {
	within, err := queryRegion(r)
	if err != nil {
		return err
	}
	ks, err := h.Keys.List(r.Context(), accounts.ActorFrom(r.Context()), within)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(ks, toAPIKey))
}

type apiKeyInput struct {
	Name   string   `json:"name"`
	Points []string `json:"points"`
}

type apiKeyCreated struct {
	Key apiKeyJSON `json:"key"`
	// Token is the whole key, to send as "Authorization: Bearer TOKEN";
	// it is shown here once and never again.
	Token string `json:"token"`
}

// apiKeyCreate answers POST /api-keys: a new key for the service points
// named (201), with its token.
func (h *Handler) apiKeyCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiKeyInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	k, token, err := h.Keys.Create(r.Context(), accounts.ActorFrom(r.Context()), accounts.NewKey{Name: in.Name, Points: in.Points})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusCreated, apiKeyCreated{Key: toAPIKey(k), Token: token})
}

// apiKeyRevoke answers POST /api-keys/{id}/revoke: the key stops working
// at once; revoking it again changes nothing.
func (h *Handler) apiKeyRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "err.machines.key_not_found", r.PathValue("id"))
	}
	k, err := h.Keys.Revoke(r.Context(), accounts.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toAPIKey(k))
}
