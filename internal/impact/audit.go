package impact

import (
	"fmt"
	"maps"
	"slices"

	"maeul/internal/money"
)

// Audit checks the whole ledger as the store reads it to it (store.DB's
// VerifyLedger, `maeul verify`): the hash chain entry by entry (a changed,
// inserted or deleted entry breaks it at that entry), that the ledger
// head names the chain's last entry, that every transaction's debits
// equal its credits, that the running balances equal the sums of their
// entries, that every paid order line posted its net as a sale and that
// every refunded line was reversed by exactly the refunded amount. It
// records every problem (the first MaxProblems in words) and never stops
// early.
type Audit struct {
	check    LedgerCheck
	prev     string
	last     int64
	sums     map[int64]money.Fen
	balances map[Account]money.Fen
}

// MaxProblems is how many problems a check lists; it counts the others.
const MaxProblems = 200

// NewAudit returns an audit of an empty ledger.
func NewAudit() *Audit {
	return &Audit{prev: GenesisHash, sums: map[int64]money.Fen{}, balances: map[Account]money.Fen{}}
}

func (a *Audit) problem(format string, args ...any) {
	if len(a.check.Problems) < MaxProblems {
		a.check.Problems = append(a.check.Problems, fmt.Sprintf(format, args...))
	} else {
		a.check.More++
	}
}

// Entry checks the next entry, in ledger order.
func (a *Audit) Entry(e Entry) {
	a.check.Entries++
	if e.Seq != a.last+1 {
		a.problem("entry %d: expected entry %d next; entries %d to %d are missing", e.Seq, a.last+1, a.last+1, e.Seq-1)
	}
	if e.PrevHash != a.prev {
		a.problem("entry %d (tx %d, %s %d): its previous hash does not match entry %d's hash: the chain is broken here", e.Seq, e.TxID, e.Account, e.Amount, a.last)
	}
	if h := e.ComputeHash(); h != e.Hash {
		a.problem("entry %d (tx %d, %s %d): its contents do not match its hash: the entry was altered", e.Seq, e.TxID, e.Account, e.Amount)
	}
	a.prev, a.last = e.Hash, e.Seq
	a.sums[e.TxID] += e.Amount
	a.balances[e.Account] += e.Amount
}

// Head checks the ledger head, read after the entries, and the balance of
// every transaction read so far.
func (a *Audit) Head(seq int64, hash string) {
	if seq != a.last || hash != a.prev {
		a.problem("the ledger head says entry %d is last, but the chain ends at entry %d: entries were deleted or added outside the ledger", seq, a.last)
	}
	a.check.Transactions = int64(len(a.sums))
	txs := make([]int64, 0, len(a.sums))
	for tx, s := range a.sums {
		if s != 0 {
			txs = append(txs, tx)
		}
	}
	slices.Sort(txs)
	for _, tx := range txs {
		a.problem("transaction %d: debits and credits differ by %d fen", tx, a.sums[tx])
	}
}

// Balances checks the stored running balances against the entries read.
func (a *Audit) Balances(stored map[Account]money.Fen) {
	for _, acct := range slices.Sorted(maps.Keys(a.balances)) {
		if b := a.balances[acct]; stored[acct] != b {
			a.problem("account %s: the running balance is %d but its entries sum to %d", acct, stored[acct], b)
		}
	}
	for _, acct := range slices.Sorted(maps.Keys(stored)) {
		if _, ok := a.balances[acct]; !ok && stored[acct] != 0 {
			a.problem("account %s: a running balance of %d with no entries", acct, stored[acct])
		}
	}
	a.check.Accounts = len(stored)
}

// PaidLine checks that a line of a paid checkout posted its net as a sale.
func (a *Audit) PaidLine(order, line int64, net, posted money.Fen) {
	a.check.PaidLines++
	if posted != net {
		a.problem("order %d line %d: paid %d fen, but the ledger posted %d as its sale", order, line, net, posted)
	}
}

// RefundLine checks that a refund of a line reversed exactly its amount of
// the line's sale.
func (a *Audit) RefundLine(refund, line int64, amount, reversed money.Fen) {
	a.check.RefundLines++
	if reversed != amount {
		a.problem("refund %d line %d: refunded %d fen, but the ledger reversed %d of its sale", refund, line, amount, reversed)
	}
}

// Result returns what the audit found.
func (a *Audit) Result() LedgerCheck { return a.check }
