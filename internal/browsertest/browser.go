// Package browsertest drives maeul's real pages in headless Chromium:
// journeys, user stories told as steps and run in a browser against a
// server that the test starts.
//
// A journey is a test in this package (journeys_test.go, or a file per
// feature such as mall_test.go) that starts a server, opens a tab and runs
// steps:
//
//	func TestShopperSearchesInChinese(t *testing.T) {
//		t.Parallel()
//		env := servertest.Start(t, "sqlite")
//		b := New(t, env.URL, AcceptLanguage("zh"))
//		b.Run(
//			Open("/"),
//			Fill("input[name=q]", "木耳"),
//			Submit("form.search"),
//			HasText("main", "黑木耳"),
//		)
//	}
//
// Selectors are CSS. Open, Follow and Submit load a page, wait for it and
// fail on a 5xx answer; Click, Fill, Choose and SetFiles act on the page;
// HasText, LacksText, HasAttr, HasValue, Count, AtPath, Visible and
// ImageLoaded wait until they hold. Every step gets StepTimeout (10 s) and
// a tab lives at most 60 s, so a journey needs no sleeps and a missing
// element fails in seconds with a message saying what the page showed
// instead. Any chromedp.Action[chromedp.Void] is a step too, and
// Browser.Text reads a value for later steps. New's options choose a phone's viewport (Mobile)
// and the Accept-Language header (AcceptLanguage).
//
// Every tab has its own browser context, so tests share no cookies, and all
// run in one Chromium process per test binary, which TestMain stops with
// Shutdown after m.Run.
//
// Run saves a full-page screenshot NAME.png when its steps pass, and
// NAME-fail.png and NAME-fail.html (the page as the browser had it) when
// one fails; Snap saves NAME-LABEL.png midway. NAME is the test's name
// (TestX/sqlite gives TestX-sqlite; a test's second tab adds -2, or the
// Label option's label). Files go to $MAEUL_BROWSER_OUT, or else to
// maeul-browser in the system's temporary directory (/tmp/maeul-browser),
// and the test log names each one. MAEUL_TEST_LOG=1 shows the server's log.
//
// Chromium is $MAEUL_CHROMIUM, else /usr/bin/chromium, else chromium or
// chromium-browser on PATH: Debian's chromium package with fonts-noto-cjk
// (.ci/run installs both when missing); nothing is downloaded. Without a
// browser the journeys skip with the reason, and fail instead when
// MAEUL_REQUIRE_BROWSER=1, as in CI.
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Step is one step of a journey. The helpers of this package return steps
// whose errors say what the step was doing; any chromedp action that
// returns no value is a step too.
type Step = chromedp.Action[chromedp.Void]

const (
	// StepTimeout bounds each step, so that a missing element fails the
	// journey in seconds with a screenshot rather than at the test deadline.
	StepTimeout = 10 * time.Second
	// tabTimeout bounds a whole tab (a test's journey).
	tabTimeout = 60 * time.Second
	// startTimeout bounds Chromium's start.
	startTimeout = 30 * time.Second
)

// The shared browser process of this test binary.
var shared struct {
	once        sync.Once
	err         error // why there is no browser
	ctx         context.Context
	cancelAlloc context.CancelFunc
	cancel      context.CancelFunc
	output      *limitedBuffer
}

// Chromium returns the path of the Chromium to run: $MAEUL_CHROMIUM when
// set, else /usr/bin/chromium, else chromium or chromium-browser on PATH.
// The error says where it looked.
func Chromium() (string, error) {
	if p := os.Getenv("MAEUL_CHROMIUM"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("MAEUL_CHROMIUM=%s: %w", p, err)
		}
		return path, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("chromium not found (looked for /usr/bin/chromium, chromium and chromium-browser on PATH; set MAEUL_CHROMIUM to choose one)")
}

// start starts the shared browser once; later calls return the first
// outcome.
func start() error {
	shared.once.Do(func() {
		path, err := Chromium()
		if err != nil {
			shared.err = err
			return
		}
		shared.output = &limitedBuffer{max: 8 << 10}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.CombinedOutput(shared.output),
			// Headless is among the defaults; these make Chromium work
			// on a machine with no GPU, no sandbox support and no network
			// beyond loopback. chromedp gives it a fresh temporary
			// --user-data-dir and removes it when the browser exits.
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-proxy-server", true),
			chromedp.NoFirstRun,
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancel := chromedp.NewContext(actx)
		// The first Do starts the browser and binds it to bctx, so it
		// must not carry a deadline; a timer bounds it instead.
		timer := time.AfterFunc(startTimeout, cancel)
		err = chromedp.Do(bctx)
		if !timer.Stop() {
			err = fmt.Errorf("not started within %v", startTimeout)
		}
		if err != nil {
			cancel()
			cancelAlloc()
			msg := strings.TrimRight(err.Error(), ": \n")
			if out := shared.output.String(); out != "" {
				msg += "; its output:\n" + out
			}
			shared.err = fmt.Errorf("starting %s: %s", path, msg)
			return
		}
		shared.ctx, shared.cancel, shared.cancelAlloc = bctx, cancel, cancelAlloc
	})
	return shared.err
}

