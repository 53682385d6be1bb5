package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// browserOf returns the Browser whose tab runs ctx.
func browserOf(ctx context.Context) *Browser {
	b, _ := ctx.Value(browserKey{}).(*Browser)
	return b
}

// step makes a step of f whose error starts with what.
func step(what string, f func(ctx context.Context, t *chromedp.Target) error) Step {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if err := f(ctx, t); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	})
}

// Open loads path (relative to the server New was given, or a full URL)
// and waits for the page.
func Open(path string) Step {
	return step("open "+path, func(ctx context.Context, t *chromedp.Target) error {
		u := path
		if !strings.Contains(path, "://") {
			b := browserOf(ctx)
			if b == nil {
				return errors.New("a relative path needs the context of a Browser")
			}
			u = b.baseURL + path
		}
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
		return checkResponse(resp, err)
	})
}

// Follow clicks the element that matches sel (a link or a button) and waits
// for the page it leads to.
func Follow(sel string) Step {
	return step("follow "+sel, func(ctx context.Context, t *chromedp.Target) error {
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
			return explain(ctx, sel, err)
		}
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no page loaded after the click: %w", err)
		}
		return checkResponse(resp, err)
	})
}

// Submit clicks the submit button of the form that matches sel, as a user
// would, and waits for the page that answers. A form the browser refuses
// to send (an empty required field, say) makes the step time out.
func Submit(form string) Step {
	return step("submit "+form, func(ctx context.Context, t *chromedp.Target) error {
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(form)))
		if err != nil {
			return explain(ctx, form, err)
		}
		button := chromedp.CSS(`button[type=submit], input[type=submit], button:not([type])`)
		if err := chromedp.Do(ctx, chromedp.WaitVisible(button, chromedp.FromNode(nodes[0]))); err != nil {
			return fmt.Errorf("the form has no visible submit button: %w", err)
		}
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(button, chromedp.FromNode(nodes[0])))
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no page loaded after pressing its submit button (is a required field empty?): %w", err)
		}
		return checkResponse(resp, err)
	})
}

// checkResponse turns a server error answering a page load into an error.
func checkResponse(resp *network.Response, err error) error {
	if err != nil {
		return err
	}
	if resp != nil && resp.Status >= 500 {
		return fmt.Errorf("the server answered %d %s for %s", resp.Status, resp.StatusText, resp.URL)
	}
	return nil
}

// Click clicks the element that matches sel without waiting for a page;
// use Follow for links and Submit for forms.
func Click(sel string) Step {
	return step("click "+sel, func(ctx context.Context, t *chromedp.Target) error {
		return explain(ctx, sel, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))))
	})
}

// Fill replaces the value of the text field that matches sel by typing
// text into it.
func Fill(sel, text string) Step {
	return step(fmt.Sprintf("fill %s with %q", sel, text), func(ctx context.Context, t *chromedp.Target) error {
		return explain(ctx, sel, chromedp.Do(ctx,
			chromedp.Clear(chromedp.CSS(sel)),
			chromedp.SendKeys(chromedp.CSS(sel), text),
		))
	})
}

// Choose selects the option with the given value in the select that
// matches sel.
func Choose(sel, value string) Step {
	return step(fmt.Sprintf("choose %q in %s", value, sel), func(ctx context.Context, t *chromedp.Target) error {
		if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(sel))); err != nil {
			return explain(ctx, sel, err)
		}
		ok, err := call[bool](ctx, `(sel, value) => {
			const el = document.querySelector(sel);
			if (![...(el.options || [])].some(o => o.value === value)) return false;
			el.value = value;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
			return true;
		}`, sel, value)
		if err == nil && !ok {
			err = fmt.Errorf("%s has no option %q", sel, value)
		}
		return err
	})
}

