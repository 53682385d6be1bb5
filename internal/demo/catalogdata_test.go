package demo

// These tests check the demo catalog files — data/products.csv,
// data/product_photos.csv and data/stories.csv — against the rules of the
// product import and the promises the demo makes (every village store has
// something to sell, every category has products, the names are the ones
// shoppers search for in Korean, Chinese and English). Every problem is
// reported as file:line so it can be fixed where it is.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// record is one data row of a CSV file, by column name.
type record struct {
	line int
	col  map[string]string
}

// table is one parsed CSV file.
type table struct {
	file   string
	header []string
	rows   []record
}

// readTable reads data/name from the embedded files. Rows whose column count
// differs from the header's are reported and left out.
func readTable(t *testing.T, name string) table {
	t.Helper()
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s:1: reading the header: %v", name, err)
	}
	tb := table{file: name, header: header}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err) // a csv.ParseError names the line
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			t.Errorf("%s:%d: got %d columns, want %d", name, line, len(rec), len(header))
			continue
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		tb.rows = append(tb.rows, record{line: line, col: m})
	}
	return tb
}

func checkHeader(t *testing.T, tb table, want []string) {
	t.Helper()
	if got := strings.Join(tb.header, ","); got != strings.Join(want, ",") {
		t.Fatalf("%s:1: header is\n\t%s\nwant\n\t%s", tb.file, got, strings.Join(want, ","))
	}
}

var (
	productHeader = []string{"product_code", "org_code", "category", "origin_code", "kind",
		"name_ko", "name_zh", "name_en", "description_ko", "description_zh", "description_en",
		"labels", "cert_no", "cert_expiry", "sku", "variant_ko", "variant_zh", "variant_en", "price", "stock"}
	// productLevel are the columns every row of one product must repeat.
	productLevel = []string{"org_code", "category", "origin_code", "kind", "name_ko", "name_zh", "name_en",
		"description_ko", "description_zh", "description_en", "labels", "cert_no", "cert_expiry"}
	photoHeader = []string{"product_code", "subject", "seed"}
	storyHeader = []string{"org_code", "story_ko", "story_zh", "story_en", "cover_subject"}
)

// categoryKind maps each leaf category to the kind its products must be.
var categoryKind = map[string]string{
	"grains-rice": "goods", "grains-other": "goods",
	"forest-mushroom": "goods", "forest-nuts": "goods", "forest-ginseng-honey": "goods",
	"fruit-apple-pear": "goods", "fruit-berries": "goods",
	"eggs-poultry": "goods", "vegetables": "goods",
	"processed-kimchi": "goods", "processed-sauces": "goods",
	"processed-rice-cakes-noodles": "goods", "processed-dried": "goods",
	"handicrafts":       "goods",
	"tourism-farm-stay": "tourism", "tourism-picking": "tourism",
	"tourism-village-tour": "tourism", "tourism-tickets": "tourism",
}

const (
	povertyAlleviation   = "poverty_alleviation"
	geographicIndication = "geographic_indication"
)

var knownLabels = map[string]bool{
	povertyAlleviation: true, geographicIndication: true, "organic": true, "green_food": true,
}

var photoSubjects = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`rice glutinous_rice millet wood_ear shiitake pine_nuts ginseng honey
		apple_pear blueberry eggs chicken kimchi doenjang chili_paste rice_cake cold_noodles dried_fish
		woodcraft straw_craft doll farm_stay picking village_tour tickets basket`) {
		photoSubjects[s] = true
	}
}

var (
	productCodeRE = regexp.MustCompile(`^[a-z0-9-]{1,60}$`)
	skuRE         = regexp.MustCompile(`^[A-Z0-9-]{1,40}$`)
	priceRE       = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)
	certRE        = regexp.MustCompile(`^FP(20[0-9]{2})-([0-9]{6})-([0-9]{4})$`)
	// The certificate must still be valid in the demo's time, and not for
	// implausibly long.
	certFrom, certTo = date("2027-03-01"), date("2028-12-31")
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// ---- reference data -------------------------------------------------------

type regionRow struct {
	line   int
	level  string
	parent string
	poor   bool
	names  [3]string // ko, zh, en
}

type orgRow struct {
	line   int
	code   string
	kind   string
	region string
}

type reference struct {
	regions map[string]regionRow
	orgs    map[string]orgRow
	orgList []orgRow // in file order
}

