package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/region"
)

// sellerProductCreate saves a new product for the organization the request
// names (or the seller's own). An empty code is made from the English name
// or the organization's code; a code already in use is refused rather than
// overwriting that product.
func (h *Handler) sellerProductCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	d := sellerProductForm{Office: o, New: true}
	d.Product, d.Rows, d.CertExpiry, d.Errors = h.sellerParseProduct(r)
	d.Product.OrgID = o.Org.ID
	ctx := r.Context()
	typed := d.Product.Code != ""
	if !typed {
		d.Product.Code = h.sellerNewCode(r, d.Product.Name, o.Org.Code)
	}
	if _, err := h.Products.Product(ctx, d.Product.Code); err == nil {
		if !typed {
			d.Product.Code = fmt.Sprintf("%s-%d", strings.TrimRight(sellerTrim(d.Product.Code, 48), "-"), h.Now().UnixMilli()%1e6)
		} else {
			d.Errors["code"] = h.cat.T(langFrom(r), "seller.product.code_taken")
		}
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	sellerFillSKUs(d.Product.Code, d.Product.Variants, d.Rows)
	return h.sellerSave(w, r, d, false)
}

// sellerProductUpdate saves the form of an existing product, to those who
// may manage it.
func (h *Handler) sellerProductUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	cur, act, err := h.Catalog.SellerProduct(ctx, a, r.PathValue("code"))
	if err != nil {
		return err
	}
	o, err := h.sellerOfficeFor(ctx, a, act)
	if err != nil {
		return err
	}
	d := sellerProductForm{Office: o}
	d.Product, d.Rows, d.CertExpiry, d.Errors = h.sellerParseProduct(r)
	d.Product.ID, d.Product.Code, d.Product.OrgID = cur.ID, cur.Code, cur.OrgID
	sellerFillSKUs(cur.Code, d.Product.Variants, d.Rows)
	return h.sellerSave(w, r, d, cur.Hidden)
}

// sellerSave checks the typed variants, saves the product through the
// catalog service, and shows or hides it as the form asks. Refusals are
// shown on the form beside the field the error names; nothing is saved
// then.
func (h *Handler) sellerSave(w http.ResponseWriter, r *http.Request, d sellerProductForm, wasHidden bool) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	for i, v := range d.Product.Variants {
		row := &d.Rows[i] // rows and variants are parsed in step
		if row.Error != "" {
			continue
		}
		if err := catalog.ValidSKU(v.SKU); err != nil {
			row.Error = h.message(r, err)
		} else if err := v.Validate(); err != nil {
			row.Error = h.message(r, err)
		}
	}
	for _, row := range d.Rows {
		if row.Error != "" {
			d.Errors["variants"] = h.cat.T(langFrom(r), "seller.variants.fix")
		}
	}
	if len(d.Errors) > 0 {
		return h.renderSellerProduct(w, r, http.StatusUnprocessableEntity, d)
	}
	hidden := d.Product.Hidden
	saved, err := h.Catalog.Save(ctx, a, d.Product)
	if c := errs.CodeOf(err); c == errs.Invalid || c == errs.Conflict {
		h.sellerPlaceError(r, &d, err)
		return h.renderSellerProduct(w, r, c.HTTPStatus(), d)
	}
	if err != nil {
		return err
	}
	// Saving creates a product hidden or shown as asked but leaves an
	// existing product's visibility alone; that is its own action.
	if !d.New && hidden != wasHidden {
		if err := h.Catalog.SetHidden(ctx, a, saved.ID, hidden); errs.Is(err, errs.Invalid) {
			d.Product.Hidden = wasHidden
			h.sellerPlaceError(r, &d, err)
			return h.renderSellerProduct(w, r, http.StatusUnprocessableEntity, d)
		} else if err != nil {
			return err
		}
	}
	return redirect(w, r, d.Office.URL("/seller/products/"+saved.Code, "notice", "seller.notice.saved"))
}

// sellerPlaceError puts a refusal beside the form field its error names: a
// variant's fields on the row with the SKU the message names, others by
// the field's name, and anything else in the summary.
func (h *Handler) sellerPlaceError(r *http.Request, d *sellerProductForm, err error) {
	if d.Errors == nil {
		d.Errors = map[string]string{}
	}
	msg := h.message(r, err)
	var e *errs.Error
	field := ""
	if errors.As(err, &e) {
		field = e.Field
	}
	switch field {
	case "sku", "price", "stock", "variant_ko":
		// A variant's refusal names its SKU among its arguments.
		for i := range d.Rows {
			if d.Rows[i].SKU != "" && slices.Contains(e.Args, any(d.Rows[i].SKU)) {
				d.Rows[i].Error = msg
				d.Errors["variants"] = h.cat.T(langFrom(r), "seller.variants.fix")
				return
			}
		}
		d.Errors["variants"] = msg
	case "product_code":
		d.Errors["code"] = msg
	case "variants", "category", "origin_code", "kind", "name_ko", "labels", "cert_no", "cert_expiry":
		d.Errors[field] = msg
	default:
		d.Error = msg
	}
}

