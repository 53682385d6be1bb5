package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Reason  string `json:"reason"`
		Message string `json:"message"`
	} `json:"error"`
}

func wantError(t *testing.T, what string, r *servertest.Response, status int, code string) {
	t.Helper()
	if r.StatusCode != status || !strings.Contains(r.Body, `"code":"`+code+`"`) {
		t.Errorf("%s: %d %s; want %d with code %s", what, r.StatusCode, r.Body, status, code)
	}
}

func TestAPI(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			guest := env.Client()

			var regions struct {
				Items []struct {
					Code     string `json:"code"`
					Children int    `json:"children"`
				} `json:"items"`
			}
			r := guest.JSON(http.MethodGet, "/api/v1/regions?parent=222400", nil, &regions)
			if r.StatusCode != 200 || len(regions.Items) != 8 || regions.Items[0].Code != "222401000000" {
				t.Errorf("regions under Yanbian: %d %s", r.StatusCode, r.Body)
			}
			r = guest.JSON(http.MethodGet, "/api/v1/regions", nil, &regions)
			if len(regions.Items) != 1 || regions.Items[0].Code != "220000000000" {
				t.Errorf("top regions: %s", r.Body)
			}
			wantError(t, "bad region code", guest.JSON(http.MethodGet, "/api/v1/regions/22x", nil, nil), 422, "invalid")
			wantError(t, "unknown region", guest.JSON(http.MethodGet, "/api/v1/regions/222499", nil, nil), 404, "not_found")
			wantError(t, "unknown parent", guest.JSON(http.MethodGet, "/api/v1/regions?parent=222499", nil, nil), 404, "not_found")
			r = guest.JSON(http.MethodGet, "/api/v1/regions/222424100201", nil, nil)
			if r.StatusCode != 200 || !strings.Contains(r.Body, `"ko":"동흥촌"`) {
				t.Errorf("Dongxing village: %d %s", r.StatusCode, r.Body)
			}

			var orgs struct {
				Items []struct{ Code, Kind string } `json:"items"`
			}
			guest.JSON(http.MethodGet, "/api/v1/organizations?within=222424&kind=village_store", nil, &orgs)
			if len(orgs.Items) != 3 {
				t.Errorf("Wangqing village stores: %+v", orgs.Items)
			}
			wantError(t, "bad kind", guest.JSON(http.MethodGet, "/api/v1/organizations?kind=bank", nil, nil), 422, "invalid")
			guest.JSON(http.MethodGet, "/api/v1/organizations/wq-dongxing-store", nil, nil)
			wantError(t, "unknown organization", guest.JSON(http.MethodGet, "/api/v1/organizations/nope", nil, nil), 404, "not_found")
			r = guest.JSON(http.MethodGet, "/api/v1/service-points?within=222424100000&kind=town_station", nil, nil)
			if !strings.Contains(r.Body, "wq-dongguang-station") {
				t.Errorf("Dongguang town station missing: %s", r.Body)
			}
			guest.JSON(http.MethodGet, "/api/v1/service-points/wq-dongxing-vstation", nil, nil)

			wantError(t, "me as a guest", guest.JSON(http.MethodGet, "/api/v1/me", nil, nil), 401, "unauthorized")
			wantError(t, "patch as a guest", guest.JSON(http.MethodPatch, "/api/v1/organizations/yj-coop", map[string]any{"leading": false}, nil), 401, "unauthorized")
			wantError(t, "wrong password", guest.JSON(http.MethodPost, "/api/v1/sessions", map[string]string{"email": "shopper@maeul.test", "password": "nope nope"}, nil), 401, "unauthorized")
			wantError(t, "unknown field", guest.JSON(http.MethodPost, "/api/v1/sessions", map[string]string{"email": "x", "passwd": "y"}, nil), 422, "invalid")
			wantError(t, "unknown endpoint", guest.JSON(http.MethodGet, "/api/v1/nope", nil, nil), 404, "not_found")

			admin := env.Client()
			admin.SignInAPI("county-yanji@maeul.test")
			var me struct{ Role, Scope string }
			admin.JSON(http.MethodGet, "/api/v1/me", nil, &me)
			if me.Role != "county_admin" || me.Scope != "222401000000" {
				t.Errorf("me = %+v", me)
			}
			r = admin.JSON(http.MethodPatch, "/api/v1/organizations/yj-coop", map[string]any{"name": map[string]string{"ko": "로투 합작사", "en": "Laotou Co-op"}}, nil)
			if r.StatusCode != 200 || !strings.Contains(r.Body, "Laotou Co-op") {
				t.Errorf("patch own organization: %d %s", r.StatusCode, r.Body)
			}
			wantError(t, "patch another county's organization", admin.JSON(http.MethodPatch, "/api/v1/organizations/tm-coop", map[string]any{"leading": false}, nil), 403, "forbidden")
			wantError(t, "move out of the county", admin.JSON(http.MethodPatch, "/api/v1/organizations/yj-coop", map[string]any{"region_code": "222402100201"}, nil), 403, "forbidden")
			wantError(t, "invalid kind", admin.JSON(http.MethodPatch, "/api/v1/organizations/yj-coop", map[string]any{"kind": "bank"}, nil), 422, "invalid")
			r = admin.JSON(http.MethodPatch, "/api/v1/service-points/yj-yilan-station", map[string]any{"serves": []string{"222401100201", "222401100202"}}, nil)
			if r.StatusCode != 200 || !strings.Contains(r.Body, `"serves":["222401100201","222401100202"]`) {
				t.Errorf("patch own station: %d %s", r.StatusCode, r.Body)
			}
			wantError(t, "patch another county's station", admin.JSON(http.MethodPatch, "/api/v1/service-points/tm-yueqing-station", map[string]any{"serves": []string{"222402100201"}}, nil), 403, "forbidden")
			r = admin.JSON(http.MethodGet, "/api/v1/users", nil, nil)
			if r.StatusCode != 200 || strings.Contains(r.Body, "dongxing") || !strings.Contains(r.Body, "seller-yanji@maeul.test") {
				t.Errorf("users of Yanji: %d %s", r.StatusCode, r.Body)
			}
			wantError(t, "users of Wangqing", admin.JSON(http.MethodGet, "/api/v1/users?within=222424", nil, nil), 403, "forbidden")
			r = admin.JSON(http.MethodPost, "/api/v1/users", map[string]any{"email": "op@x.test", "password": "password1", "role": "station_operator", "service_point_code": "yj-yilan-station"}, nil)
			if r.StatusCode != 201 {
				t.Errorf("create operator: %d %s", r.StatusCode, r.Body)
			}
			wantError(t, "create a seller elsewhere", admin.JSON(http.MethodPost, "/api/v1/users", map[string]any{"email": "s@x.test", "password": "password1", "role": "seller", "org_code": "tm-farm"}, nil), 403, "forbidden")
			wantError(t, "create with a taken email", admin.JSON(http.MethodPost, "/api/v1/users", map[string]any{"email": "op@x.test", "password": "password1", "role": "seller", "org_code": "yj-farm"}, nil), 409, "conflict")

			seller := env.Client()
			seller.SignInAPI("seller-dongxing@maeul.test")
			wantError(t, "seller patching another organization", seller.JSON(http.MethodPatch, "/api/v1/organizations/wq-coop", map[string]any{"leading": true}, nil), 403, "forbidden")
			wantError(t, "seller listing users", seller.JSON(http.MethodGet, "/api/v1/users", nil, nil), 403, "forbidden")
			r = seller.Do(http.MethodDelete, "/api/v1/sessions/current", nil)
			if r.StatusCode != 204 {
				t.Errorf("sign out: %d", r.StatusCode)
			}
			wantError(t, "me after sign-out", seller.JSON(http.MethodGet, "/api/v1/me", nil, nil), 401, "unauthorized")
		})
	}
}

