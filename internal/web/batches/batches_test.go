package batches_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"maeul/internal/consignment"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// The household the tests record batches for, a Dongxing household the
// Dongxing station serves, with its register's personal data.
const (
	household     = "222424100201-09"
	householdName = "박옥희"
	householdID   = "222424196112261049"
	householdTel  = "13102307538"
)

// TestRecordABatchAndReadItsPages records a batch at the Dongxing station
// through its form, prints its receipt and label, and opens the public
// page its QR code holds: the household is named on the receipt, and on
// no public page or answer.
func TestRecordABatchAndReadItsPages(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			station := env.Client()
			station.SignIn("station-dongxing@maeul.test")
			servertest.WantStatus(t, "the form", station.Get("/station/batches/new?lang=en"), http.StatusOK,
				`id="batch-form"`, `name="household"`, `value="`+household+`"`, `name="sku"`, `value="WQ-DX-MILLET-2"`, `name="quantity"`)
			r := station.PostForm("/station/batches?lang=en", url.Values{"token": {"t-1"}, "household": {household}, "sku": {"WQ-DX-MILLET-2"},
				"quantity": {"12"}, "weight_kg": {"30.25"}, "per_unit": {"31.50"}, "received_on": {""}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("recording: status %d, want 303\n%.800s", r.StatusCode, r.Body)
			}
			receipt := r.Header.Get("Location")
			code := strings.TrimSuffix(strings.TrimPrefix(receipt, "/station/batches/"), "/receipt?recorded=1")
			if len(code) != consignment.CodeLength {
				t.Fatalf("redirected to %q, want a batch's receipt", receipt)
			}
			// The same form again records nothing new.
			again := station.PostForm("/station/batches?lang=en", url.Values{"token": {"t-1"}, "household": {household}, "sku": {"WQ-DX-MILLET-2"},
				"quantity": {"12"}, "weight_kg": {"30.25"}, "per_unit": {"31.50"}})
			if got := again.Header.Get("Location"); got != receipt {
				t.Errorf("the form again went to %q, want the first batch's receipt %q", got, receipt)
			}
			servertest.WantStatus(t, "the receipt", station.Get(receipt+"&lang=en"), http.StatusOK,
				"Batch "+code+" is recorded", householdName, household, "Dongxing", "¥31.50", "30.25", `id="batch-label-link"`)
			servertest.WantStatus(t, "the label", station.Get("/station/batches/"+code+"/label?lang=en"), http.StatusOK,
				`id="batch-qr"`, `src="/batches/`+code+`/qr.png"`, "From a registered household of Dongxing Village")
			servertest.WantStatus(t, "the list", station.Get("/station/batches?lang=ko"), http.StatusOK, code, householdName, "위탁 배치")

			qr := env.Client().Get("/batches/" + code + "/qr.png")
			if qr.StatusCode != http.StatusOK || qr.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(qr.Body, "\x89PNG") {
				t.Errorf("the QR code: status %d, type %q", qr.StatusCode, qr.Header.Get("Content-Type"))
			}
			for _, lang := range []string{"ko", "zh", "en"} {
				p := env.Client().Get("/batches/" + code + "?lang=" + lang)
				servertest.WantStatus(t, "the public page in "+lang, p, http.StatusOK, `href="/products/wq-dongxing-millet"`, code)
				for _, secret := range []string{householdName, household, householdID, householdTel} {
					if strings.Contains(p.Body, secret) {
						t.Errorf("the public page in %s shows the household's %q", lang, secret)
					}
				}
			}
			servertest.WantStatus(t, "the public page", env.Client().Get("/batches/"+strings.ToLower(code)+"?lang=en"), http.StatusOK,
				"A registered poor household of Dongxing Village", "Dongxing Village E-commerce Point")
			api := env.Client()
			var pub map[string]any
			if r := api.JSON(http.MethodGet, "/api/v1/batches/"+code, nil, &pub); r.StatusCode != http.StatusOK {
				t.Fatalf("the API's batch: status %d: %s", r.StatusCode, r.Body)
			} else {
				for _, secret := range []string{householdName, household, householdID, householdTel} {
					if strings.Contains(r.Body, secret) {
						t.Errorf("the API's public batch shows the household's %q: %s", secret, r.Body)
					}
				}
			}
			if pub["units"] != float64(12) || pub["weight_g"] != float64(30250) || pub["household_status"] != "poor" {
				t.Errorf("the API's batch = %v", pub)
			}
			servertest.WantStatus(t, "a batch that is not there", env.Client().Get("/batches/NOSUCHCODE"), http.StatusNotFound)

			// Its receipt is the station's and its county's, no one else's.
			other := env.Client()
			other.SignIn("county-yanji@maeul.test")
			servertest.WantStatus(t, "another county's admin", other.Get(receipt), http.StatusForbidden)
			county := env.Client()
			county.SignIn("county-wangqing@maeul.test")
			servertest.WantStatus(t, "the county's admin", county.Get(receipt+"&lang=en"), http.StatusOK, householdName)
		})
	}
}

