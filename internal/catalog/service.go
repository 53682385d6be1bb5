package catalog

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/photo"
)

// Store is what the catalog rules need from storage.
type Store interface {
	// Categories returns the whole category tree, parents before children.
	Categories(ctx context.Context) ([]Category, error)
	// Product returns a product by code with its live variants and photos,
	// or a NotFound error.
	Product(ctx context.Context, code string) (Product, error)
	// ProductByID is Product by id.
	ProductByID(ctx context.Context, id int64) (Product, error)
	// Search lists the products a query selects.
	Search(ctx context.Context, q Query) (Page, error)
	// SaveProducts creates or updates products by code in one transaction,
	// with their variants (matched by SKU; variants left out are archived)
	// and search tokens, and records the changes; a SKU used by another
	// product is a Conflict. It returns the products' ids in order.
	SaveProducts(ctx context.Context, ps []Product, chs []Change) ([]int64, error)
	// SetHidden hides or shows a product and records the change.
	SetHidden(ctx context.Context, id int64, hidden bool, ch Change) error
	// SavePhoto stores a processed photo (idempotent by key) and appends it
	// to the product's photos unless it is there already.
	SavePhoto(ctx context.Context, productID int64, p *photo.Processed, ch Change) error
	// RemovePhoto detaches a photo from a product.
	RemovePhoto(ctx context.Context, productID int64, key string, ch Change) error
	// PhotoRendition returns the JPEG bytes of a photo at a width, or a
	// NotFound error.
	PhotoRendition(ctx context.Context, key string, width int) ([]byte, error)
	// Changes lists a product's recorded changes, newest first.
	Changes(ctx context.Context, productID int64) ([]Change, error)
	// StorePhoto stores a processed photo that belongs to no product (a
	// store's cover) with its renditions; storing the same photo again
	// changes nothing.
	StorePhoto(ctx context.Context, p *photo.Processed) error
	// PhotoWidths returns the widths stored for a photo, ascending.
	PhotoWidths(ctx context.Context, key string) ([]int, error)
	// PhotoSizes returns the stored sizes of the photos with the given
	// keys, by key; keys not stored are left out.
	PhotoSizes(ctx context.Context, keys []string) (map[string]Photo, error)
	// ProductSummaries returns the listed products among ids as listings
	// show them, in the order of ids, leaving out unknown and hidden ones.
	ProductSummaries(ctx context.Context, ids []int64) ([]Summary, error)
	// VariantBySKU returns the product holding the live variant sku, with
	// that variant alone in its Variants, or a NotFound error.
	VariantBySKU(ctx context.Context, sku string) (Product, error)
	// VariantsByID returns, by variant id, the products holding the
	// variants (archived ones included), each with its variant alone in
	// Variants and without photos; unknown ids are left out.
	VariantsByID(ctx context.Context, ids []int64) (map[int64]Product, error)
}

// Links tells whether benefit links tie a product to the poor households
// it helps (impact.Service implements it).
type Links interface {
	// PovertyLinked reports whether, at the given time, a live supplier
	// link covering the product, or a member link to the organization,
	// ties it to a household still poor. productID is 0 for a product
	// not stored yet.
	PovertyLinked(ctx context.Context, orgID, productID int64, at time.Time) (bool, error)
}

// Service carries out the catalog rules over a Store.
type Service struct {
	Store  Store
	Orgs   org.Store
	Points network.Store
	// Links, when set, adds the second condition of the
	// poverty-alleviation label: a live benefit link to a poor household.
	// Without it only the certificate is checked.
	Links Links
	Now   func() time.Time
}

// MaxPhotos is how many photos a product may have.
const MaxPhotos = 8

// Acting is the outcome of an authorization check: the organization the
// actor may list for, and the service point when a station operator acts
// on its behalf.
type Acting struct {
	Org     org.Organization
	PointID int64
}

// Authorize decides whether by may manage the listings of organization
// orgID: its sellers and the admins of its region may; so may the operator
// of a service station that serves the village of a household shop or
// village store, on that seller's behalf. Others are Forbidden (or
// Unauthorized for a guest).
func (s *Service) Authorize(ctx context.Context, by accounts.Actor, orgID int64) (Acting, error) {
	o, err := s.Orgs.OrganizationByID(ctx, orgID)
	if err != nil {
		return Acting{}, err
	}
	if by.ActsFor(o.ID, o.Region) {
		return Acting{Org: o}, nil
	}
	if by.Role == accounts.StationOperator && !by.Disabled && (o.Kind == org.HouseholdShop || o.Kind == org.VillageStore) {
		pt, err := s.Points.ServicePointByID(ctx, by.ServicePointID)
		if err != nil {
			return Acting{}, err
		}
		if pt.Kind.IsStation() && pt.ServesRegion(o.Region) {
			return Acting{Org: o, PointID: pt.ID}, nil
		}
	}
	return Acting{}, by.Require(false, "act.manage_products", o.Code)
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) change(by accounts.Actor, act Acting, productID int64, action string) Change {
	return Change{ProductID: productID, ActorID: by.ID, OrgID: act.Org.ID, PointID: act.PointID, Action: action, At: s.now()}
}