// sellerParseProduct reads the product form as typed, with the problems of
// reading it (not of the rules, which the service checks) by field. Rows
// left wholly empty are dropped: that is how a variant is removed.
func (h *Handler) sellerParseProduct(r *http.Request) (catalog.Product, []sellerVariantRow, string, map[string]string) {
	l := langFrom(r)
	problems := map[string]string{}
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	p := catalog.Product{
		Code:        strings.ToLower(get("code")),
		Category:    get("category"),
		Name:        i18n.Text{Ko: get("name_ko"), Zh: get("name_zh"), En: get("name_en")},
		Description: i18n.Text{Ko: get("description_ko"), Zh: get("description_zh"), En: get("description_en")},
		CertNo:      get("cert_no"),
		Hidden:      r.PostFormValue("hidden") != "",
	}
	if p.Code != "" {
		if err := catalog.ValidCode(p.Code); err != nil {
			problems["code"] = h.message(r, err)
		}
	}
	var err error
	if p.Kind, err = catalog.ParseKind(get("kind")); err != nil {
		problems["kind"] = h.message(r, err)
	}
	if s := get("origin_code"); s != "" {
		if p.Origin, err = region.ParseCode(s); err != nil {
			problems["origin_code"] = h.message(r, err)
		}
	}
	for _, s := range r.PostForm["labels"] {
		lb, err := catalog.ParseLabel(s)
		if err != nil {
			problems["labels"] = h.message(r, err)
			continue
		}
		if !p.Has(lb) {
			p.Labels = append(p.Labels, lb)
		}
	}
	expiry := get("cert_expiry")
	if p.CertExpiry, err = catalog.ParseDate("cert_expiry", expiry); err != nil {
		problems["cert_expiry"] = h.message(r, err)
	}

	col := func(k string, i int) string {
		if vs := r.PostForm[k]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	n := 0
	for _, k := range []string{"sku", "vko", "vzh", "ven", "price", "stock"} {
		n = max(n, len(r.PostForm[k]))
	}
	n = min(n, 200)
	var rows []sellerVariantRow
	for i := range n {
		row := sellerVariantRow{SKU: strings.ToUpper(col("sku", i)), Ko: col("vko", i), Zh: col("vzh", i), En: col("ven", i),
			Price: col("price", i), Stock: col("stock", i)}
		if row == (sellerVariantRow{}) {
			continue // an empty row, or a variant cleared to remove it
		}
		v := catalog.Variant{SKU: row.SKU, Name: i18n.Text{Ko: row.Ko, Zh: row.Zh, En: row.En}}
		switch f, err := money.Parse(row.Price); {
		case row.Price == "":
			row.Error = h.cat.T(l, "seller.variants.price_missing")
		case err != nil:
			row.Error = h.message(r, err)
		default:
			v.Price = f
		}
		if row.Stock != "" {
			s, err := strconv.Atoi(row.Stock)
			if err != nil && row.Error == "" {
				row.Error = h.cat.T(l, "seller.variants.stock_bad", row.Stock)
			}
			v.Stock = s
		}
		rows = append(rows, row)
		p.Variants = append(p.Variants, v)
	}
	return p, rows, expiry, problems
}

// sellerFillSKUs gives the variants typed without a SKU one made from the
// product code and the row's number, unused by the other rows.
func sellerFillSKUs(code string, vs []catalog.Variant, rows []sellerVariantRow) {
	used := map[string]bool{}
	for _, v := range vs {
		used[v.SKU] = true
	}
	base := sellerTrim(strings.ToUpper(sellerSlug(code)), 34)
	if base == "" {
		base = "SKU"
	}
	n := 1
	for i := range vs {
		if vs[i].SKU != "" {
			continue
		}
		for used[fmt.Sprintf("%s-%d", base, n)] {
			n++
		}
		vs[i].SKU = fmt.Sprintf("%s-%d", base, n)
		used[vs[i].SKU] = true
		rows[i].SKU = vs[i].SKU
	}
}

// sellerNewCode makes a product code from the English name, or else from
// the organization's code and the time.
func (h *Handler) sellerNewCode(r *http.Request, name i18n.Text, orgCode string) string {
	if s := sellerSlug(name.En); len(s) >= 3 {
		return sellerTrim(s, 56)
	}
	return sellerTrim(sellerSlug(orgCode), 44) + "-" + strconv.FormatInt(h.Now().UnixMilli(), 36)
}

// sellerSlug lower-cases s and keeps its ASCII letters and digits, joining the
// runs with '-'.
func sellerSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// sellerTrim cuts an ASCII string to at most n bytes without a trailing '-'.
func sellerTrim(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.TrimRight(s, "-")
}
