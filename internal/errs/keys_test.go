package errs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"maeul/internal/i18n"
)

// errorCall is one use of a message key found in the source: a call of
// errs.E, errs.Field, i18n.M or an actor's Require, an errs.Error
// literal, or a string literal that names an error or an action.
type errorCall struct {
	pos   string
	key   string
	nargs int // -1 when the arguments are spread with ... or unknown
}

// TestEveryErrorKeyIsTranslated reads every Go file of the module, finds
// each errs.E, errs.Field and i18n.M call, each errs.Error literal, each
// importer.Row.Fail call and each accounts.Actor.Require call (whose
// action is a message key too),
// and checks that its key is a literal that exists in all three languages
// with as many verbs as the call gives arguments, so that no refusal
// reaches a user as an English sentence or a raw key. Any other string
// literal that looks like an error's or an action's key ("err.…",
// "act.…", such as a key passed on to Require) must exist too.
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

// TestErrorMessagesRender renders every error message ("err." keys) and
// every action a refusal names ("act." keys) in every language with
// stand-in arguments and checks that it formats cleanly and that all
// languages agree on the number of arguments.
func TestErrorMessagesRender(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range cat.Keys(i18n.En) {
		if !strings.HasPrefix(key, "err.") && !strings.HasPrefix(key, "act.") {
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

// standIns returns an argument of the right kind for each verb of s, in
// the argument's place when the verb names one (%[2]s).
func standIns(s string) []any {
	var args []any
	next := 0
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		v := m[0]
		if v == "%%" {
			continue
		}
		at := next
		if m[1] != "" {
			at, _ = strconv.Atoi(strings.Trim(m[1], "[]"))
			at--
		}
		next = at + 1
		for len(args) <= at {
			args = append(args, nil)
		}
		switch v[len(v)-1] {
		case 'd', 'x', 'c':
			args[at] = 2
		case 'f', 'g', 'e':
			args[at] = 2.5
		default:
			args[at] = "x"
		}
	}
	return args
}

func errorCalls(t *testing.T, root string) (calls []errorCall, found int) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); file != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, file)
		rel = filepath.ToSlash(rel)
		if path.Dir(rel) == "internal/errs" {
			return nil
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			return err
		}
		used := map[ast.Expr]bool{} // literals checked as a call's key
		add := func(n ast.Node, key ast.Expr, nargs int) {
			used[key] = true
			c := errorCall{pos: fset.Position(n.Pos()).String(), nargs: nargs}
			if lit, ok := key.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				c.key, _ = strconv.Unquote(lit.Value)
			}
			calls = append(calls, c)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if v, err := strconv.Unquote(n.Value); !used[n] && n.Kind == token.STRING && err == nil &&
					(strings.HasPrefix(v, "err.") || strings.HasPrefix(v, "act.")) && !strings.HasSuffix(v, ".") {
					add(n, n, -1)
				}
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && isPkg(sel.X, "errs") && sel.Sel.Name == "Error" {
					var key ast.Expr
					nargs := -1
					for _, el := range n.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						switch id, _ := kv.Key.(*ast.Ident); {
						case id == nil:
						case id.Name == "Key":
							key = kv.Value
						case id.Name == "Args":
							if args, ok := kv.Value.(*ast.CompositeLit); ok {
								nargs = len(args.Elts)
							}
						}
					}
					if key != nil {
						add(n, key, nargs)
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				nargs := func(from int) int {
					if n.Ellipsis.IsValid() {
						return -1
					}
					return len(n.Args) - from
				}
				switch {
				case isPkg(sel.X, "errs") && (sel.Sel.Name == "E" || sel.Sel.Name == "Field") && len(n.Args) >= 2:
					add(n, n.Args[1], nargs(2))
					found++
				case isPkg(sel.X, "i18n") && sel.Sel.Name == "M" && len(n.Args) >= 1:
					if _, ok := n.Args[0].(*ast.BasicLit); ok {
						add(n, n.Args[0], nargs(1))
					}
				case sel.Sel.Name == "Fail" && len(n.Args) >= 2:
					// An import row's problem (importer.Row.Fail).
					if _, ok := n.Args[1].(*ast.Ident); !ok {
						add(n, n.Args[1], nargs(2))
					}
				case sel.Sel.Name == "Require" && len(n.Args) >= 2:
					// An action passed on by name (a parameter) is checked
					// where its literal is written.
					if _, ok := n.Args[1].(*ast.Ident); !ok {
						add(n, n.Args[1], nargs(2))
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls, found
}

func isPkg(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}
