package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/impact"
	"maeul/internal/region"
	"maeul/internal/stats"
)

// A paid order reaches the ledger and the sales facts in the transaction
// that records its payment. When the group-commit batcher runs several
// payments in one transaction, their orders are recorded together at the
// end of it (paidTail), after every operation of the batch: their lines
// read in one statement, each store's links once, one ledger writer for
// all (one head update, the balances and rollups each written once) and
// one write of their facts and rollups. An operation that fails takes
// its orders out of the tail with its savepoint; a tail that fails fails
// the batch's commit, and each operation then runs alone, recording its
// orders itself.

// paidOrder is an order whose payment was just recorded.
type paidOrder struct {
	id int64
	at time.Time
}

// paidTail gathers the orders a batch's operations paid.
type paidTail struct{ orders []paidOrder }

type paidTailKey struct{}

// withPaidTail returns ctx carrying t, for the operations of a batch.
func withPaidTail(ctx context.Context, t *paidTail) context.Context {
	return context.WithValue(ctx, paidTailKey{}, t)
}

// recordPaid records paid orders in tx: in the batch's tail when ctx
// carries one, at once otherwise.
func recordPaid(ctx context.Context, tx *sql.Tx, d dialect, os []paidOrder) error {
	if t, ok := ctx.Value(paidTailKey{}).(*paidTail); ok {
		t.orders = append(t.orders, os...)
		return nil
	}
	return recordPaidOrders(ctx, tx, d, os)
}

// recordPaidOrders posts each paid order to the ledger (one ledger
// transaction an order: each line's sale and the credits its store's
// links in force when it was paid give) and records its lines' sales
// facts, dated when it was paid.
func recordPaidOrders(ctx context.Context, tx *sql.Tx, d dialect, os []paidOrder) error {
	if len(os) == 0 {
		return nil
	}
	ids := make([]int64, len(os))
	for i, o := range os {
		ids[i] = o.id
	}
	b := &sqlBuilder{}
	byOrder := map[int64][]paidLine{}
	rows, err := tx.QueryContext(ctx, `
SELECT l.order_id, o.org_id, l.id, l.product_id, l.variant_id, l.qty, l.unit_price * l.qty - l.discount, g.region_code, p.category_code, p.labels
FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN organizations g ON g.id = o.org_id JOIN products p ON p.id = l.product_id
WHERE l.order_id IN `+inList(b, ids)+` ORDER BY l.order_id, l.id`, b.args...)
	if err != nil {
		return fmt.Errorf("store.recordPaidOrders: %w", err)
	}
	for rows.Next() {
		var orderID int64
		var l paidLine
		var labels string
		if err := rows.Scan(&orderID, &l.OrgID, &l.LineID, &l.ProductID, &l.VariantID, &l.Qty, &l.Net,
			&l.fact.Region, &l.fact.Category, &labels); err != nil {
			rows.Close()
			return fmt.Errorf("store.recordPaidOrders: %w", err)
		}
		for _, lb := range splitLabels(labels) {
			l.fact.Poverty = l.fact.Poverty || lb == catalog.PovertyAlleviation
		}
		byOrder[orderID] = append(byOrder[orderID], l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store.recordPaidOrders: %w", err)
	}

	var w *ledgerWriter
	links := map[int64]orgLinks{}
	var facts []stats.Fact
	// The ledger head first: its lock queues concurrent payments on
	// PostgreSQL, so the consignment batches read next are as the last
	// payment left them. Then the paid units go to the open batches of
	// their variants, first in, first out, orders in the order paid
	// (consignLines).
	var sold []impact.SaleLine
	for _, o := range os {
		for i := range byOrder[o.id] {
			byOrder[o.id][i].PaidAt = o.at
			sold = append(sold, byOrder[o.id][i].SaleLine)
		}
	}
	if len(sold) > 0 {
		if w, err = openLedger(ctx, tx, d, 50); err != nil {
			return err
		}
		if err := consignLines(ctx, tx, sold); err != nil {
			return err
		}
		n := 0
		for _, o := range os {
			for i := range byOrder[o.id] {
				byOrder[o.id][i].SaleLine = sold[n]
				n++
			}
		}
	}
	for _, o := range os {
		lines := byOrder[o.id]
		if len(lines) == 0 {
			continue
		}
		org := lines[0].OrgID
		ls, ok := links[org]
		if !ok {
			if ls.links, ls.villages, err = saleLinks(ctx, tx, org); err != nil {
				return err
			}
			links[org] = ls
		}
		var posts []ledgerPost
		for _, l := range lines {
			posts = appendSale(posts, l.SaleLine, ls.links, ls.villages)
			f := l.fact
			f.OrgID, f.Amount, f.Channel, f.OrderRef, f.At = l.OrgID, l.Net, stats.Platform, saleRef(l.LineID), o.at
			facts = append(facts, f)
		}
		if _, err := w.post(posts, o.at); err != nil {
			return err
		}
	}
	if w != nil {
		if err := w.close(); err != nil {
			return err
		}
	}
	if len(facts) == 0 {
		return nil
	}
	// A line's sale fact is written once, when it is paid: there is none
	// to replace.
	if err := saveFacts(ctx, tx, d, facts, micros(os[len(os)-1].at), false); err != nil {
		return fmt.Errorf("store.recordPaidOrders: facts: %w", err)
	}
	return nil
}

// paidLine is a paid order line as the ledger and the sales facts need
// it.
type paidLine struct {
	impact.SaleLine
	fact stats.Fact
}

// orgLinks are a store's links that credit its sales, with their
// households' villages.
type orgLinks struct {
	links    []impact.Link
	villages map[int64]region.Code
}
