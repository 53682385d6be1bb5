package main

import (
	"context"
	"flag"
	"fmt"

	"maeul/internal/demo"
	"maeul/internal/i18n"
)

var cmdDemo = &command{
	name:  "demo",
	usage: "demo [--lang ko|zh|en] [--db URL]",
	short: "load the demo data set (loading it twice changes nothing)",
	run:   runDemo,
}

func runDemo(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
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
	if err := demo.Load(ctx, db, newAccounts(db)); err != nil {
		return e.refused(err, "demo: ")
	}
	if err := loadDemoPhotos(ctx, db); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo data loaded; every demo account's password is %q\n", demo.Password)
	return nil
}
