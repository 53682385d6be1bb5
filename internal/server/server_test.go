package server_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"maeul/internal/server"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

func eachEngine(t *testing.T, fn func(t *testing.T, env *servertest.Env)) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { fn(t, servertest.Start(t, engine)) })
	}
}

func wantStatus(t *testing.T, what string, r *servertest.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		body := r.Body
		if len(body) > 600 {
			body = body[:600] + "…"
		}
		t.Errorf("%s: status %d, want %d; body:\n%s", what, r.StatusCode, want, body)
	}
}

func wantBody(t *testing.T, what string, r *servertest.Response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: body lacks %q", what, s)
		}
	}
}

func TestHomeInThreeLanguages(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client()
		tests := []struct {
			acceptLang string
			want       []string
		}{
			{"ko-KR,ko;q=0.9", []string{`<html lang="ko">`, "연길시", "현·시 특산관"}},
			{"zh-CN,zh;q=0.9", []string{`<html lang="zh">`, "延吉市", "县市特色馆"}},
			{"en-US", []string{`<html lang="en">`, "Yanji City", "County pavilions"}},
		}
		for _, tt := range tests {
			c.Lang = tt.acceptLang
			r := c.Get("/")
			wantStatus(t, "home "+tt.acceptLang, r, http.StatusOK)
			wantBody(t, "home "+tt.acceptLang, r, tt.want...)
		}
		// A remembered choice beats Accept-Language.
		c.Lang = "en"
		r := c.Get("/lang/zh?next=/")
		wantStatus(t, "language switch", r, http.StatusSeeOther)
		r = c.Get("/")
		wantBody(t, "home after choosing Chinese", r, `<html lang="zh">`)
		wantStatus(t, "unknown language", c.Get("/lang/fr"), http.StatusNotFound)
		if loc := c.Get("/lang/en?next=//evil.example").Header.Get("Location"); loc != "/" {
			t.Errorf("language switch redirected to %q, want / for an off-site next", loc)
		}
	})
}

func TestErrorPagesAndHealth(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client()
		c.Lang = "en"
		r := c.Get("/no/such/page")
		wantStatus(t, "unknown page", r, http.StatusNotFound)
		wantBody(t, "unknown page", r, "Not found", "Back to the home page")
		r = c.Get("/healthz")
		wantStatus(t, "healthz", r, http.StatusOK)
		wantBody(t, "healthz", r, `"status":"ok"`)
		r = c.Get("/account")
		wantStatus(t, "account as a guest", r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/signin?next=/account" {
			t.Errorf("guest sent to %q, want the sign-in page", loc)
		}
	})
}

func TestStaticFilesAreCachedForever(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	c := env.Client()
	home := c.Get("/")
	i := strings.Index(home.Body, `href="/static/style.`)
	if i < 0 {
		t.Fatal("home page links no checksummed stylesheet")
	}
	u := home.Body[i+len(`href="`):]
	u = u[:strings.IndexByte(u, '"')]
	r := c.Get(u)
	wantStatus(t, "stylesheet", r, http.StatusOK)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("stylesheet Cache-Control = %q, want immutable", cc)
	}
	r = c.Get("/static/style.0000000000.css")
	if cc := r.Header.Get("Cache-Control"); r.StatusCode != 200 || strings.Contains(cc, "immutable") {
		t.Errorf("stale checksum: status %d, Cache-Control %q; want 200 with a short cache", r.StatusCode, cc)
	}
	wantStatus(t, "unknown static file", c.Get("/static/nope.css"), http.StatusNotFound)
}

func TestSignInOutAndSignUp(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client()
		c.Lang = "en"
		r := c.PostForm("/signin", url.Values{"email": {"shopper@maeul.test"}, "password": {"wrong password"}})
		wantStatus(t, "wrong password", r, http.StatusUnauthorized)
		wantBody(t, "wrong password", r, "Wrong email or password")
		c.SignIn("shopper@maeul.test")
		r = c.Get("/account")
		wantStatus(t, "account", r, http.StatusOK)
		wantBody(t, "account", r, "shopper@maeul.test")
		wantStatus(t, "sign-out", c.PostForm("/signout", nil), http.StatusSeeOther)
		wantStatus(t, "account after sign-out", c.Get("/account"), http.StatusSeeOther)

		n := env.Client()
		n.Lang = "ko"
		r = n.PostForm("/signup", url.Values{"email": {"new@x.test"}, "password": {"short"}, "name": {"New"}})
		wantStatus(t, "sign-up with a short password", r, http.StatusUnprocessableEntity)
		// The Korean page says it in Korean, and no English.
		wantBody(t, "sign-up with a short password", r, "비밀번호는 8자 이상이어야 합니다.")
		for _, en := range []string{"password:", "characters", "A password"} {
			if strings.Contains(r.Body, en) {
				t.Errorf("sign-up with a short password: the Korean page says %q", en)
			}
		}
		r = n.PostForm("/signup", url.Values{"email": {"new@x.test"}, "password": {"long enough"}, "name": {"New"}})
		wantStatus(t, "sign-up", r, http.StatusSeeOther)
		wantBody(t, "account after sign-up", n.Get("/account"), "new@x.test")
		zh := env.Client()
		zh.Lang = "zh-CN"
		r = zh.PostForm("/signup", url.Values{"email": {"NEW@x.test"}, "password": {"long enough"}})
		wantStatus(t, "sign-up with a taken email", r, http.StatusConflict)
		wantBody(t, "sign-up with a taken email", r, "该邮箱已注册过账号。")
	})
}

