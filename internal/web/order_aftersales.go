package web

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/orders"
	"maeul/internal/photo"
)

// maxRequestBody bounds a refund request's body: its photos at their
// largest and room for the fields and the multipart framing.
const maxRequestBody = aftersales.MaxPhotos*photo.MaxUploadBytes + 64<<10

// orderAfterSales is the after-sales part of the buyer's order page.
type orderAfterSales struct {
	Requests []requestView
	CanAsk   bool
	Form     askForm
}

// askForm is the refund request form, filled again after a refusal.
type askForm struct {
	Kinds   []aftersales.Kind
	Reasons []aftersales.Reason
	Lines   []askLine
	Kind    aftersales.Kind
	Reason  aftersales.Reason
	Note    string
	Error   string
	// MaxPhotos and MaxPhotoSize say what photos are accepted.
	MaxPhotos    int
	MaxPhotoSize string
}

type askLine struct {
	ID            int64
	Name, Variant i18n.Text
	Left, Want    int
}

// orderAfterSales reads an order's requests and prepares the form.
func (h *Handler) orderAfterSales(ctx context.Context, o orders.Order) (orderAfterSales, error) {
	a := accounts.ActorFrom(ctx)
	rs, err := h.AfterSales.ForOrder(ctx, a, o.ID)
	if err != nil {
		return orderAfterSales{}, err
	}
	d := orderAfterSales{CanAsk: h.AfterSales.CanAsk(a, o, rs), Form: askForm{
		Kinds: aftersales.Kinds, Reasons: aftersales.Reasons, Kind: aftersales.RefundOnly, Reason: aftersales.Damaged,
		MaxPhotos: aftersales.MaxPhotos, MaxPhotoSize: photo.MaxUploadText,
	}}
	if d.Requests, err = h.requestViews(ctx, rs, &o, h.Now()); err != nil {
		return d, err
	}
	for _, l := range o.Lines {
		if left := l.Qty - l.RefundedQty; left > 0 {
			d.Form.Lines = append(d.Form.Lines, askLine{ID: l.ID, Name: l.Name, Variant: l.VariantName, Left: left})
		}
	}
	return d, nil
}

// orderAskRefund records the buyer's refund or return request from the
// order page's multipart form: kind, reason, note, a quantity per line
// (qty.LINE_ID) and up to aftersales.MaxPhotos photos (photos). The
// order is checked to be the buyer's before the body is read; a body over
// maxRequestBody is answered 413, a request the rules refuse 422, both
// with the order page and the form as filled. Temporary files of the
// upload are removed when the handler returns.
func (h *Handler) orderAskRefund(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := h.buyerOrder(r)
	if err != nil {
		return err
	}
	l := langFrom(r)
	ask := aftersales.Ask{}
	refuse := func(status int, msg string) error {
		d, err := h.orderPage(ctx, o)
		if err != nil {
			return err
		}
		f := &d.AfterSales.Form
		f.Error, f.Note = msg, ask.Note
		if ask.Kind != "" {
			f.Kind = ask.Kind
		}
		if ask.Reason != "" {
			f.Reason = ask.Reason
		}
		for i := range f.Lines {
			for _, al := range ask.Lines {
				if al.LineID == f.Lines[i].ID {
					f.Lines[i].Want = max(al.Qty, 0)
				}
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		return h.render(w, r, status, "order", page{Title: h.cat.T(l, "order.title", o.ID), NavArea: "orders", Data: d})
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	err = r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return refuse(http.StatusRequestEntityTooLarge, h.cat.T(l, "aftersales.err.too_large", photo.MaxUploadText))
	case err != nil:
		return refuse(http.StatusBadRequest, h.cat.T(l, "seller.upload.broken"))
	}
	ask.Kind = aftersales.Kind(r.PostFormValue("kind"))
	ask.Reason = aftersales.Reason(r.PostFormValue("reason"))
	ask.Note = strings.TrimSpace(truncate(600, r.PostFormValue("note")))
	for k, vs := range r.PostForm {
		idStr, ok := strings.CutPrefix(k, "qty.")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		id, err := strconv.ParseInt(idStr, 10, 64)
		if err != nil {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vs[0]))
		if err != nil {
			n = -1 // the rules refuse it with the reason
		}
		ask.Lines = append(ask.Lines, aftersales.Line{LineID: id, Qty: n})
	}
	var photos []io.Reader
	for _, fh := range r.MultipartForm.File["photos"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // an empty file input
		}
		f, err := fh.Open()
		if err != nil {
			return refuse(http.StatusBadRequest, h.cat.T(l, "seller.upload.broken"))
		}
		defer func(f multipart.File) { f.Close() }(f)
		photos = append(photos, f)
	}
	_, err = h.AfterSales.Ask(ctx, accounts.ActorFrom(ctx), o.ID, ask, photos)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		return refuse(http.StatusUnprocessableEntity, h.message(r, err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/orders/"+strconv.FormatInt(o.ID, 10)+"?notice=aftersales.notice.asked#aftersales")
}
