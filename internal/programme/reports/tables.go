package reports

import (
	"time"

	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/programme"
)

// col makes a column whose label key is "programme.col." + its name.
func col(name string) Column { return Column{Name: name, Label: "programme.col." + name} }

// DesignationTable is the titles by level and kind.
func DesignationTable(ds []Designation) Table {
	t := Table{Name: "programme.sheet.designations", Columns: []Column{col("level"), col("subject_kind"), col("count"),
		col("awarded"), col("province_total"), col("share")}}
	for _, d := range ds {
		total := Text("")
		if d.ProvinceTotal != nil {
			total = Int(*d.ProvinceTotal)
		}
		t.Rows = append(t.Rows, []Cell{Text(d.Level), Text(d.SubjectKind), Int(int64(d.Count)), Int(int64(d.Awarded)), total, Ratio(d.Share)})
	}
	return t
}

// SummaryTable is a report's single figures, one per row.
func SummaryTable(p Programmes) Table {
	return Table{Name: "programme.sheet.summary", Columns: []Column{col("figure"), col("value")}, Rows: [][]Cell{
		{Text("region"), Text(p.Region)}, {Text("name"), Text(p.Name)}, {Text("year"), Int(int64(p.Year))},
		{Text("as_of"), Text(p.AsOf)}, {Text("paired_villages"), Int(int64(p.PairedVillages))},
		{Text("paired_villages_in_year"), Int(int64(p.PairedVillagesInYear))},
		{Text("unpaired_poor_villages"), Int(int64(len(p.UnpairedPoorVillages)))},
		{Text("paired_sales_fen"), Fen(money.Fen(p.PairedSalesFen))},
	}}
}

// VillageTable is a list of villages (the poor villages not paired).
func VillageTable(vs []Village) Table {
	t := Table{Name: "programme.sheet.unpaired", Columns: []Column{col("code"), col("name")}}
	for _, v := range vs {
		t.Rows = append(t.Rows, []Cell{Text(v.Code), Text(v.Name)})
	}
	return t
}

// EventTable is events with their figures.
func EventTable(es []Event) Table {
	t := Table{Name: "programme.sheet.events", Columns: []Column{col("code"), col("name"), col("region"), col("starts"), col("ends"),
		col("participants"), col("sales_fen"), col("deals_fen"), col("total_fen")}}
	for _, e := range es {
		t.Rows = append(t.Rows, []Cell{Text(e.Code), Text(e.Name), Text(e.Region), At(e.Starts), At(e.Ends), Int(int64(e.Participants)),
			Fen(money.Fen(e.SalesFen)), Fen(money.Fen(e.DealsFen)), Fen(money.Fen(e.TotalFen))})
	}
	return t
}

// ProgrammeTables are a report's tables: its figures, titles, the poor
// villages not paired, and its events.
func ProgrammeTables(p Programmes) []Table {
	return []Table{SummaryTable(p), DesignationTable(p.Designations), VillageTable(p.UnpairedPoorVillages), EventTable(p.Events)}
}

// TitleTable is a register of titles.
func TitleTable(ds []programme.Designation, l i18n.Lang) Table {
	t := Table{Name: "programme.sheet.titles", Columns: []Column{col("id"), col("subject_kind"), col("subject_code"), col("subject_name"),
		col("region"), col("level"), col("title"), col("year"), col("revoked_on"), col("revoke_reason")}}
	for _, d := range ds {
		t.Rows = append(t.Rows, []Cell{Int(d.ID), Text(string(d.SubjectKind)), Text(d.SubjectCode), Text(d.SubjectName.In(l)),
			Text(string(d.Where)), Text(string(d.Level)), Text(d.Title), Int(int64(d.Year)), Text(day(d.RevokedOn)), Text(d.RevokeReason)})
	}
	return t
}

// PairingTable is a register of pairings with their sales in a year.
func PairingTable(ps []programme.PairingLine, l i18n.Lang) Table {
	t := Table{Name: "programme.sheet.pairings", Columns: []Column{col("id"), col("org_code"), col("org_name"), col("village_code"),
		col("village_name"), col("poor"), col("since"), col("until"), col("sales_fen")}}
	for _, p := range ps {
		poor := "false"
		if p.VillagePoor {
			poor = "true"
		}
		t.Rows = append(t.Rows, []Cell{Int(p.ID), Text(p.OrgCode), Text(p.OrgName.In(l)), Text(string(p.VillageCode)),
			Text(p.VillageName.In(l)), Text(poor), Text(day(p.Since)), Text(day(p.Until)), Fen(p.Sales)})
	}
	return t
}

// EventReportTables are an event's participants and deals, and its
// figures with their sources.
func EventReportTables(r programme.EventReport, cat *i18n.Catalog, l i18n.Lang) []Table {
	sum := Table{Name: "programme.sheet.summary", Columns: []Column{col("figure"), col("value"), col("source")}, Rows: [][]Cell{
		{Text("code"), Text(r.Event.Code), Text("")},
		{Text("name"), Text(r.Event.Name.In(l)), Text("")},
		{Text("starts"), At(r.Event.Starts), Text("")},
		{Text("ends"), At(r.Event.Ends), Text("")},
		{Text("participants"), Int(int64(r.Subjects)), Text(cat.T(l, "programme.source."+string(programme.SourceRegisters)))},
		{Text("sales_fen"), Fen(r.Sales), Text(cat.T(l, "programme.source."+string(r.SalesSource)))},
		{Text("deals_fen"), Fen(r.DealsTotal), Text(cat.T(l, "programme.source."+string(r.DealsSource)))},
		{Text("total_fen"), Fen(r.Total), Text("")},
	}}
	parts := Table{Name: "programme.sheet.participants", Columns: []Column{col("kind"), col("code"), col("name"), col("role")}}
	for _, p := range r.Participants {
		parts.Rows = append(parts.Rows, []Cell{Text(string(p.Kind)), Text(p.Code), Text(p.Name.In(l)), Text(string(p.Role))})
	}
	deals := Table{Name: "programme.sheet.deals", Columns: []Column{col("ref"), col("seller"), col("buyer"), col("goods"),
		col("amount_fen"), col("recorded_at")}}
	for _, d := range r.Deals {
		deals.Rows = append(deals.Rows, []Cell{Text(d.Ref), Text(d.Seller.In(l)), Text(d.Buyer.In(l)), Text(d.Goods), Fen(d.Amount), At(d.RecordedAt)})
	}
	return []Table{sum, parts, deals}
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
