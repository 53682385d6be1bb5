package main

import (
	"context"
	"flag"
	"fmt"

	"maeul/internal/store"
)

var cmdMigrate = &command{
	name:  "migrate",
	usage: "migrate [--db URL]",
	short: "apply pending schema migrations",
	run:   runMigrate,
}

func runMigrate(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := e.dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbURL, store.Options{Logger: e.logger})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "applied %d migrations; the %s schema is up to date\n", n, db.Engine())
	return nil
}