// SetFiles puts the files (paths relative to the test's directory, or
// absolute) into the file input that matches sel, as for a photo upload.
func SetFiles(sel string, paths ...string) Step {
	return step(fmt.Sprintf("set files of %s to %s", sel, strings.Join(paths, ", ")), func(ctx context.Context, t *chromedp.Target) error {
		abs := make([]string, len(paths))
		for i, p := range paths {
			a, err := filepath.Abs(p)
			if err != nil {
				return err
			}
			abs[i] = a
		}
		return explain(ctx, sel, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), abs, chromedp.NodeReady)))
	})
}

// Visible waits until the element that matches sel is visible.
func Visible(sel string) Step {
	return step("wait for "+sel+" to be visible", func(ctx context.Context, t *chromedp.Target) error {
		return explain(ctx, sel, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))))
	})
}

// HasText waits until the visible text of the first element that matches
// sel contains want (white space collapsed).
func HasText(sel, want string) Step {
	return expect(fmt.Sprintf("%s should contain %q", sel, want),
		`(sel, want) => { const el = document.querySelector(sel); return !!el && norm(el.innerText).includes(norm(want)); }`,
		`(sel) => { const el = document.querySelector(sel); return el ? sel + " shows " + JSON.stringify(cut(norm(el.innerText))) : "no element matches " + sel; }`,
		sel, want)
}

// LacksText waits until the first element that matches sel exists and its
// visible text does not contain unwanted.
func LacksText(sel, unwanted string) Step {
	return expect(fmt.Sprintf("%s should not contain %q", sel, unwanted),
		`(sel, unwanted) => { const el = document.querySelector(sel); return !!el && !norm(el.innerText).includes(norm(unwanted)); }`,
		`(sel, unwanted) => { const el = document.querySelector(sel); if (!el) return "no element matches " + sel; const t = norm(el.innerText), i = t.indexOf(norm(unwanted)); return sel + " shows " + JSON.stringify(cut(t.slice(Math.max(0, i - 80)))); }`,
		sel, unwanted)
}

// HasAttr waits until the first element that matches sel has the
// attribute name with the value want, such as HasAttr("html", "lang", "ko").
func HasAttr(sel, name, want string) Step {
	return expect(fmt.Sprintf("%s should have %s=%q", sel, name, want),
		`(sel, name, want) => { const el = document.querySelector(sel); return !!el && el.getAttribute(name) === want; }`,
		`(sel, name) => { const el = document.querySelector(sel); if (!el) return "no element matches " + sel; const v = el.getAttribute(name); return v === null ? sel + " has no " + name : sel + " has " + name + "=" + JSON.stringify(v); }`,
		sel, name, want)
}

// HasValue waits until the value of the form field that matches sel is
// want ("" for an empty field).
func HasValue(sel, want string) Step {
	return expect(fmt.Sprintf("%s should hold %q", sel, want),
		`(sel, want) => { const el = document.querySelector(sel); return !!el && el.value === want; }`,
		`(sel) => { const el = document.querySelector(sel); return el ? sel + " holds " + JSON.stringify(el.value) : "no element matches " + sel; }`,
		sel, want)
}

// ImageLoaded waits until the image that matches sel has loaded a
// picture (its natural width is more than zero), such as a QR code the
// server draws; a broken or missing image fails the step.
func ImageLoaded(sel string) Step {
	return expect(sel+" should show a loaded image",
		`(sel) => { const el = document.querySelector(sel); return !!el && el.complete && el.naturalWidth > 0; }`,
		`(sel) => { const el = document.querySelector(sel); if (!el) return "no element matches " + sel; return sel + (el.complete ? " did not load " : " is still loading ") + JSON.stringify(el.currentSrc || el.src); }`,
		sel)
}

// Count waits until exactly n elements match sel.
func Count(sel string, n int) Step {
	return expect(fmt.Sprintf("%d elements should match %s", n, sel),
		`(sel, n) => document.querySelectorAll(sel).length === n`,
		`(sel) => document.querySelectorAll(sel).length + " match " + sel`,
		sel, n)
}

