package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"maeul/internal/demo"
	"maeul/internal/server/servertest"
)

// TestSignInLandsOnTheConsole: staff land on their back office after
// signing in, shoppers go back to the shop, and a page asked for wins.
func TestSignInLandsOnTheConsole(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		tests := []struct{ email, next, want string }{
			{"seller-dongxing@maeul.test", "", "/seller"},
			{"station-dongxing@maeul.test", "", "/station/"},
			{"county-wangqing@maeul.test", "", "/admin/"},
			{"prefecture@maeul.test", "", "/admin/"},
			{"auditor@maeul.test", "", "/audit/"},
			{"shopper@maeul.test", "", "/"},
			{"seller-dongxing@maeul.test", "/orders", "/orders"},
		}
		for _, tt := range tests {
			c := env.Client()
			c.Lang = "en"
			r := c.PostForm("/signin", url.Values{"email": {tt.email}, "password": {demo.Password}, "next": {tt.next}})
			boLocation(t, tt.email, r, tt.want)
			if r := c.Get(tt.want); r.StatusCode != http.StatusOK && r.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: GET %s: status %d", tt.email, tt.want, r.StatusCode)
			}
		}
	})
}

// TestSignInKeepsTheBrowsersLanguage: the demo shopper's account says
// Korean; signing in from an English browser keeps the pages in English,
// and a language chosen afterwards wins from then on.
func TestSignInKeepsTheBrowsersLanguage(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client()
		c.Lang = "en"
		boBody(t, "before signing in", c.Get("/"), `<html lang="en">`)
		c.SignIn("shopper@maeul.test")
		boBody(t, "after signing in", c.Get("/orders"), `<html lang="en">`)
		c.Get("/lang/zh?next=/")
		boBody(t, "after choosing Chinese", c.Get("/orders"), `<html lang="zh">`)

		// Another browser keeps its own language too.
		other := env.Client()
		other.Lang = "ko"
		other.SignIn("shopper@maeul.test")
		boBody(t, "another browser", other.Get("/orders"), `<html lang="ko">`)
	})
}
