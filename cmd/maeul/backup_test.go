package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/bench"
	"maeul/internal/server"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestBackupDuringAFlashSale backs a SQLite database up with `maeul
// backup` again and again while a flash sale writes to it, and checks
// that every copy passes `maeul verify` and holds a consistent sale
// (stock, sale counter and paid orders agree); then that a backup never
// overwrites a file, and that PostgreSQL is pointed to pg_dump.
func TestBackupDuringAFlashSale(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Demo(t, db)
	srv, err := server.New(server.Config{DB: db, HashParams: storetest.CheapHash, Sandbox: true, SandboxSecret: []byte("backup test sandbox wallet")})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	srv.SetBaseURL(hs.URL)
	fs, err := bench.SetUpFlashSale(ctx, db, accounts.NewService(db), 40, 2, 60)
	if err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		tr := &http.Transport{MaxIdleConnsPerHost: 64}
		defer tr.CloseIdleConnections()
		res, err := bench.DriveFlashSale(ctx, []string{hs.URL}, fs, bench.FlashSaleOptions{
			Buyers: 40, MaxQty: 2, Timeout: 10 * time.Minute, Client: &http.Client{Transport: tr},
		})
		if err == nil && res.Failed > 0 {
			t.Errorf("%d purchases failed during the backups; the first: %s", res.Failed, res.FirstFailure)
		}
		done <- err
	}()
	var copies []string
	for over := false; !over; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the sale: %v", err)
			}
			over = true // one more copy, of the finished sale
		default:
		}
		file := filepath.Join(dir, "copy-"+strings.Repeat("x", len(copies))+".db")
		out, _, err := maeul(t, "", nil, "backup", file, "--db", dbURL)
		if err != nil || !strings.Contains(out, "backed up to "+file) {
			t.Fatalf("maeul backup: %v\n%s", err, out)
		}
		copies = append(copies, file)
	}
	t.Logf("%d copies taken during the sale and after it", len(copies))

	for _, file := range copies {
		out, _, err := maeul(t, "", nil, "verify", "--db", "sqlite:"+file)
		if err != nil || !strings.Contains(out, "the ledger is sound") {
			t.Errorf("maeul verify of %s: %v\n%s", filepath.Base(file), err, out)
		}
		raw, err := bench.OpenRaw(ctx, "sqlite:"+file)
		if err != nil {
			t.Fatal(err)
		}
		a, err := bench.AuditFlashSale(ctx, raw, fs)
		raw.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Consistent(); err != nil {
			t.Errorf("the sale in %s: %v (%s)", filepath.Base(file), err, a)
		}
	}
	last := copies[len(copies)-1]
	raw, err := bench.OpenRaw(ctx, "sqlite:"+last)
	if err != nil {
		t.Fatal(err)
	}
	a, err := bench.AuditFlashSale(ctx, raw, fs)
	raw.Close()
	if err != nil || a.Sold != 40 {
		t.Errorf("the copy taken after the sale holds %d units sold (%v), want all 40", a.Sold, err)
	}

	// A backup never overwrites a file.
	before, _ := os.ReadFile(last)
	_, _, err = maeul(t, "", nil, "backup", "--db", dbURL, last)
	if code := exitCode(err, io.Discard); code != 1 || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: exit %d, %v; want 1, already exists", code, err)
	}
	if after, _ := os.ReadFile(last); string(after) != string(before) {
		t.Error("backup changed an existing file")
	}
}

func TestBackupPostgresPointsToPgDump(t *testing.T) {
	storetest.SkipWithoutPostgres(t)
	dbURL := storetest.URL(t, "postgres")
	_, _, err := maeul(t, "", nil, "backup", filepath.Join(t.TempDir(), "x.db"), "--db", dbURL)
	if code := exitCode(err, io.Discard); code != 1 || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: exit %d, %v; want 1 and a pointer to pg_dump", code, err)
	}
}
