package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"maeul/internal/impact"
	"maeul/internal/money"
)

// GeneratedOrder is a paid order a load tool makes up: one store's lines,
// bought by a user and paid at a time.
type GeneratedOrder struct {
	BuyerID int64
	OrgID   int64
	PaidAt  time.Time
	Lines   []GeneratedLine
}

// GeneratedLine is one line of a GeneratedOrder, at its variant's price.
type GeneratedLine struct {
	ProductID   int64
	VariantID   int64
	ProductCode string
	SKU         string
	Qty         int
	UnitPrice   money.Fen
}

// GenerateOrders writes made-up paid orders as a checkout and its confirmed
// payment leave them — a checkout group per order, its payment paid, the
// order paid with its lines — and posts their sales to the ledger as
// ConfirmPayment does: each line's impact.SalePostings over its store's
// links, one ledger transaction per order, hash-chained, with the running
// balances and the impact rollup kept. Unlike the checkout it writes many
// rows per statement, so that load tools can post millions of lines; the
// ledger it leaves verifies like any other. It is for load tools only: it
// runs in one transaction, allocates ids itself, and nothing else may
// write to the database meanwhile.
func (db *DB) GenerateOrders(ctx context.Context, os []GeneratedOrder, shipRegion string) error {
	if len(os) == 0 {
		return nil
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	defer tx.Rollback()
	// Take the ledger head first, as every ledger writer does at its end.
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_head SET last_tx = last_tx WHERE id = 1`); err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	g := &generator{positional: db.dialect.name == "sqlite", ctx: ctx, tx: tx, links: map[int64][]impact.Link{}, villages: map[int64]string{},
		balances: map[impact.Account]money.Fen{}, rollups: map[rollupKey]*rollupRow{}}
	if err := g.run(os, shipRegion); err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	if db.dialect.name == "postgres" {
		for _, t := range []string{"checkout_groups", "payments", "orders", "order_lines"} {
			if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT max(id) FROM `+t+`))`); err != nil {
				return fmt.Errorf("store.GenerateOrders: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	return nil
}

type generator struct {
	positional bool
	ctx        context.Context
	tx         *sql.Tx
	links      map[int64][]impact.Link
	villages   map[int64]string
	balances   map[impact.Account]money.Fen
	rollups    map[rollupKey]*rollupRow
}

func (g *generator) maxID(table string) (int64, error) {
	var id int64
	err := g.tx.QueryRowContext(g.ctx, `SELECT COALESCE(max(id), 0) FROM `+table).Scan(&id)
	return id, err
}

func (g *generator) run(os []GeneratedOrder, shipRegion string) error {
	ctx, tx := g.ctx, g.tx
	var groupID, orderID, lineID int64
	var err error
	if groupID, err = g.maxID("checkout_groups"); err != nil {
		return err
	}
	payID, err := g.maxID("payments")
	if err != nil {
		return err
	}
	if orderID, err = g.maxID("orders"); err != nil {
		return err
	}
	if lineID, err = g.maxID("order_lines"); err != nil {
		return err
	}
	hrows, err := tx.QueryContext(ctx, `SELECT id, village_code FROM households`)
	if err != nil {
		return err
	}
	for hrows.Next() {
		var id int64
		var v string
		if err := hrows.Scan(&id, &v); err != nil {
			hrows.Close()
			return err
		}
		g.villages[id] = v
	}
	hrows.Close()
	var seq, txID int64
	var prev string
	if err := tx.QueryRowContext(ctx, `SELECT last_seq, last_tx, last_hash FROM ledger_head WHERE id = 1`).Scan(&seq, &txID, &prev); err != nil {
		return err
	}
	const n = 300
	groups := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 4, prefix: `INSERT INTO checkout_groups (id, buyer_id, total, created_at) VALUES `}
	pays := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 9, prefix: `INSERT INTO payments (id, group_id, method, amount, status, ref, paid_at, created_at, updated_at) VALUES `}
	ords := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 17, prefix: `INSERT INTO orders (id, group_id, buyer_id, org_id, status, delivery, ship_name, ship_phone, ship_region,
  ship_detail, subtotal, discount, shipping, total, expires_at, created_at, updated_at) VALUES `}
	lines := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 12, prefix: `INSERT INTO order_lines (id, order_id, variant_id, product_id, product_code, sku, kind, qty,
  list_price, unit_price, price_source, discount) VALUES `}
	pays.parents = []*multiRow{groups}
	ords.parents = []*multiRow{groups}
	lines.parents = []*multiRow{ords}
	entries := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 15, prefix: `INSERT INTO ledger_entries (seq, tx_id, account, amount, kind, org_id, household_id, link_id,
  line_id, refund_id, run_id, payout_id, at, prev_hash, hash) VALUES `}
	for _, o := range os {
		links, ok := g.links[o.OrgID]
		if !ok {
			if links, _, err = saleLinks(ctx, tx, o.OrgID); err != nil {
				return err
			}
			g.links[o.OrgID] = links
		}
		groupID++
		payID++
		orderID++
		at := micros(o.PaidAt)
		var total money.Fen
		for _, l := range o.Lines {
			total += l.UnitPrice * money.Fen(l.Qty)
		}
		if err := groups.add(groupID, o.BuyerID, total, at); err != nil {
			return err
		}
		if err := pays.add(payID, groupID, "sandbox", total, "paid", fmt.Sprintf("GEN%012d", groupID), at, at, at); err != nil {
			return err
		}
		if err := ords.add(orderID, groupID, o.BuyerID, o.OrgID, "paid", "home", "Bench", "13800000000", shipRegion, "generated",
			total, 0, 0, total, at, at, at); err != nil {
			return err
		}
		txID++
		month := impact.Day(o.PaidAt).Format("2006-01")
		for _, l := range o.Lines {
			lineID++
			net := l.UnitPrice * money.Fen(l.Qty)
			if err := lines.add(lineID, orderID, l.VariantID, l.ProductID, l.ProductCode, l.SKU, "goods", l.Qty, l.UnitPrice, l.UnitPrice, "list", 0); err != nil {
				return err
			}
			ps := impact.SalePostings(impact.SaleLine{LineID: lineID, OrgID: o.OrgID, ProductID: l.ProductID, VariantID: l.VariantID,
				Qty: l.Qty, Net: net, PaidAt: o.PaidAt}, links)
			for _, p := range ps {
				seq++
				e := impact.Entry{Seq: seq, TxID: txID, Posting: p, LineID: lineID, At: time.UnixMicro(at).UTC(), PrevHash: prev}
				e.Hash = e.ComputeHash()
				prev = e.Hash
				if err := entries.add(e.Seq, e.TxID, string(e.Account), int64(e.Amount), string(e.Kind), e.OrgID, e.HouseholdID, e.LinkID,
					e.LineID, 0, 0, 0, at, e.PrevHash, e.Hash); err != nil {
					return err
				}
				g.balances[p.Account] += p.Amount
				if p.Kind == impact.KindSupply && strings.HasPrefix(string(p.Account), "hh:") {
					k := rollupKey{month, p.HouseholdID, o.OrgID, l.ProductID}
					r := g.rollups[k]
					if r == nil {
						r = &rollupRow{village: g.villages[p.HouseholdID]}
						g.rollups[k] = r
					}
					r.supply += p.Amount
					r.units += int64(l.Qty)
				}
			}
		}
	}
	for _, r := range []*multiRow{groups, pays, ords, lines, entries} {
		if err := r.flush(); err != nil {
			return err
		}
	}
	bal := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 2, prefix: `INSERT INTO ledger_balances (account, balance) VALUES `,
		suffix: ` ON CONFLICT (account) DO UPDATE SET balance = ledger_balances.balance + excluded.balance`}
	for a, b := range g.balances {
		if err := bal.add(string(a), int64(b)); err != nil {
			return err
		}
	}
	ru := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 8, prefix: `INSERT INTO impact_rollup (month, household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units) VALUES `,
		suffix: ` ON CONFLICT (month, household_id, org_id, product_id, village_code) DO UPDATE SET supply_fen = impact_rollup.supply_fen + excluded.supply_fen,
  dividend_fen = impact_rollup.dividend_fen + excluded.dividend_fen, units = impact_rollup.units + excluded.units`}
	ry := &multiRow{ctx: g.ctx, q: g.tx, positional: g.positional, max: n, cols: 8, prefix: `INSERT INTO impact_rollup_year (year, household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units) VALUES `,
		suffix: ` ON CONFLICT (year, household_id, org_id, product_id, village_code) DO UPDATE SET supply_fen = impact_rollup_year.supply_fen + excluded.supply_fen,
  dividend_fen = impact_rollup_year.dividend_fen + excluded.dividend_fen, units = impact_rollup_year.units + excluded.units`}
	years := map[rollupKey]*rollupRow{}
	for k, r := range g.rollups {
		if err := ru.add(k.month, k.household, k.org, k.prod, r.village, int64(r.supply), 0, r.units); err != nil {
			return err
		}
		yk := k
		yk.month = k.month[:4]
		y := years[yk]
		if y == nil {
			y = &rollupRow{village: r.village}
			years[yk] = y
		}
		y.supply += r.supply
		y.units += r.units
	}
	for k, r := range years {
		if err := ry.add(k.month, k.household, k.org, k.prod, r.village, int64(r.supply), 0, r.units); err != nil {
			return err
		}
	}
	for _, r := range []*multiRow{bal, ru, ry} {
		if err := r.flush(); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE ledger_head SET last_seq = $1, last_tx = $2, last_hash = $3 WHERE id = 1`, seq, txID, prev)
	return err
}

// Analyze refreshes the planner's statistics on PostgreSQL, as autovacuum
// does after a bulk load, for load tools that measure right after
// generating data (SQLite's planner keeps none that the figures need).
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect.name != "postgres" {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("store.Analyze: %w", err)
	}
	return nil
}
