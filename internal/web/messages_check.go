package web

import (
	"fmt"
	"io/fs"
	"regexp"

	"maeul/internal/i18n"
)

var (
	literalKey = regexp.MustCompile(`\bt \$?[.\w]*(?:\.Lang|\$l) "([^"]+)"`)
	dynamicKey = regexp.MustCompile(`\(print "([a-z_.]+\.)" `)
)

// MissingMessages reads the templates/*.html of files and returns a
// problem for every message key they name that cat lacks in a language —
// a literal key, or one built from a prefix and each value prefixes lists
// for it — and for every built prefix prefixes does not enumerate; and
// how many keys it checked. The tests of web and of every console call it.
func MissingMessages(cat *i18n.Catalog, files fs.FS, prefixes map[string][]string) (problems []string, checked int, err error) {
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, 0, err
	}
	for _, f := range names {
		b, err := fs.ReadFile(files, f)
		if err != nil {
			return nil, 0, err
		}
		var keys []string
		for _, m := range literalKey.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		for _, m := range dynamicKey.FindAllStringSubmatch(string(b), -1) {
			vals, ok := prefixes[m[1]]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: dynamic key prefix %q has no enumeration in this test", f, m[1]))
			}
			for _, v := range vals {
				keys = append(keys, m[1]+v)
			}
		}
		checked += len(keys)
		for _, k := range keys {
			for _, l := range i18n.Langs {
				if !cat.Has(l, k) {
					problems = append(problems, fmt.Sprintf("%s: message %q missing in %s", f, k, l))
				}
			}
		}
	}
	return problems, checked, nil
}
