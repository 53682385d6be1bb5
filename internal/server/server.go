// Package server assembles maeul's HTTP surfaces — the pages, the JSON
// API and the health check — with the middleware they share.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/api"
	"maeul/internal/app"
	"maeul/internal/catalog"
	"maeul/internal/consignment"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/programme"
	"maeul/internal/promo"
	"maeul/internal/region"
	"maeul/internal/route"
	"maeul/internal/sandbox"
	"maeul/internal/stats"
	"maeul/internal/store"
	"maeul/internal/vans"
	"maeul/internal/web"
	"maeul/internal/web/apikeys"
	"maeul/internal/web/batches"
	"maeul/internal/web/coverage"
	"maeul/internal/web/programmes"
	"maeul/internal/web/station"
	"maeul/internal/web/statistics"
	"maeul/internal/web/vanruns"
)

// Config is everything the server needs, built by the serve command from
// flags and environment.
type Config struct {
	DB     *store.DB
	Logger *slog.Logger
	Now    func() time.Time
	// Home is the prefecture the storefront presents (Yanbian by default).
	Home          region.Code
	SecureCookies bool
	// HashParams are the argon2id costs of new passwords; zero means
	// accounts.DefaultHashParams. Tests lower them.
	HashParams accounts.HashParams
	// Sandbox switches on the sandbox wallet, a development payment
	// provider: its payment method, its pay pages under /sandbox/ and its
	// notification endpoint. Off, none of them exists.
	Sandbox bool
	// SandboxSecret signs the sandbox wallet's links and notifications;
	// every server of a deployment must share it. The sandbox needs one.
	SandboxSecret []byte
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (see clientAddress); without them the connection's peer
	// is the client.
	TrustedProxies []netip.Prefix
	// PayWindow is how long an online payment may take (15 minutes by
	// default) before its orders are cancelled.
	PayWindow time.Duration
}

// DemoSandboxSecret is the sandbox wallet's secret in a demo (serve
// --demo) that names none. It is public: nothing paid through it is real.
const DemoSandboxSecret = "maeul sandbox wallet: development only"

// Server is the assembled HTTP handler and its services.
type Server struct {
	cfg      Config
	accounts *accounts.Service
	keys     *accounts.KeyService
	api      *api.Handler
	// Orders is the order service, for the background expiry job.
	Orders  *orders.Service
	wallet  *payments.Wallet
	msgs    *i18n.Catalog
	routes  *route.Table
	handler http.Handler
}

// Routes lists the pattern of every route the server serves, in the order
// they were registered.
func (s *Server) Routes() []string { return s.routes.Patterns() }

// Route returns the pattern of the route that serves method on target (a
// path and query), or "" when none does.
func (s *Server) Route(method, target string) string {
	r, err := http.NewRequest(method, target, nil)
	if err != nil {
		return ""
	}
	return s.routes.Pattern(r)
}

// SetBaseURL tells the server its own public URL once it is listening, so
// that the sandbox wallet can notify it.
func (s *Server) SetBaseURL(u string) {
	if s.wallet == nil {
		return
	}
	s.wallet.NotifyURL = strings.TrimRight(u, "/") + "/api/v1/payments/sandbox/notify"
}