// AtPath waits until the page's path is path (and its query, when path has
// one), such as after a redirect.
func AtPath(path string) Step {
	return expect("the page should be "+path,
		`(want) => (want.includes("?") ? location.pathname + location.search : location.pathname) === want`,
		`() => "the page is " + location.pathname + location.search`,
		path)
}

// Snap saves a full-page screenshot NAME-label.png midway through a
// journey.
func Snap(label string) Step {
	return step("snap "+label, func(ctx context.Context, t *chromedp.Target) error {
		b := browserOf(ctx)
		if b == nil {
			return errors.New("Snap needs the context of a Browser")
		}
		return b.screenshot(ctx, b.name+"-"+fileName(label)+".png")
	})
}

// explain adds to err, when a query on sel timed out, whether sel matched
// nothing or matched only elements that are not visible.
func explain(ctx context.Context, sel string, err error) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	n, qerr := call[int](qctx, `(sel) => document.querySelectorAll(sel).length`, sel)
	switch {
	case qerr != nil:
		return err
	case n == 0:
		return fmt.Errorf("no element matches %s: %w", sel, err)
	default:
		return fmt.Errorf("%s matches %d element(s), none of them visible and ready: %w", sel, n, err)
	}
}

// jsHelpers are defined for the predicates of expect.
const jsHelpers = `const norm = s => String(s).replace(/\s+/g, " ").trim();
const cut = s => s.length > 300 ? s.slice(0, 300) + "…" : s;`

// expect makes an assertion step: it polls the JavaScript predicate check
// with args until it is true, and when time runs out fails with what and
// the result of describe, which says what the page shows instead.
func expect(what, check, describe string, args ...any) Step {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		for {
			_, err = chromedp.Run(ctx, chromedp.PollFunction[bool](
				`(args) => { `+jsHelpers+` return (`+check+`)(...(args || [])); }`,
				pollOptions(ctx, args)...))
			// A navigation that ends while the poll runs destroys the
			// page's execution context under it: poll again in the new
			// one, until the step's time is up.
			if err == nil || !contextReplaced(err) || ctx.Err() != nil {
				break
			}
		}
		if err == nil {
			return nil
		}
		if !errors.Is(err, chromedp.ErrPollingTimeout) && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%s: %w", what, err)
		}
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		got, derr := call[string](dctx, `(...args) => { `+jsHelpers+` return (`+describe+`)(...args); }`, args...)
		if derr != nil {
			return fmt.Errorf("%s, but it does not", what)
		}
		return fmt.Errorf("%s, but %s", what, got)
	})
}

// contextReplaced reports whether err is Chromium saying that the
// JavaScript context a call ran in is gone, as it is when the page
// navigates during the call.
func contextReplaced(err error) bool {
	m := err.Error()
	return strings.Contains(m, "Cannot find context with specified id") ||
		strings.Contains(m, "Execution context was destroyed") ||
		strings.Contains(m, "Inspected target navigated or closed")
}

// call calls the JavaScript function fn with args in the page and decodes
// its result into T.
func call[T any](ctx context.Context, fn string, args ...any) (T, error) {
	js, err := json.Marshal(args)
	if err != nil {
		var zero T
		return zero, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[T](`(`+fn+`)(...`+string(js)+`)`))
}

// pollOptions gives a poll its arguments, a 50 ms interval and a timeout a
// little shorter than ctx's, so that the poll reports a timeout (and the
// step says what it saw) before ctx ends. The arguments go as one array:
// chromedp drops an argument that encodes as "" (or [] or {}), so a lone
// empty string would arrive as undefined.
func pollOptions(ctx context.Context, args []any) []chromedp.PollOption {
	timeout := StepTimeout
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d) - 300*time.Millisecond
	}
	return []chromedp.PollOption{
		chromedp.WithPollingArgs(args),
		chromedp.WithPollingInterval(50 * time.Millisecond),
		chromedp.WithPollingTimeout(max(timeout, 100*time.Millisecond)),
	}
}
