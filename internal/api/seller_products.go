package api

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
)

// The seller back office's product management. The caller comes from the
// session or bearer token; catalog.Service decides what it may do (its
// sellers, the admins of its region, and the station operators serving the
// village of a household shop or village store). An Idempotency-Key header
// is accepted and ignored: saving the same product twice changes nothing
// more.

// signedIn returns the caller, or an Unauthorized error for a guest, so
// that guests learn they must sign in before anything about their input.
func signedIn(r *http.Request) (accounts.Actor, error) {
	a := accounts.ActorFrom(r.Context())
	return a, a.Require(a.SignedIn(), "act.manage_products_any")
}

// sellerOrg returns the organization named by code, or the seller's own
// when code is empty. An unknown code is an Invalid error about field.
func (h *Handler) sellerOrg(r *http.Request, a accounts.Actor, field, code string) (org.Organization, error) {
	if code == "" {
		if a.Role != accounts.Seller || a.OrgID == 0 {
			return org.Organization{}, errs.Field(field, "err.api.which_org")
		}
		return h.OrgStore.OrganizationByID(r.Context(), a.OrgID)
	}
	o, err := h.OrgStore.Organization(r.Context(), code)
	if errs.Is(err, errs.NotFound) {
		return o, errs.Field(field, "err.org.unknown", code)
	}
	return o, err
}

// sellerProductList lists an organization's products, hidden ones
// included, with the same filters as /products.
func (h *Handler) sellerProductList(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	o, err := h.sellerOrg(r, a, "org", r.URL.Query().Get("org"))
	if err != nil {
		return err
	}
	if _, err := h.Catalog.Authorize(r.Context(), a, o.ID); err != nil {
		return err
	}
	q, err := h.productQuery(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	page, err := h.Catalog.SellerProducts(r.Context(), a, o.ID, q)
	if err != nil {
		return err
	}
	out, err := h.productPage(r.Context(), page)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// productRequest is the body that creates or replaces a product.
type productRequest struct {
	OrgCode     string           `json:"org_code"`
	Code        string           `json:"code"`
	Category    string           `json:"category"`
	OriginCode  string           `json:"origin_code"`
	Kind        string           `json:"kind"`
	Name        i18n.Text        `json:"name"`
	Description i18n.Text        `json:"description"`
	Labels      []string         `json:"labels"`
	Certificate *certificateJSON `json:"certificate"`
	Variants    []variantRequest `json:"variants"`
	// Hidden is honoured when creating; an existing product is hidden and
	// shown with its own calls.
	Hidden *bool `json:"hidden"`
}

type variantRequest struct {
	SKU      string    `json:"sku"`
	Name     i18n.Text `json:"name"`
	PriceFen int64     `json:"price_fen"`
	Stock    int       `json:"stock"`
}

// product returns the product the request describes for organization
// orgID, or an Invalid error naming the first field it cannot read. The
// catalog rules check the rest.
func (req productRequest) product(orgID int64) (catalog.Product, error) {
	p := catalog.Product{Code: req.Code, OrgID: orgID, Category: req.Category, Name: req.Name, Description: req.Description}
	var err error
	if req.OriginCode != "" {
		if p.Origin, err = region.ParseCode(req.OriginCode); err != nil {
			return p, asField("origin_code", err)
		}
	}
	if p.Kind, err = catalog.ParseKind(req.Kind); err != nil {
		return p, err
	}
	for _, s := range req.Labels {
		l, err := catalog.ParseLabel(s)
		if err != nil {
			return p, err
		}
		p.Labels = append(p.Labels, l)
	}
	if c := req.Certificate; c != nil {
		p.CertNo = c.Number
		if p.CertExpiry, err = catalog.ParseDate("cert_expiry", c.Expires); err != nil {
			return p, err
		}
	}
	for _, v := range req.Variants {
		p.Variants = append(p.Variants, catalog.Variant{SKU: v.SKU, Name: v.Name, Price: money.Fen(v.PriceFen), Stock: v.Stock})
	}
	if req.Hidden != nil {
		p.Hidden = *req.Hidden
	}
	return p, nil
}

// sellerProductCreate lists a new product. A code already in use, by this
// seller or another, is a Conflict: changing a product is a PUT.
func (h *Handler) sellerProductCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	var req productRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	o, err := h.sellerOrg(r, a, "org_code", req.OrgCode)
	if err != nil {
		return err
	}
	if _, err := h.Catalog.Authorize(ctx, a, o.ID); err != nil {
		return err
	}
	if _, err := h.Products.Product(ctx, req.Code); err == nil {
		return errs.InField("product_code", errs.E(errs.Conflict, "err.catalog.code_taken_api", req.Code))
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	p, err := req.product(o.ID)
	if err != nil {
		return err
	}
	saved, err := h.Catalog.Save(ctx, a, p)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/products/"+saved.Code)
	return h.writeProduct(w, r, http.StatusCreated, saved)
}

// sellerProductUpdate replaces a product: its fields and its variants,
// matched by SKU; live variants left out are archived. The code and the
// organization cannot change, and hidden is left as it is.
func (h *Handler) sellerProductUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	var req productRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	cur, err := h.Products.Product(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	act, err := h.Catalog.Authorize(ctx, a, cur.OrgID)
	if err != nil {
		return err
	}
	if req.Code != "" && req.Code != cur.Code {
		return errs.Field("product_code", "err.api.code_mismatch", req.Code, cur.Code)
	}
	if req.OrgCode != "" && req.OrgCode != act.Org.Code {
		return errs.Field("org_code", "err.api.org_move")
	}
	if req.Hidden != nil && *req.Hidden != cur.Hidden {
		return errs.Field("hidden", "err.api.hidden")
	}
	req.Code = cur.Code
	p, err := req.product(cur.OrgID)
	if err != nil {
		return err
	}
	p.Hidden = cur.Hidden
	saved, err := h.Catalog.Save(ctx, a, p)
	if err != nil {
		return err
	}
	return h.writeProduct(w, r, http.StatusOK, saved)
}

// sellerProductHide and sellerProductShow take a product off the mall and
// put it back; showing re-checks its certificate.
func (h *Handler) sellerProductHide(w http.ResponseWriter, r *http.Request) error {
	return h.setHidden(w, r, true)
}

func (h *Handler) sellerProductShow(w http.ResponseWriter, r *http.Request) error {
	return h.setHidden(w, r, false)
}

func (h *Handler) setHidden(w http.ResponseWriter, r *http.Request, hidden bool) error {
	ctx := r.Context()
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	cur, err := h.Products.Product(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := h.Catalog.SetHidden(ctx, a, cur.ID, hidden); err != nil {
		return err
	}
	p, err := h.Products.ProductByID(ctx, cur.ID)
	if err != nil {
		return err
	}
	return h.writeProduct(w, r, http.StatusOK, p)
}