func loadReference(t *testing.T) reference {
	t.Helper()
	ref := reference{regions: map[string]regionRow{}, orgs: map[string]orgRow{}}
	for _, r := range readTable(t, "regions.csv").rows {
		ref.regions[r.col["code"]] = regionRow{
			line: r.line, level: r.col["level"], parent: r.col["parent_code"],
			poor:  r.col["poor"] == "true" || r.col["poor"] == "1" || r.col["poor"] == "yes",
			names: [3]string{r.col["name_ko"], r.col["name_zh"], r.col["name_en"]},
		}
	}
	for _, r := range readTable(t, "organizations.csv").rows {
		o := orgRow{line: r.line, code: r.col["code"], kind: r.col["kind"], region: r.col["region_code"]}
		ref.orgs[o.code] = o
		ref.orgList = append(ref.orgList, o)
	}
	if len(ref.regions) == 0 || len(ref.orgs) == 0 {
		t.Fatal("regions.csv or organizations.csv is empty")
	}
	return ref
}

// county returns the county-level code a region lies in: the first six
// digits padded with zeros.
func county(code string) string {
	if len(code) < 6 {
		return code
	}
	return code[:6] + "000000"
}

var langs = [3]string{"ko", "zh", "en"}

// placeSuffixes are the endings that turn "동흥촌", "东兴村" or "Dongxing
// Village" into the word a text is expected to use ("동흥", "东兴",
// "Dongxing").
var placeSuffixes = [3][]string{
	{"촌", "진", "시", "현"},
	{"村", "镇", "市", "县"},
	{" Village", " Town", " City", " County"},
}

// placeWords returns, in language l (0 ko, 1 zh, 2 en), the short names of
// the region code and the regions above it up to its county.
func (ref reference) placeWords(code string, l int) []string {
	var out []string
	for c := code; c != ""; {
		r, ok := ref.regions[c]
		if !ok {
			break
		}
		n := r.names[l]
		for _, s := range placeSuffixes[l] {
			if strings.HasSuffix(n, s) && len(n) > len(s) {
				n = strings.TrimSuffix(n, s)
				break
			}
		}
		if n != "" {
			out = append(out, n)
		}
		if r.level == "county" {
			break
		}
		c = r.parent
	}
	return out
}

