package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net"
	"strings"
	"testing"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestServeBusyPortWritesNothing checks that serve binds its port before
// it touches the database: a busy port is refused with a hint at --addr,
// and the demo is not loaded.
func TestServeBusyPortWritesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dbURL := storetest.URL(t, "sqlite")
	_, _, err = maeul(t, "", nil, "serve", "--addr", busy.Addr().String(), "--db", dbURL, "--demo")
	if err == nil || !strings.Contains(err.Error(), "--addr") {
		t.Fatalf("serve on a busy port: %v, want a refusal naming --addr", err)
	}
	db, err := store.Open(context.Background(), dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if empty, err := db.Empty(context.Background()); err != nil || !empty {
		t.Errorf("database after a refused start: empty %v (%v), want empty", empty, err)
	}
}

// TestServeDemoResumesPhotos interrupts serve --demo while it draws the
// demo's pictures, then starts it again: the second start draws the
// pictures the first did not store.
func TestServeDemoResumesPhotos(t *testing.T) {
	dbURL := storetest.URL(t, "sqlite")
	serveUntil(t, dbURL, "")

	db, err := store.Open(context.Background(), dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// However far the first start got, one product is left without its
	// picture for certain.
	ctx := context.Background()
	p, err := db.Product(ctx, "yj-chaoyangchuan-rice")
	if err != nil {
		t.Fatal(err)
	}
	for _, ph := range p.Photos {
		if err := db.RemovePhoto(ctx, p.ID, ph.Key, catalog.Change{Action: "test", At: time.Now(), OrgID: p.OrgID}); err != nil {
			t.Fatal(err)
		}
	}
	if missing := missingDemoPhotos(t, db); len(missing) == 0 {
		t.Fatal("after the interrupted start no picture is missing")
	}

	serveUntil(t, dbURL, "demo photos stored")
	if missing := missingDemoPhotos(t, db); len(missing) > 0 {
		t.Errorf("after the second start these still lack a picture: %v", missing)
	}
}

// serveUntil runs serve --demo on dbURL until it serves and, if wait is
// not empty, until its log says wait; then it stops the server.
func serveUntil(t *testing.T, dbURL, wait string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbURL, "--demo"}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	waitForURL(t, &out, done)
	if wait != "" {
		deadline := time.Now().Add(10 * time.Minute)
		for !strings.Contains(errOut.String(), wait) {
			log := errOut.String()
			if !strings.Contains(log, "drawing the demo photos") || strings.Contains(log, "demo photos\" err") || time.Now().After(deadline) {
				cancel()
				<-done
				t.Fatalf("serve never logged %q:\n%s", wait, errOut.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
}

// missingDemoPhotos lists the demo products without a picture and the demo
// stores without a cover.
func missingDemoPhotos(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	var missing []string
	for _, f := range []struct{ file, col string }{{"product_photos.csv", "product_code"}, {"stories.csv", "org_code"}} {
		b, err := demo.File(f.file)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for i, h := range rows[0] {
			if h == f.col {
				col = i
			}
		}
		for _, r := range rows[1:] {
			if f.col == "product_code" {
				p, err := db.Product(ctx, r[col])
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Photos) == 0 {
					missing = append(missing, r[col])
				}
				continue
			}
			o, err := db.Organization(ctx, r[col])
			if err != nil {
				t.Fatal(err)
			}
			if o.Cover == "" {
				missing = append(missing, r[col])
			}
		}
	}
	return missing
}