// TestBadBatchesAreRefused sends the form and the API what they must
// refuse: each refusal names its field, and nothing is written.
func TestBadBatchesAreRefused(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ctx := context.Background()
			station := env.Client()
			station.SignIn("station-dongxing@maeul.test")
			pt, err := env.DB.ServicePoint(ctx, "wq-dongxing-vstation")
			if err != nil {
				t.Fatal(err)
			}
			count := func() int {
				bs, err := env.DB.Batches(ctx, consignment.Filter{PointID: pt.ID})
				if err != nil {
					t.Fatal(err)
				}
				return len(bs)
			}
			before := count()
			good := url.Values{"household": {household}, "sku": {"WQ-DX-MILLET-2"}, "quantity": {"5"}}
			for _, c := range []struct {
				name, field, value, want string
			}{
				{"quantity 0", "quantity", "0", "The quantity, 0, must be from 1"},
				{"a quantity that is no number", "quantity", "three", "is not a whole number"},
				{"a household outside the station's villages", "household", "222401100201-01", "does not live in a village Dongxing Village E-commerce Point serves"},
				{"an unknown household", "household", "222424100201-99", "no registered household 222424100201-99"},
				{"a variant of another store", "sku", "YJ-LT-RICE-5", "which is not a store Dongxing Village E-commerce Point sells for"},
				{"a cooperative's variant", "sku", "WQ-DXC-WOODEAR-500", "which is not a store"},
				{"more per unit than the price", "per_unit", "40", "is more than the variant"},
				{"a day to come", "received_on", "2999-01-01", "cannot be after today"},
				{"a weight that is no number", "weight_kg", "1.2345", "at most three decimals"},
			} {
				f := url.Values{}
				for k, v := range good {
					f[k] = v
				}
				f.Set(c.field, c.value)
				r := station.PostForm("/station/batches?lang=en", f)
				servertest.WantStatus(t, c.name, r, http.StatusUnprocessableEntity, c.want, `id="batch-error"`, `aria-invalid="true"`)
				in := map[string]any{"household_code": f.Get("household"), "sku": f.Get("sku"), "quantity": 5}
				switch c.field {
				case "quantity", "weight_kg", "per_unit", "received_on":
					continue // the form's own reading, or checked through the form alone
				}
				api := env.Client()
				api.SignInAPI("station-dongxing@maeul.test")
				api.Lang = "en"
				ar := api.JSON(http.MethodPost, "/api/v1/station/batches", in, nil)
				if ar.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(ar.Body, `"field":"`+c.field+`"`) {
					t.Errorf("API, %s: status %d, body %s", c.name, ar.StatusCode, ar.Body)
				}
			}
			api := env.Client()
			api.SignInAPI("station-dongxing@maeul.test")
			if r := api.JSON(http.MethodPost, "/api/v1/station/batches", map[string]any{"household_code": household, "sku": "WQ-DX-MILLET-2", "quantity": 0}, nil); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"field":"quantity"`) {
				t.Errorf("API, quantity 0: status %d, body %s", r.StatusCode, r.Body)
			}
			if got := count(); got != before {
				t.Errorf("after the refusals the station has %d batches, want %d", got, before)
			}
			// A seller may not record one.
			seller := env.Client()
			seller.SignIn("seller-dongxing@maeul.test")
			servertest.WantStatus(t, "a seller", seller.PostForm("/station/batches", good), http.StatusForbidden)
			if got := count(); got != before {
				t.Errorf("after a seller's try the station has %d batches, want %d", got, before)
			}
		})
	}
}