// New builds the server. It fails when the sandbox wallet is switched on
// without a secret, or when the embedded templates or messages are
// broken.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Home == "" {
		cfg.Home = "222400000000"
	}
	msgs, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	accts := accounts.NewService(cfg.DB)
	accts.Now = cfg.Now
	if cfg.HashParams != (accounts.HashParams{}) {
		accts.Params = cfg.HashParams
	}
	keys := &accounts.KeyService{Store: cfg.DB, Now: cfg.Now}
	orgs := &org.Service{Store: cfg.DB}
	net := &network.Service{Store: cfg.DB}
	imp := &impact.Service{Store: cfg.DB, Orgs: cfg.DB, Points: cfg.DB, Regions: cfg.DB, Products: cfg.DB, Now: cfg.Now}
	prog := &programme.Service{Store: cfg.DB, Regions: cfg.DB, Orgs: cfg.DB, Points: cfg.DB, Totals: stats.ProgrammeTotals{Figures: cfg.DB}, Now: cfg.Now}
	cat := &catalog.Service{Store: cfg.DB, Orgs: cfg.DB, Points: cfg.DB, Links: imp, Now: cfg.Now}
	providers := map[payments.Method]payments.Provider{payments.StationCash: payments.Cash{}, payments.PickupCash: payments.CashOnPickup{}}
	var wallet *payments.Wallet
	if cfg.Sandbox {
		if len(cfg.SandboxSecret) == 0 {
			return nil, errors.New("server: the sandbox wallet needs a secret (MAEUL_SANDBOX_SECRET)")
		}
		// The wallet notifies this server over HTTP; under load it keeps
		// enough idle connections not to open one per notice. It retries a
		// notice for the pay window, so a database outage shorter than
		// that loses none.
		walletClient := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			MaxIdleConns: 128, MaxIdleConnsPerHost: 128, IdleConnTimeout: 90 * time.Second,
		}}
		payWindow := cfg.PayWindow
		if payWindow <= 0 {
			payWindow = 15 * time.Minute
		}
		wallet = &payments.Wallet{
			Secret: cfg.SandboxSecret, Base: "/sandbox/pay/", Client: walletClient, Logger: cfg.Logger, Now: cfg.Now, RetryFor: payWindow,
		}
		providers[payments.Sandbox] = &payments.SandboxProvider{Wallet: wallet}
	} else {
		cfg.SandboxSecret = nil
	}
	ords := &orders.Service{
		Store: cfg.DB, Orgs: cfg.DB, Points: cfg.DB, Logger: cfg.Logger, Now: cfg.Now, PayWindow: cfg.PayWindow,
		Providers: providers, Parcels: &parcels.Planner{Points: cfg.DB, Prefecture: cfg.Home, Vans: cfg.DB},
	}
	parcelSvc := &parcels.Service{Store: cfg.DB, Points: cfg.DB, Now: cfg.Now}

	after := &aftersales.Service{Store: cfg.DB, Orders: ords, Orgs: cfg.DB, Now: cfg.Now}
	consign := &consignment.Service{Store: cfg.DB, Households: cfg.DB, Products: cfg.DB, Orgs: cfg.DB, Points: cfg.DB, Regions: cfg.DB, Now: cfg.Now}
	promos := &promo.Service{Store: cfg.DB, Orgs: cfg.DB, Now: cfg.Now}
	vanSvc := &vans.Service{Store: cfg.DB, Points: cfg.DB, Parcels: cfg.DB, Scans: parcelSvc, Now: cfg.Now}
	statsSvc := &stats.Service{Figures: cfg.DB, Facts: cfg.DB, Sales: cfg.DB, Categories: cfg.DB, Orgs: cfg.DB, Regions: cfg.DB,
		Listings: cfg.DB, Products: cfg.DB}

	// Every dependency of the pages and the API, in one place.
	svcs := app.Services{
		Accounts: accts, Keys: keys, Orgs: orgs, Network: net, Catalog: cat, Orders: ords, AfterSales: after, Parcels: parcelSvc, Promo: promos, Impact: imp, Programme: prog, Stats: statsSvc,
		Vans:        vanSvc,
		Consignment: consign,
		Regions:     cfg.DB, OrgStore: cfg.DB, Points: cfg.DB, Products: cfg.DB, Ledger: cfg.DB, Imports: cfg.DB, Idempotency: cfg.DB,
		Messages: msgs, Logger: cfg.Logger, Now: cfg.Now,
		Home: cfg.Home, SecureCookies: cfg.SecureCookies, SandboxSecret: cfg.SandboxSecret,
	}
	pages, err := web.New(svcs)
	if err != nil {
		return nil, err
	}
	apiH := api.New(svcs)
	progPages, err := programmes.New(pages, prog, cfg.DB, cfg.Home)
	if err != nil {
		return nil, err
	}
	statsPages, err := statistics.New(pages, statistics.Handler{
		Stats:  statsSvc,
		Impact: imp, Network: net, Regions: cfg.DB, Categories: cfg.DB, Imports: cfg.DB, Home: cfg.Home, Now: cfg.Now,
	})
	if err != nil {
		return nil, err
	}
	coverPages, err := coverage.New(pages, net, cfg.Home)
	if err != nil {
		return nil, err
	}
	vanPages, err := vanruns.New(pages, vanSvc, cfg.DB, cfg.Home)
	if err != nil {
		return nil, err
	}
	stationPages, err := station.New(pages, station.Handler{
		Orders: ords, Points: cfg.DB, Regions: cfg.DB, Products: cfg.DB, Now: cfg.Now,
	})
	if err != nil {
		return nil, err
	}
	batchPages, err := batches.New(pages, consign, imp, cfg.DB)
	if err != nil {
		return nil, err
	}
	keyPages, err := apikeys.New(pages, keys, net, cfg.DB, cfg.Home)
	if err != nil {
		return nil, err
	}

	// mux lists what is registered on it: the access matrix
	// (access_test.go) holds every route against every role.
	mux := route.NewTable()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if err := cfg.DB.Ping(ctx); err != nil {
			cfg.Logger.Error("health check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"status":"unavailable","database":"unreachable"}` + "\n"))
			return
		}
		w.Write([]byte(`{"status":"ok","database":"` + cfg.DB.Engine() + `"}` + "\n"))
	})
	apiH.Routes(mux)
	if wallet != nil {
		sandboxH := &sandbox.Handler{Wallet: wallet, ReturnURL: func(ref string) string { return "/checkout/paid/" + ref }}
		sandboxH.Routes(mux)
	}
	progPages.Routes(mux)
	statsPages.Routes(mux)
	coverPages.Routes(mux)
	vanPages.Routes(mux)
	stationPages.Routes(mux)
	batchPages.Routes(mux)
	keyPages.Routes(mux)
	pages.Routes(mux)

	s := &Server{cfg: cfg, accounts: accts, keys: keys, api: apiH, Orders: ords, wallet: wallet, routes: mux, msgs: msgs}
	cop := http.NewCrossOriginProtection()
	var h http.Handler = mux
	h = checkInput(h, func(w http.ResponseWriter, r *http.Request, err error) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			apiH.WriteError(w, r, err)
			return
		}
		pages.RenderError(w, r, err)
	})
	h = web.WithLang(h)
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	h = clientAddress(cfg.TrustedProxies, h)
	s.handler = h
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// authenticate puts the request's actor in its context: the user of the
// session cookie or of an "Authorization: Bearer" token, the machine of
// an API key ("Bearer mk_…", on /api/ only), or a guest. An unknown or
// expired session makes the request a guest's; an API key that is
// unknown or revoked is answered 401 at once, since a machine that sent
// one expects to act, not to browse. A credential that cannot be read
// (the database is down) is not a guest's, and the request is answered 503
// with Retry-After, never "sign in". Credentials are never logged.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, bearer := "", false
		if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			token, bearer = strings.TrimSpace(t), true
		} else if c, err := r.Cookie(web.SessionCookie); err == nil {
			token = c.Value
		}
		if bearer && accounts.IsAPIKey(token) {
			if !strings.HasPrefix(r.URL.Path, "/api/") {
				next.ServeHTTP(w, r)
				return
			}
			a, err := s.keys.Authenticate(r.Context(), token)
			switch errs.CodeOf(err) {
			case "":
				next.ServeHTTP(w, r.WithContext(accounts.WithActor(r.Context(), a)))
			case errs.Unauthorized:
				s.api.WriteError(w, r, err)
			default:
				s.cannotAuthenticate(w, r, err)
			}
			return
		}
		if token != "" {
			a, err := s.accounts.Authenticate(r.Context(), token)
			switch errs.CodeOf(err) {
			case "":
				r = r.WithContext(accounts.WithActor(r.Context(), a))
			case errs.Unauthorized, errs.NotFound, errs.Invalid:
			default:
				s.cannotAuthenticate(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// cannotAuthenticate answers a request whose session could not be read:
// 503 with Retry-After when the database could not be reached, 500
// otherwise, as JSON in the API's error shape or as plain text, in the
// request's language.
func (s *Server) cannotAuthenticate(w http.ResponseWriter, r *http.Request, err error) {
	code := errs.CodeOf(err)
	if errs.Abandoned(r.Context(), err) {
		return
	}
	if code != errs.Unavailable {
		code = errs.Internal
		s.cfg.Logger.Error("reading a session", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		s.cfg.Logger.Warn("reading a session: unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", errs.RetryAfter)
	}
	reason := errs.Reason(err)
	if code == errs.Internal {
		reason = errs.ReasonInternal
	}
	msg := s.msgs.T(i18n.Match(r.Header.Get("Accept-Language")), reason)
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code.HTTPStatus())
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": string(code), "reason": reason, "message": msg}})
		return
	}
	http.Error(w, msg, code.HTTPStatus())
}

// contentPolicy lets pages load scripts, styles, images and fonts from
// the server itself only (the scripts and the style sheet are served from
// the binary; photos and icons are the server's or data: URIs), run no
// inline script or style, and be framed by no one.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// sandboxPolicy is the sandbox wallet's pay page's: a stand-in for another
// company's page, it carries its own inline style and a QR code as a
// data: image, and runs no script.
const sandboxPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if strings.HasPrefix(r.URL.Path, "/sandbox/") {
			h.Set("Content-Security-Policy", sandboxPolicy)
		} else {
			h.Set("Content-Security-Policy", contentPolicy)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Logger.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs each request at debug level, and server errors at
// warn.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelWarn
		}
		s.cfg.Logger.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path,
			"status", sw.status, "duration_ms", time.Since(start).Milliseconds())
	})
}
