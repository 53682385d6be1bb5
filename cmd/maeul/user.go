package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

const userUsage = "user add --email E --role ROLE [--scope REGION_CODE] [--org ORG_CODE] [--name N] [--lang ko|zh|en]"

var cmdUser = &command{
	name:  "user",
	usage: userUsage,
	short: "create an account; the password is read from stdin or prompted",
	run:   runUser,
}

func runUser(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{"usage: maeul " + userUsage}
	}
	dbURL := e.dbFlag(fs)
	email := fs.String("email", "", "the account's email address")
	role := fs.String("role", "", "shopper, seller, station_operator, county_admin, prefecture_admin or auditor")
	scope := fs.String("scope", "", "the county or prefecture an admin or auditor oversees (division code)")
	orgCode := fs.String("org", "", "the organization a seller acts for, or the service point a station operator works at (code)")
	name := fs.String("name", "", "display name (default: the part of the email before @)")
	lang := e.langFlag(fs, i18n.En)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if err := e.setLang(*lang); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usageError{"user add needs --email and --role"}
	}
	r, err := accounts.ParseRole(*role)
	if err != nil {
		return usageError{e.refused(err, "--role: ").Error()}
	}
	nu := accounts.NewUser{Email: *email, Name: *name, Role: r}
	if *scope != "" {
		if nu.Scope, err = region.ParseCode(*scope); err != nil {
			return usageError{e.refused(err, "--scope: ").Error()}
		}
	}
	switch r {
	case accounts.Seller:
		nu.OrgCode = *orgCode
	case accounts.StationOperator:
		nu.PointCode = *orgCode
	default:
		if *orgCode != "" {
			return usageError{"--org applies only to a seller or a station operator"}
		}
	}
	if nu.Password, err = e.readPassword(); err != nil {
		return err
	}
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := newAccounts(db).AddUser(ctx, accounts.SystemActor, nu)
	if err != nil {
		return e.refused(err, "user add: ")
	}
	fmt.Fprintf(e.stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
	return nil
}

// readPassword prompts for a password without echo when stdin is a
// terminal, and otherwise reads its first line.
func (e *env) readPassword() (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("read password: stdin is empty; pipe the password in or run in a terminal")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
