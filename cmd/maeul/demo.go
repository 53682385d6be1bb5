package main

import (
	"context"
	"flag"
	"fmt"

	"maeul/internal/demo"
)

var cmdDemo = &command{
	name:  "demo",
	usage: "demo [--db URL]",
	short: "load the demo data set (loading it twice changes nothing)",
	run:   runDemo,
}

func runDemo(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := e.dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := demo.Load(ctx, db, newAccounts(db)); err != nil {
		return err
	}
	if err := loadDemoPhotos(ctx, db); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo data loaded; every demo account's password is %q\n", demo.Password)
	return nil
}
