package store

// SetRankBound lowers how many matches a text search ranks, so that a
// test can page across the bound with a small catalog.
func (db *DB) SetRankBound(n int) { db.ranked = n }
