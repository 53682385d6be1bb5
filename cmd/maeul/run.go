package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/store"
)

// command is one subcommand: its name, a one-line usage and summary, and
// the function that runs it with a fresh flag set and the arguments after
// its name.
type command struct {
	name  string
	usage string
	short string
	run   func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error
}

// commands is the table of subcommands; each lives in its own file.
var commands = []*command{cmdServe, cmdMigrate, cmdDemo, cmdImport, cmdUser, cmdBench, cmdVerify, cmdBackup, cmdReport}

// env is what a command may use of the outside world; run builds it from
// its arguments so that tests can supply their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
	// lang is the language refusals are printed in: the command's --lang,
	// English when it has none.
	lang i18n.Lang
}

// errHelpShown is returned by a command asked for its usage (-h): the
// usage is printed and the program exits 0 without doing anything else.
var errHelpShown = errors.New("help shown")

// usageError is an error in how the command was called; it exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// run is the whole program behind main: it parses args, runs a command and
// returns its error. It reads the environment only through getenv.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, logger: newLogger(getenv, stderr), lang: i18n.En}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, e.flags(c), args[1:])
		}
	}
	return usageError{fmt.Sprintf("unknown command %q; run `maeul help`", args[0])}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "maeul: the village e-commerce and poverty-alleviation platform")
	fmt.Fprintln(w, "\nUsage:")
	cs := append([]*command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		// A usage of several lines (bench) or a long one gets its summary
		// on a line of its own.
		lines := strings.Split(c.usage, "\n")
		for i, l := range lines {
			lines[i] = "maeul " + strings.TrimPrefix(strings.TrimSpace(l), "maeul ")
		}
		if len(lines) == 1 && len(lines[0]) <= 64 {
			fmt.Fprintf(w, "  %-64s %s\n", lines[0], c.short)
			continue
		}
		for _, l := range lines {
			fmt.Fprintf(w, "  %s\n", l)
		}
		fmt.Fprintf(w, "      %s\n", c.short)
	}
	fmt.Fprintln(w, "\n--db (or MAEUL_DB) takes sqlite:PATH (default sqlite:maeul.db) or a postgres:// URL.")
}

// exitCode prints err, if any, and returns the process exit code: 0 for
// success, 2 for a usage error, 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelpShown) {
		return 0
	}
	fmt.Fprintln(stderr, err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// flags returns a flag set for a command that reports errors instead of
// exiting.
func (e *env) flags(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet("maeul "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: maeul %s\n", c.usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args with fs and turns a flag error into a usageError;
// -h or --help, once the usage is printed, gives errHelpShown, so that the
// command stops there.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelpShown
		}
		return usageError{err.Error()}
	}
	return nil
}

// parseMixed parses args with fs as parse does, letting flags come before,
// between or after the positional arguments, which it returns.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) > 0 {
			pos = append(pos, args[0])
			args = args[1:]
		}
	}
	return pos, nil
}

// dbFlag adds --db to fs; its value defaults to MAEUL_DB, then to
// sqlite:maeul.db.
func (e *env) dbFlag(fs *flag.FlagSet) *string {
	def := e.getenv("MAEUL_DB")
	if def == "" {
		def = "sqlite:maeul.db"
	}
	return fs.String("db", def, "database URL: sqlite:PATH or postgres://…")
}

// langFlag adds --lang to fs: the language the command prints refusals
// in (ko, zh or en; def when not given). After parsing, setLang takes it.
func (e *env) langFlag(fs *flag.FlagSet, def i18n.Lang) *string {
	return fs.String("lang", string(def), "language of messages: ko, zh or en")
}

// setLang makes s, the value of --lang, the language of the command's
// refusals; an unknown language is a usage error.
func (e *env) setLang(s string) error {
	l, ok := i18n.Parse(s)
	if !ok {
		return usageError{fmt.Sprintf("unknown --lang %q: want ko, zh or en", s)}
	}
	e.lang = l
	return nil
}

// refused returns err, from a domain call, as the command prints it: the
// message of a refusal in the language of --lang after before (such as
// "user add: "), then the line then renders, if any; an internal error
// with its own text, for the operator. The result unwraps to err, so that
// errs.Reason still tells which refusal it is.
func (e *env) refused(err error, before string, then ...i18n.Msg) error {
	if err == nil {
		return nil
	}
	return cliError{err: err, lang: e.lang, before: before, then: then}
}

// cliError is a domain error as the command line prints it.
type cliError struct {
	err    error
	lang   i18n.Lang
	before string
	then   []i18n.Msg
}

func (c cliError) Error() string {
	var b strings.Builder
	b.WriteString(c.before)
	if errs.CodeOf(c.err) == errs.Internal {
		b.WriteString(c.err.Error())
	} else {
		b.WriteString(errs.MessageIn(c.err, i18n.Embedded(), c.lang))
	}
	for _, m := range c.then {
		b.WriteByte('\n')
		b.WriteString(m.Localize(i18n.Embedded(), c.lang))
	}
	return b.String()
}

func (c cliError) Unwrap() error { return c.err }

// openDB opens the database and brings its schema up to date: SQLite is
// migrated in place, PostgreSQL is only checked, since migrating a shared
// database is an operator's deliberate step (`maeul migrate`). A schema
// out of date is a refusal in the language of --lang.
func (e *env) openDB(ctx context.Context, url string) (*store.DB, error) {
	db, err := store.Open(ctx, url, store.Options{Logger: e.logger})
	if err != nil {
		return nil, err
	}
	if db.Engine() == "sqlite" {
		_, err = db.Migrate(ctx)
	} else {
		err = db.CheckSchema(ctx)
	}
	if err != nil {
		db.Close()
		if errs.CodeOf(err) != errs.Internal {
			return nil, e.refused(err, "")
		}
		return nil, err
	}
	return db, nil
}

// newLogger returns the process's logger: text on stderr, or JSON when
// MAEUL_LOG_FORMAT=json; MAEUL_LOG_LEVEL sets the level (debug, info,
// warn, error).
func newLogger(getenv func(string) string, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(getenv("MAEUL_LOG_LEVEL")))); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if getenv("MAEUL_LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// newAccounts returns the account service over db.
func newAccounts(db *store.DB) *accounts.Service { return accounts.NewService(db) }