// categoryMap returns the categories by code.
func (s *Service) categoryMap(ctx context.Context) (map[string]Category, error) {
	cs, err := s.Store.Categories(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]Category, len(cs))
	for _, c := range cs {
		m[c.Code] = c
	}
	return m, nil
}

// checkReferences checks what a product refers to: a known category, and
// an origin inside the seller's county (or, for a station operator, inside
// the villages its station serves).
func (s *Service) checkReferences(ctx context.Context, p Product, act Acting, cats map[string]Category) error {
	if _, ok := cats[p.Category]; !ok {
		return errs.Field("category", "err.catalog.unknown_category", p.Category)
	}
	if county := act.Org.Region.County(); county != "" && !p.Origin.Within(county) {
		return errs.Field("origin_code", "err.catalog.origin_outside_county", p.Origin, county)
	}
	if act.PointID != 0 {
		pt, err := s.Points.ServicePointByID(ctx, act.PointID)
		if err != nil {
			return err
		}
		if !pt.ServesRegion(p.Origin) {
			return errs.Field("origin_code", "err.catalog.origin_not_served", p.Origin, pt.Code)
		}
	}
	return nil
}

// Save creates a product, or updates the one with the same code, on behalf
// of by, after checking permission, the product's own rules and its
// references. A station operator's listing is marked as listed via its
// station. Bad input is Invalid, a SKU of another product a Conflict.
func (s *Service) Save(ctx context.Context, by accounts.Actor, p Product) (Product, error) {
	ids, err := s.SaveAll(ctx, by, []Product{p})
	if err != nil {
		if pe, ok := err.(ProductErrors); ok && len(pe) == 1 {
			return Product{}, pe[0].Err
		}
		return Product{}, err
	}
	return s.Store.ProductByID(ctx, ids[0])
}

// SaveAll is Save for many products at once, all or nothing: if any is
// refused, none is saved, and the error is ProductErrors naming every
// refused product, in order, with its first refusal. An internal error
// stops the checks and is returned as it is.
func (s *Service) SaveAll(ctx context.Context, by accounts.Actor, ps []Product) ([]int64, error) {
	cats, err := s.categoryMap(ctx)
	if err != nil {
		return nil, err
	}
	chs := make([]Change, len(ps))
	ready := make([]Product, len(ps))
	var refused ProductErrors
	for i, p := range ps {
		if ready[i], chs[i], err = s.prepare(ctx, by, p, cats); err != nil {
			if errs.CodeOf(err) == errs.Internal {
				return nil, err
			}
			refused = append(refused, ProductError{Index: i, Err: err})
		}
	}
	if len(refused) > 0 {
		return nil, refused
	}
	ids, err := s.Store.SaveProducts(ctx, ready, chs)
	if err != nil {
		return nil, fmt.Errorf("catalog.SaveAll: %w", err)
	}
	return ids, nil
}

// ProductError is a refusal of the product at Index of a SaveAll batch.
type ProductError struct {
	Index int
	Err   error
}

// ProductErrors are the refusals of a SaveAll batch, in order. Its code
// (errs.CodeOf) is that of the first.
type ProductErrors []ProductError

// Error is the refusals in English, as a log shows them.
func (e ProductErrors) Error() string { return e.Localize(i18n.Embedded(), i18n.En) }

// Localize renders the refusals in l, each after the product's place in
// the batch.
func (e ProductErrors) Localize(c *i18n.Catalog, l i18n.Lang) string {
	msgs := make([]string, len(e))
	for i, pe := range e {
		msgs[i] = c.T(l, "err.catalog.batch_item", pe.Index+1, errs.MessageIn(pe.Err, c, l))
	}
	return strings.Join(msgs, " ")
}

// Reason is the reason of the first refusal.
func (e ProductErrors) Reason() string {
	if len(e) == 0 {
		return errs.ReasonInternal
	}
	return errs.Reason(e[0].Err)
}

// ErrorCode returns the code of the first refusal.
func (e ProductErrors) ErrorCode() errs.Code {
	if len(e) == 0 {
		return errs.Invalid
	}
	return errs.CodeOf(e[0].Err)
}

