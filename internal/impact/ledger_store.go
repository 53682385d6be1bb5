package impact

// LedgerStore is the storage of the ledger's operations (dividend runs,
// payouts) and reads (statements, figures, entries).
type LedgerStore interface {
}