// Shutdown stops the shared browser, if it started, and waits for it to
// exit. Call it from TestMain after m.Run.
func Shutdown() {
	if shared.cancel != nil {
		shared.cancel()
		shared.cancelAlloc()
		shared.cancel = nil
	}
}

// Option changes how New opens a tab.
type Option func(*Browser)

// Mobile gives the tab a phone's viewport (390×844 CSS pixels at twice the
// density, touch enabled) instead of the default 1280×800 desktop.
func Mobile() Option {
	return func(b *Browser) { b.mobile = true }
}

// AcceptLanguage sends v (for example "ko" or "zh-CN,zh;q=0.9") as the
// Accept-Language header of every request from the tab, instead of
// Chromium's "en-US,en;q=0.9". (navigator.languages stays en-US.)
func AcceptLanguage(v string) Option {
	return func(b *Browser) { b.acceptLanguage = v }
}

// Label names the tab's files NAME-label… instead of NAME…, for a test that
// opens several tabs (a seller's and a shopper's, say). Without it, a
// test's second tab is NAME-2, its third NAME-3.
func Label(label string) Option {
	return func(b *Browser) { b.name = fileName(b.t.Name() + "-" + label) }
}

// Browser is a test's tab, in a browser context of its own, pointed at a
// server.
type Browser struct {
	t       testing.TB
	ctx     context.Context // the tab's chromedp context, carrying the Browser
	baseURL string
	name    string // the test's name, as a file name
	dir     string // where screenshots go

	mobile         bool
	acceptLanguage string
}

type browserKey struct{}

// New opens a tab for the test in a new browser context (its own cookies
// and storage) of the shared browser, with baseURL as the server that
// relative paths of Open refer to. The tab closes when the test ends. When
// Chromium is missing or does not start, New skips the test with the
// reason, or fails it when MAEUL_REQUIRE_BROWSER=1.
func New(t testing.TB, baseURL string, opts ...Option) *Browser {
	t.Helper()
	if err := start(); err != nil {
		if os.Getenv("MAEUL_REQUIRE_BROWSER") == "1" {
			t.Fatalf("MAEUL_REQUIRE_BROWSER=1 but there is no browser: %v", err)
		}
		t.Skipf("browser journeys not run: %v. Install Debian's chromium and fonts-noto-cjk, or set MAEUL_CHROMIUM; MAEUL_REQUIRE_BROWSER=1 makes this a failure", err)
	}
	b := &Browser{
		t:       t,
		baseURL: strings.TrimSuffix(baseURL, "/"),
		name:    tabName(t),
		dir:     outDir(),
	}
	for _, o := range opts {
		o(b)
	}
	tab, cancelTab := chromedp.NewContext(shared.ctx, chromedp.WithNewBrowserContext())
	ctx, cancelDeadline := context.WithTimeout(tab, tabTimeout)
	t.Cleanup(func() {
		cancelDeadline()
		cancelTab()
	})
	b.ctx = context.WithValue(ctx, browserKey{}, b)

	viewport := chromedp.EmulateViewport(1280, 800)
	if b.mobile {
		viewport = chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))
	}
	setup := []Step{viewport}
	if b.acceptLanguage != "" {
		setup = append(setup, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
				Headers: network.Headers{"Accept-Language": b.acceptLanguage},
			})
			return err
		}))
	}
	// The first Do opens the tab and binds its life to the context it is
	// given, so this one runs on the tab's own context, not a step's.
	if err := chromedp.Do(b.ctx, setup...); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	return b
}

// Context returns the tab's chromedp context, for running chromedp
// actions that return values.
func (b *Browser) Context() context.Context { return b.ctx }

// Run runs the steps in order, each within StepTimeout. When a step fails,
// Run saves NAME-fail.png and NAME-fail.html and fails the test with the
// step's number and error, the page's address and the start of its text;
// when all pass, it saves NAME.png.
func (b *Browser) Run(steps ...Step) {
	b.t.Helper()
	for i, s := range steps {
		if err := b.step(s); err != nil {
			b.fail(fmt.Sprintf("step %d of %d: %v", i+1, len(steps), err))
		}
	}
	b.removeFile(b.name + "-fail.png")
	b.removeFile(b.name + "-fail.html")
	if err := b.screenshot(b.ctx, b.name+".png"); err != nil {
		b.t.Errorf("browsertest: %v", err)
	}
}

