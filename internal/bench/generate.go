package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
	"maeul/internal/store"
)

// goods are the base products a synthetic catalog is made of: real Yanbian
// specialties in the three languages, with their category and a typical
// price in yuan.
var goods = []struct {
	category   string
	ko, zh, en string
	yuan       int
}{
	{"fruit-apple-pear", "사과배", "苹果梨", "Apple-pear", 45},
	{"forest-mushroom", "흑목이버섯", "黑木耳", "Black wood-ear fungus", 38},
	{"forest-mushroom", "표고버섯", "香菇", "Shiitake", 32},
	{"grains-rice", "연변입쌀", "延边大米", "Yanbian rice", 65},
	{"grains-other", "찹쌀", "糯米", "Glutinous rice", 28},
	{"grains-other", "좁쌀", "小米", "Millet", 22},
	{"forest-nuts", "잣", "松子", "Pine nuts", 98},
	{"forest-ginseng-honey", "인삼", "人参", "Ginseng", 168},
	{"forest-ginseng-honey", "꿀", "蜂蜜", "Honey", 76},
	{"eggs-poultry", "토닭알", "土鸡蛋", "Free-range eggs", 42},
	{"fruit-berries", "블루베리", "蓝莓", "Blueberries", 58},
	{"processed-kimchi", "배추김치", "辣白菜", "Cabbage kimchi", 36},
	{"processed-sauces", "된장", "大酱", "Soybean paste", 30},
	{"processed-sauces", "고추장", "辣酱", "Chili paste", 26},
	{"processed-rice-cakes-noodles", "찰떡", "打糕", "Rice cake", 24},
	{"processed-rice-cakes-noodles", "랭면", "冷面", "Cold noodles", 19},
	{"processed-dried", "명태", "明太鱼", "Dried pollack", 55},
	{"vegetables", "산나물", "山野菜", "Wild greens", 18},
	{"handicrafts", "목각공예", "木雕", "Wood carving", 120},
}

var descriptors = []struct{ ko, zh, en string }{
	{"유기농", "有机", "Organic"}, {"특등", "特级", "Premium"}, {"산지직송", "产地直发", "Farm-direct"},
	{"햇", "新", "New-harvest"}, {"선물세트", "礼盒", "Gift box"}, {"가정용", "家庭装", "Family pack"},
	{"전통", "传统", "Traditional"}, {"무농약", "无农药", "Pesticide-free"},
}

// GenerateProducts adds synthetic products until the database holds n, so
// that catalog figures can be measured at scale. They are spread over the
// stored organizations and the villages of each one's county, and are
// deterministic for a seed. It returns how many it added.
func GenerateProducts(ctx context.Context, db *store.DB, n int, seed uint64, progress func(done int)) (int, error) {
	have, err := db.Search(ctx, catalog.Query{WithHidden: true, Limit: 1})
	if err != nil {
		return 0, err
	}
	if have.Total >= n {
		return 0, nil
	}
	orgs, err := db.Organizations(ctx, org.Filter{})
	if err != nil {
		return 0, err
	}
	villages := map[region.Code][]region.Code{} // county → villages
	for _, o := range orgs {
		county := o.Region.County()
		if _, ok := villages[county]; ok || county == "" {
			continue
		}
		towns, err := db.Children(ctx, county)
		if err != nil {
			return 0, err
		}
		for _, t := range towns {
			vs, err := db.Children(ctx, t.Code)
			if err != nil {
				return 0, err
			}
			for _, v := range vs {
				villages[county] = append(villages[county], v.Code)
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d61657))
	added := 0
	const batch = 500
	for have.Total+added < n {
		var ps []catalog.Product
		var chs []catalog.Change
		for len(ps) < batch && have.Total+added+len(ps) < n {
			i := have.Total + added + len(ps)
			o := orgs[rng.IntN(len(orgs))]
			vs := villages[o.Region.County()]
			if len(vs) == 0 {
				continue
			}
			g := goods[rng.IntN(len(goods))]
			d := descriptors[rng.IntN(len(descriptors))]
			origin := vs[rng.IntN(len(vs))]
			p := catalog.Product{
				Code: fmt.Sprintf("gen-%06d", i), OrgID: o.ID, Category: g.category, Origin: origin, Kind: catalog.Goods,
				Name: i18n.Text{
					Ko: d.ko + " " + g.ko + " " + fmt.Sprint(i%97),
					Zh: d.zh + g.zh + fmt.Sprint(i%97),
					En: d.en + " " + g.en + " " + fmt.Sprint(i%97),
				},
				Description: i18n.Text{En: strings.ToLower(d.en) + " " + strings.ToLower(g.en) + " from " + o.Name.In(i18n.En)},
			}
			if rng.IntN(3) == 0 {
				p.Labels = []catalog.Label{catalog.GreenFood}
			}
			for v := 0; v < 1+rng.IntN(3); v++ {
				price := money.Yuan(int64(g.yuan*(v+1))) + money.Fen(rng.IntN(100))
				p.Variants = append(p.Variants, catalog.Variant{
					SKU:   fmt.Sprintf("GEN-%06d-%d", i, v),
					Name:  i18n.Text{Ko: fmt.Sprintf("%d 묶음", v+1), Zh: fmt.Sprintf("%d份", v+1), En: fmt.Sprintf("%d pack", v+1)},
					Price: price, Stock: rng.IntN(200),
				})
			}
			ps = append(ps, p)
			chs = append(chs, catalog.Change{OrgID: o.ID, Action: "generate", At: time.Now()})
		}
		if _, err := db.SaveProducts(ctx, ps, chs); err != nil {
			return added, fmt.Errorf("bench.GenerateProducts: %w", err)
		}
		added += len(ps)
		if progress != nil {
			progress(have.Total + added)
		}
	}
	return added, nil
}