// prepare checks one product for saving by by and returns it with the
// fields the store keeps (listed-via) settled, and the change to record.
func (s *Service) prepare(ctx context.Context, by accounts.Actor, p Product, cats map[string]Category) (Product, Change, error) {
	act, err := s.Authorize(ctx, by, p.OrgID)
	if err != nil {
		return p, Change{}, err
	}
	var storedID int64 // 0 for a new product
	cur, err := s.Store.Product(ctx, p.Code)
	if err == nil {
		storedID = cur.ID
		if cur.OrgID != p.OrgID {
			return p, Change{}, errs.InField("product_code", errs.E(errs.Conflict, "err.catalog.code_taken", p.Code))
		}
		p.ListedVia = cur.ListedVia
	} else if !errs.Is(err, errs.NotFound) {
		return p, Change{}, err
	}
	if act.PointID != 0 {
		p.ListedVia = act.PointID
	}
	if err := p.Validate(s.now()); err != nil {
		return p, Change{}, err
	}
	if err := s.checkReferences(ctx, p, act, cats); err != nil {
		return p, Change{}, err
	}
	if err := s.checkPovertyLink(ctx, p, storedID); err != nil {
		return p, Change{}, err
	}
	return p, s.change(by, act, 0, "save"), nil
}

// checkPovertyLink refuses the poverty-alleviation label on a product
// that no live benefit link ties to a poor household (when s.Links is
// set). productID is the stored product's id, 0 for a new one, which only
// a member link to its organization can tie.
func (s *Service) checkPovertyLink(ctx context.Context, p Product, productID int64) error {
	if s.Links == nil || !p.Has(PovertyAlleviation) {
		return nil
	}
	ok, err := s.Links.PovertyLinked(ctx, p.OrgID, productID, s.now())
	if err != nil {
		return err
	}
	if !ok {
		return errs.Field("labels", "err.catalog.label_needs_link", p.Code)
	}
	return nil
}

// SetHidden hides a product from the mall or shows it again; showing
// re-checks the certificate, which may have expired meanwhile.
func (s *Service) SetHidden(ctx context.Context, by accounts.Actor, productID int64, hidden bool) error {
	p, err := s.Store.ProductByID(ctx, productID)
	if err != nil {
		return err
	}
	act, err := s.Authorize(ctx, by, p.OrgID)
	if err != nil {
		return err
	}
	action := "show"
	if hidden {
		action = "hide"
	} else if err := p.checkCertificate(s.now()); err != nil {
		return err
	} else if err := s.checkPovertyLink(ctx, p, p.ID); err != nil {
		return err
	}
	return s.Store.SetHidden(ctx, productID, hidden, s.change(by, act, productID, action))
}

// AddPhoto processes an uploaded photo (see photo.Process for what is
// refused) and attaches it to the product.
func (s *Service) AddPhoto(ctx context.Context, by accounts.Actor, productID int64, r io.Reader) (Photo, error) {
	p, err := s.Store.ProductByID(ctx, productID)
	if err != nil {
		return Photo{}, err
	}
	act, err := s.Authorize(ctx, by, p.OrgID)
	if err != nil {
		return Photo{}, err
	}
	if len(p.Photos) >= MaxPhotos {
		return Photo{}, errs.Field("photo", "err.photo.too_many", MaxPhotos)
	}
	pr, err := photo.Process(r, photo.MaxUploadBytes)
	if err != nil {
		return Photo{}, err
	}
	if err := s.Store.SavePhoto(ctx, productID, pr, s.change(by, act, productID, "add_photo")); err != nil {
		return Photo{}, fmt.Errorf("catalog.AddPhoto: %w", err)
	}
	return Photo{Key: pr.Key, Width: pr.Width, Height: pr.Height}, nil
}

// RemovePhoto detaches a photo from a product.
func (s *Service) RemovePhoto(ctx context.Context, by accounts.Actor, productID int64, key string) error {
	p, err := s.Store.ProductByID(ctx, productID)
	if err != nil {
		return err
	}
	act, err := s.Authorize(ctx, by, p.OrgID)
	if err != nil {
		return err
	}
	return s.Store.RemovePhoto(ctx, productID, key, s.change(by, act, productID, "remove_photo"))
}

// SellerProducts lists an organization's products, hidden ones included,
// for those who may manage them.
func (s *Service) SellerProducts(ctx context.Context, by accounts.Actor, orgID int64, q Query) (Page, error) {
	if _, err := s.Authorize(ctx, by, orgID); err != nil {
		return Page{}, err
	}
	q.OrgID = orgID
	q.WithHidden = true
	return s.Store.Search(ctx, q)
}

// OrgsServedBy returns the household shops and village stores a station
// operator may list for: those located in the villages its station serves.
func (s *Service) OrgsServedBy(ctx context.Context, by accounts.Actor) ([]org.Organization, error) {
	if err := by.Require(by.Role == accounts.StationOperator, "act.list_for_households"); err != nil {
		return nil, err
	}
	pt, err := s.Points.ServicePointByID(ctx, by.ServicePointID)
	if err != nil {
		return nil, err
	}
	var out []org.Organization
	for _, c := range pt.Serves {
		for _, k := range []org.Kind{org.HouseholdShop, org.VillageStore} {
			os, err := s.Orgs.Organizations(ctx, org.Filter{Within: c, Kind: k})
			if err != nil {
				return nil, err
			}
			out = append(out, os...)
		}
	}
	return out, nil
}
