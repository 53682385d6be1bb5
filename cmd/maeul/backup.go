package main

import (
	"context"
	"flag"
	"fmt"

	"maeul/internal/i18n"
)

const backupUsage = "backup FILE [--lang ko|zh|en] [--db URL]"

var cmdBackup = &command{
	name:  "backup",
	usage: backupUsage,
	short: "copy a live SQLite database to FILE, consistent while it serves (PostgreSQL: use pg_dump)",
	run:   runBackup,
}

func runBackup(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := e.dbFlag(fs)
	lang := e.langFlag(fs, i18n.En)
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: maeul " + backupUsage}
	}
	if err := e.setLang(*lang); err != nil {
		return err
	}
	file := pos[0]
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Backup(ctx, file)
	if err != nil {
		return e.refused(err, "")
	}
	fmt.Fprintf(e.stdout, "backed up to %s (%d bytes)\n", file, n)
	return nil
}
