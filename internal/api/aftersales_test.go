package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

type requestOut struct {
	ID       int64  `json:"id"`
	OrderID  int64  `json:"order_id"`
	OrgCode  string `json:"org_code"`
	Kind     string `json:"kind"`
	Status   string `json:"status"`
	Answer   string `json:"answer"`
	RefundID int64  `json:"refund_id"`
	Lines    []struct {
		LineID int64 `json:"line_id"`
		Qty    int   `json:"qty"`
	} `json:"lines"`
}

// TestAfterSalesThroughTheAPI asks for a return of one of two trays of a
// packed order, has it refused, asks again and has it accepted: the
// order's refund is the plan's, once, and strangers are kept out.
func TestAfterSalesThroughTheAPI(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			dongxing := signedIn(t, env, "seller-dongxing@maeul.test")
			yanji := signedIn(t, env, "seller-yanji@maeul.test")
			stranger := signedIn(t, env, "canteen@maeul.test")

			add(t, shopper, eggs30, 2)
			co := checkout(t, shopper, sandboxCheckout(nil))
			pay(t, shopper, co)
			o := co.byOrg(t, "wq-dongxing-store")
			path := fmt.Sprintf("/api/v1/orders/%d/aftersales", o.ID)
			ask := map[string]any{"kind": "return", "reason": "damaged", "note": "one tray crushed",
				"lines": []map[string]any{{"line_id": o.Lines[0].ID, "qty": 1}}}

			wantError(t, "asking before the store packs", send(t, shopper, http.MethodPost, path, ask, nil), 409, "conflict")
			wantStatus(t, "packing", send(t, dongxing, http.MethodPost, fmt.Sprintf("/api/v1/seller/orders/%d/pack", o.ID), nil, nil), 200)
			wantError(t, "someone else's order", send(t, stranger, http.MethodPost, path, ask, nil), 404, "not_found")
			tooMany := map[string]any{"kind": "refund", "reason": "missing", "lines": []map[string]any{{"line_id": o.Lines[0].ID, "qty": 3}}}
			wantField(t, "more units than bought", send(t, shopper, http.MethodPost, path, tooMany, nil), 422, "invalid", "lines")

			var first requestOut
			wantStatus(t, "asking", send(t, shopper, http.MethodPost, path, ask, &first), 201)
			if first.Status != "open" || first.OrgCode != "wq-dongxing-store" || len(first.Lines) != 1 || first.Lines[0].Qty != 1 {
				t.Fatalf("request: %+v", first)
			}
			wantError(t, "another seller refusing", send(t, yanji, http.MethodPost, fmt.Sprintf("/api/v1/seller/aftersales/%d/refuse", first.ID), map[string]any{"reason": "no"}, nil), 404, "not_found")
			var refused requestOut
			wantStatus(t, "refusing", send(t, dongxing, http.MethodPost, fmt.Sprintf("/api/v1/seller/aftersales/%d/refuse", first.ID), map[string]any{"reason": "no photo of the tray"}, &refused), 200)
			if refused.Status != "refused" || refused.Answer != "no photo of the tray" {
				t.Errorf("refused request: %+v", refused)
			}

			var second requestOut
			wantStatus(t, "asking again", send(t, shopper, http.MethodPost, path, ask, &second), 201)
			var list struct{ Items []requestOut }
			wantStatus(t, "the store's open requests", send(t, dongxing, http.MethodGet, "/api/v1/seller/aftersales?open=true", nil, &list), 200)
			if len(list.Items) != 1 || list.Items[0].ID != second.ID {
				t.Errorf("the store's open requests: %+v", list.Items)
			}
			var accepted struct {
				Request requestOut `json:"request"`
				Refund  struct {
					TotalFen int64 `json:"total_fen"`
				} `json:"refund"`
			}
			acceptPath := fmt.Sprintf("/api/v1/seller/aftersales/%d/accept", second.ID)
			wantStatus(t, "accepting", keyed(t, dongxing, http.MethodPost, acceptPath, map[string]any{"restock": true}, &accepted), 200)
			if accepted.Request.Status != "accepted" || accepted.Request.RefundID == 0 || accepted.Refund.TotalFen != 4990 {
				t.Errorf("accepted: %+v", accepted)
			}
			wantError(t, "accepting again", keyed(t, dongxing, http.MethodPost, acceptPath, map[string]any{"restock": true}, nil), 409, "conflict")
			after := getOrder(t, shopper, o.ID)
			if after.RefundedFen != 4990 || after.RefundState != "partially_refunded" || after.Lines[0].RefundedQty != 1 {
				t.Errorf("order after acceptance: %+v", after)
			}
			var mine struct{ Items []requestOut }
			wantStatus(t, "the order's requests", send(t, shopper, http.MethodGet, path, nil, &mine), 200)
			if len(mine.Items) != 2 || mine.Items[0].Status != "accepted" || mine.Items[1].Status != "refused" {
				t.Errorf("the order's requests, newest first: %+v", mine.Items)
			}
			wantError(t, "a stranger listing them", send(t, stranger, http.MethodGet, path, nil, nil), 404, "not_found")
		})
	}
}