func TestOpenAPIDocumentServed(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	r := env.Client().Get("/api/v1/openapi.json")
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"openapi": "3.0.3"`) {
		t.Errorf("openapi.json: %d %.200s", r.StatusCode, r.Body)
	}
}

// TestRefusalsInTheAskedLanguage: an error names its refusal by a stable
// reason, the message key, and says it in the language the request's
// Accept-Language asks for, English when it names none of maeul's.
func TestRefusalsInTheAskedLanguage(t *testing.T) {
	tests := []struct {
		lang                  string
		method, path          string
		body                  any
		status                int
		code, reason, message string
	}{
		{"zh-CN,zh;q=0.9", http.MethodGet, "/api/v1/regions/22x", nil, 422, "invalid", "err.region.code_length",
			`地区代码"22x"有误：应为12位数字（或2、4、6、9位，末尾自动补零）。`},
		{"zh-CN", http.MethodPost, "/api/v1/sessions", map[string]string{"email": "shopper@maeul.test", "password": "nope nope"}, 401, "unauthorized",
			"err.accounts.wrong_password", "邮箱或密码不正确。"},
		{"zh-CN", http.MethodPatch, "/api/v1/organizations/yj-coop", map[string]any{"leading": false}, 401, "unauthorized",
			"err.accounts.sign_in", "请先登录，再修改组织yj-coop。"},
		{"ko", http.MethodPatch, "/api/v1/organizations/yj-coop", map[string]any{"leading": false}, 401, "unauthorized",
			"err.accounts.sign_in", "로그인이 필요합니다(조직 yj-coop 정보 변경)."},
		{"", http.MethodGet, "/api/v1/regions/22x", nil, 422, "invalid", "err.region.code_length",
			`Bad region code "22x": want 12 digits (or 2, 4, 6 or 9 to be padded).`},
		{"fr", http.MethodGet, "/api/v1/nowhere", nil, 404, "not_found", "err.api.no_route", "No such API endpoint."},
	}
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			for _, tt := range tests {
				c := env.Client()
				c.Lang = tt.lang
				r := c.JSON(tt.method, tt.path, tt.body, nil)
				var got apiError
				json.Unmarshal([]byte(r.Body), &got)
				want := apiError{}
				want.Error.Code, want.Error.Reason, want.Error.Message = tt.code, tt.reason, tt.message
				if r.StatusCode != tt.status || got != want {
					t.Errorf("%s %s in %q: %d %s; want %d %+v", tt.method, tt.path, tt.lang, r.StatusCode, r.Body, tt.status, want)
				}
			}
		})
	}
}
