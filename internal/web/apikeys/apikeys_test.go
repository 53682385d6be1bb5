package apikeys_test

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
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

var tokenRE = regexp.MustCompile(`mk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}`)

// TestKeysPage: a county admin creates a key on the page, which shows it
// once; the key works on the API until the admin revokes it from the list.
func TestKeysPage(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			admin, yanji := env.Client(), env.Client()
			admin.SignIn("county-wangqing@maeul.test")
			yanji.SignIn("county-yanji@maeul.test")

			servertest.WantStatus(t, "the empty list in English", admin.Get("/admin/api-keys?lang=en"), 200,
				"Machines&#39; API keys", "No keys yet.", "Create a key", "Dongxing Village E-commerce Point")
			servertest.WantStatus(t, "in Korean", admin.Get("/admin/api-keys?lang=ko"), 200, "기계용 API 키", "새 키 만들기")
			servertest.WantStatus(t, "in Chinese", admin.Get("/admin/api-keys?lang=zh"), 200, "设备API密钥", "创建新密钥")
			servertest.WantStatus(t, "another county's keys", yanji.Get("/admin/api-keys?region=222424"), http.StatusForbidden)
			servertest.WantStatus(t, "a guest, sent to sign in", env.Client().Get("/admin/api-keys"), http.StatusSeeOther)

			servertest.WantStatus(t, "a key without points", admin.PostForm("/admin/api-keys?region=222424&lang=en", url.Values{"name": {"scanner"}}), 422,
				"Choose at least one service point")
			servertest.WantStatus(t, "Yanji's admin giving a Wangqing point", yanji.PostForm("/admin/api-keys?region=222401", url.Values{
				"name": {"scanner"}, "point": {"wq-dongxing-vstation"}}), http.StatusForbidden)

			r := admin.PostForm("/admin/api-keys?region=222424&lang=en", url.Values{"name": {"SF Express scanners"}, "point": {"wq-dongxing-vstation", "wq-dongguang-express"}})
			servertest.WantStatus(t, "creating a key", r, 200, "Key &#34;SF Express scanners&#34; created", "shown now, once")
			token := tokenRE.FindString(r.Body)
			if token == "" {
				t.Fatalf("the page shows no key:\n%.2000s", r.Body)
			}
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("the page showing a key is cached: Cache-Control %q", cc)
			}
			list := admin.Get("/admin/api-keys?lang=en")
			servertest.WantStatus(t, "the list", list, 200, "mk_"+token[3:15]+"_…", "Active", "Dongguang Express Point")
			if strings.Contains(list.Body, token[16:]) {
				t.Errorf("the list shows the key's secret again")
			}

			machine := env.Client()
			machine.Token = token
			if r := machine.JSON(http.MethodGet, "/api/v1/api-keys", nil, nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("the key on a route not its own: %d %s", r.StatusCode, r.Body)
			}

			id := regexp.MustCompile(`/admin/api-keys/(\d+)/revoke`).FindStringSubmatch(list.Body)
			if id == nil {
				t.Fatalf("the list has no revoke form:\n%.2000s", list.Body)
			}
			servertest.WantStatus(t, "Yanji's admin revoking", yanji.PostForm("/admin/api-keys/"+id[1]+"/revoke", nil), http.StatusForbidden)
			servertest.WantStatus(t, "revoking", admin.PostForm("/admin/api-keys/"+id[1]+"/revoke?region=222424", nil), http.StatusSeeOther)
			servertest.WantStatus(t, "the list after", admin.Get("/admin/api-keys?lang=en"), 200, "Revoked")
			if r := machine.JSON(http.MethodGet, "/api/v1/api-keys", nil, nil); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("the revoked key: %d %s", r.StatusCode, r.Body)
			}
		})
	}
}