// mentionsPlace reports whether text names the region (its village, town or
// county) in language l.
func (ref reference) mentionsPlace(text, code string, l int) bool {
	for _, w := range ref.placeWords(code, l) {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// sentences counts the sentences of a text in any of the three languages:
// each 。！？ and each . ! ? that ends the text or is followed by a space.
func sentences(s string) int {
	rs := []rune(strings.TrimSpace(s))
	n := 0
	for i, r := range rs {
		switch r {
		case '。', '！', '？':
			n++
		case '.', '!', '?':
			if i == len(rs)-1 || unicode.IsSpace(rs[i+1]) {
				n++
			}
		}
	}
	return n
}

// ---- products ---------------------------------------------------------

type product struct {
	code     string
	first    record // the first row: the product-level columns
	variants []record
}

func (p *product) get(col string) string { return p.first.col[col] }

func (p *product) labels() []string {
	if p.get("labels") == "" {
		return nil
	}
	return strings.Split(p.get("labels"), ";")
}

func (p *product) has(label string) bool { return slices.Contains(p.labels(), label) }

// loadProducts reads products.csv and groups its rows into products in file
// order.
func loadProducts(t *testing.T) (table, []*product) {
	t.Helper()
	tb := readTable(t, "products.csv")
	checkHeader(t, tb, productHeader)
	var ps []*product
	byCode := map[string]*product{}
	for _, r := range tb.rows {
		code := r.col["product_code"]
		p, ok := byCode[code]
		if !ok {
			p = &product{code: code, first: r}
			byCode[code] = p
			ps = append(ps, p)
		}
		p.variants = append(p.variants, r)
	}
	return tb, ps
}

func TestProductRows(t *testing.T) {
	ref := loadReference(t)
	tb, _ := loadProducts(t)
	skus := map[string]int{}
	for _, r := range tb.rows {
		c := r.col
		errf := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s:%d: %s", tb.file, r.line, fmt.Sprintf(format, args...))
		}
		if !productCodeRE.MatchString(c["product_code"]) {
			errf("product_code %q: want 1 to 60 lower-case letters, digits or '-'", c["product_code"])
		}
		o, ok := ref.orgs[c["org_code"]]
		if !ok {
			errf("org_code %q is not in organizations.csv", c["org_code"])
		}
		wantKind, ok := categoryKind[c["category"]]
		if !ok {
			errf("category %q is not a leaf category", c["category"])
		} else if c["kind"] != wantKind {
			errf("kind is %q, want %q for category %s", c["kind"], wantKind, c["category"])
		}
		origin, ok := ref.regions[c["origin_code"]]
		switch {
		case !ok:
			errf("origin_code %q is not in regions.csv", c["origin_code"])
		case origin.level != "village" && origin.level != "town":
			errf("origin_code %s is a %s, want a village or a town", c["origin_code"], origin.level)
		case o.code != "" && county(c["origin_code"]) != county(o.region):
			errf("origin %s lies outside the seller %s's county %s", c["origin_code"], o.code, county(o.region))
		case o.code != "" && (o.kind == "village_store" || o.kind == "household_shop" || o.kind == "farm") &&
			c["origin_code"] != o.region:
			errf("origin is %s, want the %s's own village %s", c["origin_code"], o.kind, o.region)
		}
		for _, col := range []string{"name_ko", "name_zh", "name_en", "description_ko", "description_zh",
			"description_en", "variant_ko", "variant_zh", "variant_en"} {
			if strings.TrimSpace(c[col]) == "" {
				errf("%s is empty", col)
			} else if c[col] != strings.TrimSpace(c[col]) {
				errf("%s has leading or trailing spaces", col)
			}
		}

		var labels []string
		if c["labels"] != "" {
			labels = strings.Split(c["labels"], ";")
		}
		seen := map[string]bool{}
		for _, l := range labels {
			if !knownLabels[l] {
				errf("unknown label %q (want poverty_alleviation, geographic_indication, organic or green_food)", l)
			}
			if seen[l] {
				errf("label %s appears twice", l)
			}
			seen[l] = true
		}
		if seen[povertyAlleviation] {
			if m := certRE.FindStringSubmatch(c["cert_no"]); m == nil {
				errf("cert_no %q: want FPyyyy-cccccc-nnnn", c["cert_no"])
			} else if m[2] != c["origin_code"][:min(6, len(c["origin_code"]))] {
				errf("cert_no %s is from county %s, but the product comes from %s", c["cert_no"], m[2], c["origin_code"])
			}
			if d, err := time.Parse(time.DateOnly, c["cert_expiry"]); err != nil {
				errf("cert_expiry %q is not a YYYY-MM-DD date", c["cert_expiry"])
			} else if d.Before(certFrom) || d.After(certTo) {
				errf("cert_expiry %s: want a date from %s to %s", c["cert_expiry"],
					certFrom.Format(time.DateOnly), certTo.Format(time.DateOnly))
			}
		} else if c["cert_no"] != "" || c["cert_expiry"] != "" {
			errf("cert_no %q, cert_expiry %q: want both empty without the poverty_alleviation label", c["cert_no"], c["cert_expiry"])
		}

		sku := c["sku"]
		if !skuRE.MatchString(sku) {
			errf("sku %q: want 1 to 40 upper-case letters, digits or '-'", sku)
		}
		if first, dup := skus[sku]; dup {
			errf("sku %s already used on line %d", sku, first)
		} else {
			skus[sku] = r.line
		}
		if !priceRE.MatchString(c["price"]) {
			errf("price %q: want yuan with at most two decimals, such as 59.80", c["price"])
		} else if p, _ := strconv.ParseFloat(c["price"], 64); p <= 0 {
			errf("price %s: want more than 0", c["price"])
		}
		if n, err := strconv.Atoi(c["stock"]); err != nil || strings.HasPrefix(c["stock"], "+") {
			errf("stock %q is not a whole number", c["stock"])
		} else if n < 0 {
			errf("stock %d: want 0 or more", n)
		}
	}
}

func TestProductsAgreeAcrossVariants(t *testing.T) {
	tb, ps := loadProducts(t)
	last := map[string]int{} // product code → index of its last row
	for i, r := range tb.rows {
		code := r.col["product_code"]
		if j, ok := last[code]; ok && j != i-1 {
			t.Errorf("%s:%d: product %s continues here after other products (its rows must be together, from line %d)",
				tb.file, r.line, code, tb.rows[j].line)
		}
		last[code] = i
	}
	for _, p := range ps {
		names := map[string]int{}
		for _, v := range p.variants {
			for _, col := range productLevel {
				if got, want := v.col[col], p.get(col); got != want {
					t.Errorf("%s:%d: %s of product %s is %q, differs from line %d: %q",
						tb.file, v.line, col, p.code, got, p.first.line, want)
				}
			}
			if l, dup := names[v.col["variant_ko"]]; dup {
				t.Errorf("%s:%d: variant %q of product %s already on line %d", tb.file, v.line, v.col["variant_ko"], p.code, l)
			}
			names[v.col["variant_ko"]] = v.line
		}
	}
}

// searchTerms are the words shoppers search for. A product named with one of
// them in any language must be named with it in all three, so that a search
// in any language or script finds it; descEn, when set, must also appear in
// the English description.
var searchTerms = []struct {
	ko, zh, en []string
	descEn     string
}{
	{ko: []string{"사과배"}, zh: []string{"苹果梨"}, en: []string{"apple-pear"}, descEn: "apple pear"},
	{ko: []string{"목이버섯"}, zh: []string{"木耳"}, en: []string{"wood-ear"}},
	{ko: []string{"잣"}, zh: []string{"松子"}, en: []string{"pine nut"}},
	{ko: []string{"인삼", "수삼", "홍삼", "림하삼"}, zh: []string{"人参", "红参", "林下参"}, en: []string{"ginseng"}},
	{ko: []string{"꿀"}, zh: []string{"蜜"}, en: []string{"honey"}},
	{ko: []string{"블루베리"}, zh: []string{"蓝莓"}, en: []string{"blueberr"}},
	{ko: []string{"닭알"}, zh: []string{"鸡蛋"}, en: []string{"eggs"}},
	{ko: []string{"김치"}, zh: []string{"泡菜"}, en: []string{"kimchi"}},
	{ko: []string{"된장"}, zh: []string{"大酱"}, en: []string{"doenjang"}},
	{ko: []string{"고추장"}, zh: []string{"辣酱"}, en: []string{"gochujang"}},
	{ko: []string{"랭면"}, zh: []string{"冷面"}, en: []string{"cold noodles"}},
	{ko: []string{"표고"}, zh: []string{"香菇"}, en: []string{"shiitake"}},
	{ko: []string{"명태"}, zh: []string{"明太鱼"}, en: []string{"pollack"}},
}

func containsAny(s string, words []string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

func TestProductTexts(t *testing.T) {
	ref := loadReference(t)
	tb, ps := loadProducts(t)
	for _, p := range ps {
		errf := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s:%d: product %s: %s", tb.file, p.first.line, p.code, fmt.Sprintf(format, args...))
		}
		for l, lang := range langs {
			d := p.get("description_" + lang)
			if n := sentences(d); n < 1 || n > 3 {
				errf("description_%s has %d sentences, want 1 to 3", lang, n)
			}
			if !ref.mentionsPlace(d, p.get("origin_code"), l) {
				errf("description_%s names none of %q (its village, town or county)", lang,
					ref.placeWords(p.get("origin_code"), l))
			}
		}
		names := [3]string{p.get("name_ko"), p.get("name_zh"), p.get("name_en")}
		for _, st := range searchTerms {
			words := [3][]string{st.ko, st.zh, st.en}
			named := false
			for l := range langs {
				named = named || containsAny(names[l], words[l])
			}
			if !named {
				continue
			}
			for l, lang := range langs {
				if !containsAny(names[l], words[l]) {
					errf("name_%s %q lacks %q, which the other names use", lang, names[l], words[l])
				}
			}
			if st.descEn != "" && !containsAny(p.get("description_en"), []string{st.descEn}) {
				errf("description_en lacks %q", st.descEn)
			}
		}
		if p.get("category") == "grains-rice" {
			for l, w := range [3]string{"입쌀", "大米", "rice"} {
				if !containsAny(names[l], []string{w}) {
					errf("rice named %q: want %q in name_%s", names[l], w, langs[l])
				}
			}
		}
	}
}

// giProducts are the products that carry a geographic indication: any other
// product with the label is an error, and each of these must have it.
var giProducts = []struct {
	what string
	is   func(p *product) bool
}{
	{"Yanbian rice", func(p *product) bool { return p.get("category") == "grains-rice" }},
	{"Yanbian apple-pears", func(p *product) bool {
		return p.get("category") == "fruit-apple-pear" && strings.Contains(p.get("name_zh"), "苹果梨")
	}},
	{"Wangqing black wood-ear", func(p *product) bool {
		return p.get("kind") == "goods" && county(p.get("origin_code")) == "222424000000" &&
			strings.Contains(p.get("name_zh"), "木耳")
	}},
	{"Changbai mountain ginseng", func(p *product) bool {
		return p.get("category") == "forest-ginseng-honey" && containsAny(p.get("name_en"), []string{"ginseng"})
	}},
}

func TestProductLabels(t *testing.T) {
	ref := loadReference(t)
	tb, ps := loadProducts(t)
	certs := map[string]string{}
	var small, smallPA int
	for _, p := range ps {
		errf := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s:%d: product %s: %s", tb.file, p.first.line, p.code, fmt.Sprintf(format, args...))
		}
		if p.has(povertyAlleviation) {
			if o := ref.regions[p.get("origin_code")]; !o.poor {
				errf("carries poverty_alleviation but its origin %s is not a registered poor village", p.get("origin_code"))
			}
			if other, dup := certs[p.get("cert_no")]; dup {
				errf("certificate %s is already product %s's", p.get("cert_no"), other)
			}
			certs[p.get("cert_no")] = p.code
		}
		gi := ""
		for _, g := range giProducts {
			if g.is(p) {
				gi = g.what
			}
		}
		switch {
		case gi != "" && !p.has(geographicIndication):
			errf("%s: want the geographic_indication label", gi)
		case gi == "" && p.has(geographicIndication):
			errf("carries geographic_indication, which only Yanbian rice, apple-pears, Wangqing wood-ear and Changbai ginseng have")
		}
		if k := ref.orgs[p.get("org_code")].kind; k == "village_store" || k == "household_shop" || k == "cooperative" {
			small++
			if p.has(povertyAlleviation) {
				smallPA++
			}
		}
	}
	// "About half" the products of village stores, household shops and
	// cooperatives (all in poor villages) are certified.
	if small == 0 {
		t.Fatalf("%s: no products of village stores, household shops or cooperatives", tb.file)
	}
	if share := float64(smallPA) / float64(small); share < 0.35 || share > 0.65 {
		t.Errorf("%s: %d of %d products of village stores, household shops and cooperatives carry poverty_alleviation (%.0f%%), want about half (35%%–65%%)",
			tb.file, smallPA, small, 100*share)
	}
}