// Text returns the visible text of the first element that matches sel,
// failing the test as Run does when there is none.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	var text string
	err := b.step(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			return fmt.Errorf("reading the text of %s: %w", sel, err)
		}
		return nil
	}))
	if err != nil {
		b.fail(err.Error())
	}
	return text
}

// step runs one step within StepTimeout.
func (b *Browser) step(s Step) error {
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	err := chromedp.Do(ctx, s)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if b.ctx.Err() != nil {
			return fmt.Errorf("%w (the tab's %v ran out)", err, tabTimeout)
		}
		return fmt.Errorf("%w (gave up after %v)", err, StepTimeout)
	}
	return err
}

// fail saves the failure's screenshot and HTML and fails the test.
func (b *Browser) fail(msg string) {
	b.t.Helper()
	b.removeFile(b.name + ".png")
	var where string
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	if err := b.screenshot(ctx, b.name+"-fail.png"); err != nil {
		b.t.Logf("browsertest: %v", err)
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); err != nil {
		b.t.Logf("browsertest: reading the page's HTML: %v", err)
	} else {
		b.writeFile(b.name+"-fail.html", []byte("<!doctype html>\n"+html))
	}
	type pageState struct {
		URL  string `json:"url"`
		Text string `json:"text"`
	}
	if p, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](
		`({url: location.href, text: (document.querySelector("main") || document.body || document.documentElement).innerText})`)); err == nil {
		where = fmt.Sprintf("\npage: %s\ntext: %s", p.URL, excerpt(p.Text, 400))
	}
	b.t.Fatalf("browser journey %s: %s%s", b.name, msg, where)
}

// screenshot saves a full-page PNG of the tab as name.
func (b *Browser) screenshot(ctx context.Context, name string) error {
	b.t.Helper()
	// A full-page PNG, like chromedp.FullScreenshot(100) but encoded for
	// speed: a fraction of the time, for somewhat larger files.
	png, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		CaptureBeyondViewport: ptr(true),
		FromSurface:           ptr(true),
		OptimizeForSpeed:      ptr(true),
	})
	if err != nil {
		return fmt.Errorf("screenshot %s: %w", name, err)
	}
	b.writeFile(name, png.Data)
	return nil
}

func (b *Browser) writeFile(name string, data []byte) {
	b.t.Helper()
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		b.t.Errorf("browsertest: %v", err)
		return
	}
	path := filepath.Join(b.dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.t.Errorf("browsertest: %v", err)
		return
	}
	b.t.Logf("browsertest: saved %s", path)
}

// removeFile removes an earlier run's file that this run's outcome makes
// stale, such as NAME-fail.png after a pass.
func (b *Browser) removeFile(name string) {
	os.Remove(filepath.Join(b.dir, name))
}

// outDir is where screenshots and failed pages go.
func outDir() string {
	if d := os.Getenv("MAEUL_BROWSER_OUT"); d != "" {
		if abs, err := filepath.Abs(d); err == nil {
			return abs
		}
		return d
	}
	return filepath.Join(os.TempDir(), "maeul-browser")
}

var tabs struct {
	mu sync.Mutex
	n  map[testing.TB]int // tabs open per running test
}

// tabName names t's next tab for its files: the test's name, with -2, -3…
// for the test's later tabs.
func tabName(t testing.TB) string {
	tabs.mu.Lock()
	defer tabs.mu.Unlock()
	if tabs.n == nil {
		tabs.n = make(map[testing.TB]int)
	}
	if tabs.n[t] == 0 {
		t.Cleanup(func() {
			tabs.mu.Lock()
			defer tabs.mu.Unlock()
			delete(tabs.n, t)
		})
	}
	tabs.n[t]++
	if n := tabs.n[t]; n > 1 {
		return fileName(fmt.Sprintf("%s-%d", t.Name(), n))
	}
	return fileName(t.Name())
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName turns a test's name into a file name: TestX/sub → TestX-sub.
func fileName(testName string) string {
	return strings.Trim(unsafeFileChars.ReplaceAllString(testName, "-"), "-")
}

// excerpt collapses s's white space and cuts it to about n bytes.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && (s[cut]&0xC0) == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

// limitedBuffer keeps the first max bytes written to it: Chromium's output,
// for the error when it does not start.
type limitedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (w *limitedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (w *limitedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.TrimSpace(w.buf.String())
}

func ptr[T any](v T) *T { return &v }
