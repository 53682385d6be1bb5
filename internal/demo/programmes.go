package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/importer"
	"maeul/internal/money"
	"maeul/internal/programme"
	"maeul/internal/region"
)

// The demo's programme registers: organizations that hold titles (a park
// and bases), demonstration titles at every level over several years,
// pairings for part of the poor villages, and two matchmaking events in
// Wangqing: one held in the month of the demo's sales (its days take in
// some of them) with the deals signed there, and one a month ahead.

// demoEvents are the events, dated from the month the demo is loaded in.
var demoEvents = []struct {
	code        string
	monthOffset int // the month, relative to the month of loading
	day         int
	name, place i18n.Text
	members     []programme.NewParticipant
	deals       []demoDeal
}{
	{
		code: "wq-matchmaking-autumn", monthOffset: -1, day: 9,
		name:  i18n.Text{Ko: "왕청 흑목이·산나물 산지판매 연결회", Zh: "汪清黑木耳山野菜产销对接会", En: "Wangqing Black Fungus and Wild Greens Matchmaking Fair"},
		place: i18n.Text{Ko: "왕청현 동광진 전자상거래봉사소", Zh: "汪清县东光镇电子商务服务站", En: "Dongguang Town E-commerce Station, Wangqing"},
		members: []programme.NewParticipant{
			{Kind: programme.PointParticipant, Code: "wq-center", Role: programme.Organizer},
			{Kind: programme.OrgParticipant, Code: "wq-dongxing-store", Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "wq-coop", Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "wq-enterprise", Role: programme.Seller},
			{Kind: programme.VillageParticipant, Code: "222424100202", Role: programme.Seller},
			{Kind: programme.PointParticipant, Code: "wq-dongxing-vstation", Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "yj-enterprise", Role: programme.Buyer},
			{Kind: programme.OrgParticipant, Code: "hc-enterprise", Role: programme.Buyer},
		},
		deals: []demoDeal{
			{ref: "WQ-MM-001", seller: "wq-enterprise", buyer: "yj-enterprise", amount: 1_860_000_00,
				goods: "흑목이 30톤 (연간 공급)"},
			{ref: "WQ-MM-002", seller: "wq-coop", buyerName: "延吉市第一中学食堂", amount: 46_800_00,
				goods: "蕨菜、刺嫩芽 3吨"},
			{ref: "WQ-MM-003", seller: "wq-dongxing-store", buyer: "hc-enterprise", amount: 12_500_00,
				goods: "土鸡蛋 5,000枚"},
		},
	},
	{
		code: "yb-matchmaking-newyear", monthOffset: 1, day: 15,
		name:  i18n.Text{Ko: "연변주 설맞이 농특산물 산지판매 연결회", Zh: "延边州迎新春农特产品产销对接会", En: "Yanbian New Year Farm Products Matchmaking Fair"},
		place: i18n.Text{Ko: "연길시 전자상거래산업단지", Zh: "延吉市电子商务产业园", En: "Yanji E-commerce Industrial Park"},
		members: []programme.NewParticipant{
			{Kind: programme.OrgParticipant, Code: "yj-ecommerce-park", Role: programme.Organizer},
			{Kind: programme.OrgParticipant, Code: "yj-laotou-store", Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "tm-enterprise", Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "hl-jindalai-store", Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "at-coop", Role: programme.Seller},
			{Kind: programme.VillageParticipant, Code: "222405100201", Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "dh-enterprise", Role: programme.Buyer},
		},
	},
}

type demoDeal struct {
	ref, seller, buyer, buyerName, goods string
	amount                               money.Fen
}

// loadProgrammes imports the registers and records the events once: an
// event whose code is stored is left as it is.
func loadProgrammes(ctx context.Context, im *importer.Importer, accts *accounts.Service) error {
	now := time.Now()
	if accts.Now != nil {
		now = accts.Now()
	}
	for _, f := range []struct{ kind, file string }{
		{"organizations", "programme_organizations.csv"}, {"designations", "designations.csv"}, {"pairings", "pairings.csv"},
	} {
		b, err := files.ReadFile("data/" + f.file)
		if err != nil {
			return fmt.Errorf("demo.loadProgrammes: %w", err)
		}
		if _, err := im.Apply(ctx, f.kind, "demo/"+f.file, bytes.NewReader(b)); err != nil {
			return fmt.Errorf("demo.loadProgrammes %s: %w", f.file, err)
		}
	}
	svc, sys := im.Programme, accounts.SystemActor
	local := programme.Local(now)
	for _, de := range demoEvents {
		if _, err := svc.Event(ctx, de.code); err == nil {
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return fmt.Errorf("demo.loadProgrammes: %w", err)
		}
		first := time.Date(local.Year(), local.Month()+time.Month(de.monthOffset), de.day, 0, 0, 0, 0, time.UTC)
		starts := programme.DayStart(first).Add(9 * time.Hour)
		e, err := svc.SaveEvent(ctx, sys, programme.Event{Code: de.code, Region: regionOf(de.code), Name: de.name, Place: de.place,
			Starts: starts, Ends: starts.Add(32 * time.Hour)})
		if err != nil {
			return fmt.Errorf("demo.loadProgrammes %s: %w", de.code, err)
		}
		if err := svc.AddParticipants(ctx, sys, e, de.members); err != nil {
			return fmt.Errorf("demo.loadProgrammes %s: %w", de.code, err)
		}
		ps, err := svc.Participants(ctx, e)
		if err != nil {
			return fmt.Errorf("demo.loadProgrammes: %w", err)
		}
		id := map[string]int64{}
		for _, p := range ps {
			id[string(p.Role)+":"+p.Code] = p.ID
		}
		for _, d := range de.deals {
			nd := programme.NewDeal{SellerID: id["seller:"+d.seller], BuyerID: id["buyer:"+d.buyer], BuyerName: d.buyerName,
				Amount: d.amount, Goods: d.goods, Ref: d.ref}
			if _, err := svc.RecordDeal(ctx, sys, e, nd); err != nil {
				return fmt.Errorf("demo.loadProgrammes %s deal %s: %w", de.code, d.ref, err)
			}
		}
	}
	return nil
}

// regionOf is the region hosting a demo event: Wangqing's events by their
// prefix, the prefecture's otherwise.
func regionOf(code string) region.Code {
	if code[:3] == "wq-" {
		return "222424000000"
	}
	return "222400000000"
}