func TestCatalogCoverage(t *testing.T) {
	ref := loadReference(t)
	tb, ps := loadProducts(t)

	perOrg := map[string]int{}
	perCounty := map[string]int{}
	perCategory := map[string]int{}
	var tourism, soldOut, low int
	for _, p := range ps {
		perOrg[p.get("org_code")]++
		perCounty[county(p.get("origin_code"))]++
		perCategory[p.get("category")]++
		if p.get("kind") == "tourism" {
			tourism++
			if lvl := ref.regions[p.get("origin_code")].level; lvl != "village" {
				t.Errorf("%s:%d: tourism product %s comes from a %s, want a village", tb.file, p.first.line, p.code, lvl)
			}
			continue
		}
		for _, v := range p.variants {
			switch n, _ := strconv.Atoi(v.col["stock"]); {
			case n == 0:
				soldOut++
			case n <= 5:
				low++
			}
		}
	}

	totals := []struct {
		what     string
		got      int
		min, max int // max 0: no upper bound
	}{
		{"products", len(ps), 130, 0},
		{"variant rows", len(tb.rows), 200, 0},
		{"tourism products", tourism, 12, 16},
		{"sold-out goods variants (stock 0)", soldOut, 3, 0},
		{"low-stock goods variants (stock 1–5)", low, 3, 0},
	}
	for _, c := range totals {
		if c.got < c.min || (c.max > 0 && c.got > c.max) {
			want := fmt.Sprintf("at least %d", c.min)
			if c.max > 0 {
				want = fmt.Sprintf("%d to %d", c.min, c.max)
			}
			t.Errorf("%s: got %d %s, want %s", tb.file, c.got, c.what, want)
		}
	}

	var counties []string
	for code, r := range ref.regions {
		if r.level == "county" {
			counties = append(counties, code)
		}
	}
	slices.Sort(counties)
	for _, code := range counties {
		r := ref.regions[code]
		if got := perCounty[code]; got < 10 {
			t.Errorf("regions.csv:%d: county %s (%s) has %d products in %s, want at least 10", r.line, code, r.names[2], got, tb.file)
		}
	}
	if len(counties) != 8 {
		t.Errorf("regions.csv: got %d counties, want Yanbian's 8", len(counties))
	}

	minPerKind := map[string]int{"village_store": 3, "household_shop": 2, "farm": 2, "cooperative": 2, "enterprise": 2}
	for _, o := range ref.orgList {
		want, ok := minPerKind[o.kind]
		if !ok {
			t.Errorf("organizations.csv:%d: unknown organization kind %q", o.line, o.kind)
			continue
		}
		if got := perOrg[o.code]; got < want {
			t.Errorf("organizations.csv:%d: %s %s sells %d products in %s, want at least %d", o.line, o.kind, o.code, got, tb.file, want)
		}
	}

	cats := make([]string, 0, len(categoryKind))
	for c := range categoryKind {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, c := range cats {
		if got := perCategory[c]; got < 3 {
			t.Errorf("%s: category %s has %d products, want at least 3", tb.file, c, got)
		}
	}
}

func TestProductPhotos(t *testing.T) {
	_, ps := loadProducts(t)
	tb := readTable(t, "product_photos.csv")
	checkHeader(t, tb, photoHeader)
	products := map[string]*product{}
	for _, p := range ps {
		products[p.code] = p
	}
	rows := map[string]int{}
	seeds := map[int]int{}
	for _, r := range tb.rows {
		code := r.col["product_code"]
		if _, ok := products[code]; !ok {
			t.Errorf("%s:%d: product %q is not in products.csv", tb.file, r.line, code)
		}
		if l, dup := rows[code]; dup {
			t.Errorf("%s:%d: product %s already has a photo on line %d", tb.file, r.line, code, l)
		}
		rows[code] = r.line
		if !photoSubjects[r.col["subject"]] {
			t.Errorf("%s:%d: unknown subject %q", tb.file, r.line, r.col["subject"])
		}
		seed, err := strconv.Atoi(r.col["seed"])
		if err != nil || seed < 0 {
			t.Errorf("%s:%d: seed %q is not a whole number", tb.file, r.line, r.col["seed"])
			continue
		}
		if l, dup := seeds[seed]; dup {
			t.Errorf("%s:%d: seed %d already used on line %d", tb.file, r.line, seed, l)
		}
		seeds[seed] = r.line
	}
	for _, p := range ps {
		if _, ok := rows[p.code]; !ok {
			t.Errorf("products.csv:%d: product %s has no row in %s", p.first.line, p.code, tb.file)
		}
	}
}

func TestStories(t *testing.T) {
	ref := loadReference(t)
	tb := readTable(t, "stories.csv")
	checkHeader(t, tb, storyHeader)
	seen := map[string]int{}
	for _, r := range tb.rows {
		code := r.col["org_code"]
		errf := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s:%d: %s: %s", tb.file, r.line, code, fmt.Sprintf(format, args...))
		}
		o, ok := ref.orgs[code]
		if !ok {
			errf("not in organizations.csv")
			continue
		}
		if l, dup := seen[code]; dup {
			errf("already has a story on line %d", l)
		}
		seen[code] = r.line
		for l, lang := range langs {
			s := r.col["story_"+lang]
			if n := sentences(s); n < 2 || n > 4 {
				errf("story_%s has %d sentences, want 2 to 4", lang, n)
			}
			if !ref.mentionsPlace(s, o.region, l) {
				errf("story_%s names none of %q (where the seller is)", lang, ref.placeWords(o.region, l))
			}
		}
		want := "store"
		if o.kind == "village_store" {
			want = "village"
		}
		if got := r.col["cover_subject"]; got != want {
			errf("cover_subject is %q, want %q for kind %s", got, want, o.kind)
		}
	}
	for _, o := range ref.orgList {
		if _, ok := seen[o.code]; !ok {
			t.Errorf("organizations.csv:%d: %s has no story in %s", o.line, o.code, tb.file)
		}
	}
}
