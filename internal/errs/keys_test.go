package errs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"maeul/internal/i18n"
)

// unconverted lists the directories whose errors are still English
// sentences rather than message keys; the conversion empties it.
var unconverted = map[string]bool{
	"internal/accounts": true,
	"internal/api":      true,
	"internal/catalog":  true,
	"internal/impact":   true,
	"internal/importer": true,
	"internal/money":    true,
	"internal/network":  true,
	"internal/orders":   true,
	"internal/org":      true,
	"internal/payments": true,
	"internal/photo":    true,
	"internal/promo":    true,
	"internal/region":   true,
	"internal/store":    true,
	"internal/web":      true,
}

// errorCall is one call of errs.E or errs.Field found in the source.
type errorCall struct {
	pos   string
	key   string
	nargs int // -1 when the arguments are spread with ...
}

// TestEveryErrorKeyIsTranslated reads every Go file of the module, finds
// each errs.E and errs.Field call, and checks that its key is a literal
// that exists in all three languages with as many verbs as the call gives
// arguments, so that no refusal reaches a user as an English sentence or
// a raw key.
func TestEveryErrorKeyIsTranslated(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	calls, found := errorCalls(t, "../..")
	if found < 100 {
		t.Fatalf("found only %d errs.E/errs.Field calls; is the walk right?", found)
	}
	for _, c := range calls {
		if c.key == "" {
			t.Errorf("%s: the message key is not a string literal", c.pos)
			continue
		}
		for _, l := range i18n.Langs {
			if !cat.Has(l, c.key) {
				t.Errorf("%s: key %q has no %s text", c.pos, c.key, l)
				continue
			}
			if c.nargs < 0 {
				continue
			}
			for _, form := range cat.Forms(l, c.key) {
				if n := countVerbs(form); n != c.nargs {
					t.Errorf("%s: key %q in %s has %d verbs, the call gives %d arguments: %q", c.pos, c.key, l, n, c.nargs, form)
				}
			}
		}
	}
}

// TestErrorMessagesRender renders every error message ("err." keys) in
// every language with stand-in arguments and checks that it formats
// cleanly and that all languages agree on the number of arguments.
func TestErrorMessagesRender(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range cat.Keys(i18n.En) {
		if !strings.HasPrefix(key, "err.") {
			continue
		}
		want := -1
		for _, l := range i18n.Langs {
			for _, form := range cat.Forms(l, key) {
				args := standIns(form)
				if want < 0 {
					want = len(args)
				} else if len(args) != want {
					t.Errorf("%s in %s has %d verbs, another form has %d: %q", key, l, len(args), want, form)
				}
				if got := cat.T(l, key, args...); strings.Contains(got, "%!") {
					t.Errorf("%s in %s renders badly: %q", key, l, got)
				}
			}
		}
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func countVerbs(s string) int {
	n := 0
	for _, m := range verb.FindAllString(s, -1) {
		if m != "%%" {
			n++
		}
	}
	return n
}

// standIns returns an argument of the right kind for each verb of s.
func standIns(s string) []any {
	var args []any
	for _, m := range verb.FindAllString(s, -1) {
		switch m[len(m)-1] {
		case '%':
			continue
		case 'd', 'x', 'c':
			args = append(args, 2)
		case 'f', 'g', 'e':
			args = append(args, 2.5)
		default:
			args = append(args, "x")
		}
	}
	return args
}

func errorCalls(t *testing.T, root string) (calls []errorCall, found int) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		if filepath.ToSlash(rel) == "internal/errs" {
			return nil
		}
		skip := unconverted[filepath.ToSlash(rel)]
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "errs" || (sel.Sel.Name != "E" && sel.Sel.Name != "Field") {
				return true
			}
			if len(call.Args) < 2 {
				return true
			}
			c := errorCall{pos: fset.Position(call.Pos()).String(), nargs: len(call.Args) - 2}
			if call.Ellipsis.IsValid() {
				c.nargs = -1
			}
			if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				c.key, _ = strconv.Unquote(lit.Value)
			}
			if !skip {
				calls = append(calls, c)
			}
			found++
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls, found
}
