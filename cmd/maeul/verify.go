package main

import (
	"context"
	"flag"
	"fmt"

	"maeul/internal/i18n"
)

var cmdVerify = &command{
	name:  "verify",
	usage: "verify [--lang ko|zh|en] [--db URL]",
	short: "check the impact ledger: hash chain, balanced transactions, balances, every sale and refund posted",
	run:   runVerify,
}

// verifyFailed is the error of a ledger with problems: they are printed,
// and the exit status is 1.
type verifyFailed struct{ n int }

func (v verifyFailed) Error() string { return fmt.Sprintf("the ledger has %d problems", v.n) }

func runVerify(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := e.dbFlag(fs)
	lang := e.langFlag(fs, i18n.En)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := e.setLang(*lang); err != nil {
		return err
	}
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.VerifyLedger(ctx)
	if err != nil {
		return err
	}
	for _, p := range r.Problems {
		fmt.Fprintln(e.stdout, "PROBLEM", p)
	}
	if r.More > 0 {
		fmt.Fprintf(e.stdout, "PROBLEM … and %d more\n", r.More)
	}
	fmt.Fprintf(e.stdout, "checked %d entries in %d transactions, %d accounts, %d paid order lines, %d refunded lines\n",
		r.Entries, r.Transactions, r.Accounts, r.PaidLines, r.RefundLines)
	if !r.OK() {
		return verifyFailed{len(r.Problems) + r.More}
	}
	fmt.Fprintln(e.stdout, "the ledger is sound")
	return nil
}