func TestSignInIsRateLimited(t *testing.T) {
	// The clock stands still: the delay after the free failures never ends.
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	env := servertest.Start(t, "sqlite", func(c *server.Config) { c.Now = func() time.Time { return now } })
	c := env.Client()
	c.Lang = "en"
	for i := 0; i < 5; i++ {
		c.PostForm("/signin", url.Values{"email": {"auditor@maeul.test"}, "password": {"guess"}})
	}
	r := c.PostForm("/signin", url.Values{"email": {"auditor@maeul.test"}, "password": {"maeul-demo"}})
	wantStatus(t, "sign-in after five failures", r, http.StatusTooManyRequests)
	wantBody(t, "sign-in after five failures", r, "try again in 1 second")
	if got := r.Header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q, want 1", got)
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	c := env.Client()
	c.SignIn("county-yanji@maeul.test")
	form := strings.NewReader(url.Values{"name_en": {"Forged"}}.Encode())
	r := c.Do(http.MethodPost, "/admin/organizations/yj-coop", form,
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	wantStatus(t, "cross-site form post", r, http.StatusForbidden)
	form = strings.NewReader(url.Values{"name_en": {"Forged"}}.Encode())
	r = c.Do(http.MethodPost, "/admin/organizations/yj-coop", form,
		"Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example")
	wantStatus(t, "post from another origin", r, http.StatusForbidden)
	if o, _ := env.DB.Organization(t.Context(), "yj-coop"); o.Name.En == "Forged" {
		t.Error("a cross-origin post changed the organization")
	}
}

func TestAdminPagesKeepCountiesApart(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client()
		c.Lang = "en"
		c.SignIn("county-yanji@maeul.test")
		r := c.Get("/admin/")
		wantStatus(t, "admin home", r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/admin/regions/222401000000" {
			t.Errorf("admin home sends the Yanji admin to %q", loc)
		}
		r = c.Get("/admin/regions/222401")
		wantStatus(t, "own county", r, http.StatusOK)
		wantBody(t, "own county", r, "222401100000", "yj-coop")
		wantStatus(t, "another county", c.Get("/admin/regions/222402"), http.StatusForbidden)
		wantStatus(t, "the prefecture", c.Get("/admin/regions/222400"), http.StatusForbidden)
		wantStatus(t, "another county's organization", c.Get("/admin/organizations/tm-coop"), http.StatusForbidden)
		r = c.PostForm("/admin/organizations/tm-coop", url.Values{"name_ko": {"탈취"}})
		wantStatus(t, "changing another county's organization", r, http.StatusForbidden)
		r = c.PostForm("/admin/organizations/yj-coop", url.Values{"name_ko": {"로투촌 합작사"}, "kind": {"cooperative"}, "region_code": {"222401100201"}})
		wantStatus(t, "changing its own county's organization", r, http.StatusSeeOther)
		if o, _ := env.DB.Organization(t.Context(), "yj-coop"); o.Name.Ko != "로투촌 합작사" {
			t.Errorf("organization name = %q after the update", o.Name.Ko)
		}
		r = c.Get("/admin/users")
		wantStatus(t, "users", r, http.StatusOK)
		wantBody(t, "users", r, "seller-yanji@maeul.test")
		if strings.Contains(r.Body, "seller-dongxing@maeul.test") {
			t.Error("the Yanji admin sees a Wangqing seller")
		}
		r = c.PostForm("/admin/users", url.Values{"role": {"seller"}, "attach": {"tm-farm"}, "email": {"x@x.test"}, "password": {"password1"}})
		wantStatus(t, "adding a seller in another county", r, http.StatusForbidden)
		r = c.PostForm("/admin/users", url.Values{"role": {"seller"}, "attach": {"yj-farm"}, "email": {"x@x.test"}, "password": {"password1"}})
		wantStatus(t, "adding a seller in its county", r, http.StatusSeeOther)

		s := env.Client()
		s.SignIn("seller-dongxing@maeul.test")
		wantStatus(t, "seller opening admin", s.Get("/admin/regions/222424"), http.StatusForbidden)
		wantStatus(t, "seller opening its organization", s.Get("/admin/organizations/wq-dongxing-store"), http.StatusOK)
		wantStatus(t, "seller opening another organization", s.Get("/admin/organizations/wq-coop"), http.StatusForbidden)
		r = s.PostForm("/admin/organizations/wq-coop", url.Values{"name_ko": {"탈취"}})
		wantStatus(t, "seller changing another organization", r, http.StatusForbidden)

		a := env.Client()
		a.SignIn("auditor@maeul.test")
		wantStatus(t, "auditor reading a county", a.Get("/admin/regions/222402"), http.StatusOK)
		r = a.Get("/admin/organizations/tm-coop")
		wantStatus(t, "auditor reading an organization", r, http.StatusOK)
		if strings.Contains(r.Body, "<form") && strings.Contains(r.Body, `action="/admin/organizations/tm-coop"`) {
			t.Error("the auditor is shown an edit form")
		}
		wantStatus(t, "auditor changing an organization", a.PostForm("/admin/organizations/tm-coop", url.Values{"name_ko": {"x"}}), http.StatusForbidden)
	})
}

func TestLanguageChosenBeforeSignInIsKept(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	c := env.Client()
	c.Get("/lang/zh?next=/")
	c.SignIn("shopper@maeul.test") // the account's saved language is Korean
	wantBody(t, "home after sign-in", c.Get("/"), `<html lang="zh">`)
	u, _, err := env.DB.UserByEmail(t.Context(), "shopper@maeul.test")
	if err != nil || u.Lang != "zh" {
		t.Errorf("saved language = %q, %v; want zh", u.Lang, err)
	}
	// Without a choice, the browser's language stays: signing in does not
	// switch it to the account's saved Korean.
	d := env.Client()
	d.Lang = "en"
	d.SignIn("auditor@maeul.test")
	wantBody(t, "home of the auditor", d.Get("/"), `<html lang="en">`)
}
