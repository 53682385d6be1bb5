package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// syncBuffer is a bytes.Buffer safe for a server goroutine to write while
// the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// maeul runs the program with args and the given stdin and environment
// (pairs of name and value) and returns its output and error.
func maeul(t *testing.T, stdin string, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut syncBuffer
	getenv := func(k string) string {
		for i := 0; i+1 < len(env); i += 2 {
			if env[i] == k {
				return env[i+1]
			}
		}
		return ""
	}
	err = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestHelpAndUsageErrors(t *testing.T) {
	out, _, err := maeul(t, "", nil, "help")
	if err != nil || !strings.Contains(out, "maeul serve") || !strings.Contains(out, "maeul import") {
		t.Errorf("help: %v\n%s", err, out)
	}
	// -h prints a command's usage and does nothing else: serve must not
	// serve, migrate must not create a database.
	dir := t.TempDir()
	for _, cmd := range []string{"serve", "migrate", "demo", "verify"} {
		db := "sqlite:" + filepath.Join(dir, cmd+".db")
		_, errOut, err := maeul(t, "", nil, cmd, "--db", db, "-h")
		if code := exitCode(err, io.Discard); code != 0 || !strings.Contains(errOut, "usage: maeul "+cmd) {
			t.Errorf("maeul %s -h: exit %d (%v), stderr %q; want 0 and its usage", cmd, code, err, errOut)
		}
		if _, err := os.Stat(filepath.Join(dir, cmd+".db")); err == nil {
			t.Errorf("maeul %s -h created its database", cmd)
		}
	}
	for _, args := range [][]string{{"frobnicate"}, {}, {"import", "regions"}, {"import", "planets", "x.csv"}, {"user", "add", "--email", "x@y.z"}, {"serve", "--nope"}} {
		_, _, err := maeul(t, "", nil, args...)
		if code := exitCode(err, io.Discard); code != 2 {
			t.Errorf("maeul %v: exit %d (%v), want 2", args, code, err)
		}
	}
}

func TestImportRegionsBadFileChangesNothing(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dbURL := storetest.URL(t, engine)
			dir := t.TempDir()
			good := filepath.Join(dir, "good.csv")
			os.WriteFile(good, []byte("code,parent_code,level,name_ko,name_zh,name_en,rural,poor\n220000000000,,province,길림성,吉林省,Jilin,false,false\n222400000000,220000000000,prefecture,연변,延边,Yanbian,false,false\n"), 0o644)
			out, _, err := maeul(t, "", nil, "import", "regions", good, "--db", dbURL)
			if err != nil || !strings.Contains(out, "imported 2 regions") {
				t.Fatalf("good import: %v %s", err, out)
			}
			bad := filepath.Join(dir, "bad.csv")
			os.WriteFile(bad, []byte("code,parent_code,level,name_ko,name_zh,name_en,rural,poor\n222401000000,222400000000,county,연길,延吉,Yanji,false,false\n222402000000,222499000000,county,도문,图们,Tumen,false,false\n222403000000,222400000000,county,돈화,敦化,Dunhua,maybe,false\n"), 0o644)
			_, _, err = maeul(t, "", []string{"MAEUL_DB", dbURL}, "import", "regions", bad)
			if err == nil {
				t.Fatal("bad import succeeded")
			}
			if code := exitCode(err, io.Discard); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			for _, want := range []*regexp.Regexp{
				regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + `:3: column parent_code: Parent region 222499000000 not found\.$`),
				regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + `:4: column rural: "maybe" is not a boolean`),
				regexp.MustCompile(`nothing was written`),
			} {
				if !want.MatchString(err.Error()) {
					t.Errorf("error does not match %v:\n%s", want, err)
				}
			}
			// --lang ko prints the same lines in Korean.
			_, _, err = maeul(t, "", []string{"MAEUL_DB", dbURL}, "import", "regions", bad, "--lang", "ko")
			if code := exitCode(err, io.Discard); code != 1 {
				t.Errorf("--lang ko: exit code %d, want 1", code)
			}
			for _, want := range []*regexp.Regexp{
				regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + `:3: column parent_code: 상위 지역 222499000000을\(를\) 찾을 수 없습니다\.$`),
				regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + `:4: column rural: "maybe"은\(는\) 참/거짓 값이 아닙니다`),
				regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + ` 파일을 가져오지 않았습니다\. 아무것도 기록되지 않았습니다\.$`),
			} {
				if err == nil || !want.MatchString(err.Error()) {
					t.Errorf("--lang ko: error does not match %v:\n%v", want, err)
				}
			}
			if err != nil && regexp.MustCompile(`not found|is not|nothing was`).MatchString(err.Error()) {
				t.Errorf("--lang ko: English in\n%s", err)
			}
			_, _, err = maeul(t, "", []string{"MAEUL_DB", dbURL}, "import", "regions", bad, "--lang", "fr")
			if code := exitCode(err, io.Discard); code != 2 {
				t.Errorf("--lang fr: exit code %d (%v), want 2", code, err)
			}
			db, err := store.Open(context.Background(), dbURL, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			kids, err := db.Children(context.Background(), region.Code("222400000000"))
			if err != nil || len(kids) != 0 {
				t.Errorf("after the refused import Yanbian has %d counties (%v), want 0", len(kids), err)
			}
		})
	}
}

func TestDemoTwiceAndUserAdd(t *testing.T) {
	dbURL := storetest.URL(t, "sqlite")
	for i := 0; i < 2; i++ {
		if out, _, err := maeul(t, "", nil, "demo", "--db", dbURL); err != nil {
			t.Fatalf("demo run %d: %v %s", i+1, err, out)
		}
	}
	out, _, err := maeul(t, "a strong password\n", nil, "user", "add", "--db", dbURL, "--email", "op2@maeul.test", "--role", "station_operator", "--org", "wq-dongxing-vstation")
	if err != nil || !strings.Contains(out, "created station_operator op2@maeul.test") {
		t.Errorf("user add: %v %s", err, out)
	}
	_, _, err = maeul(t, "a strong password\n", nil, "user", "add", "--db", dbURL, "--email", "ca@maeul.test", "--role", "county_admin", "--scope", "222405")
	if err != nil {
		t.Errorf("user add county admin with a short scope code: %v", err)
	}
	_, _, err = maeul(t, "short\n", nil, "user", "add", "--db", dbURL, "--email", "x@maeul.test", "--role", "shopper")
	if err == nil || !strings.Contains(err.Error(), "at least 8 characters") {
		t.Errorf("user add with a short password: %v", err)
	}
	_, _, err = maeul(t, "", nil, "user", "add", "--db", dbURL, "--email", "y@maeul.test", "--role", "shopper")
	if err == nil || !strings.Contains(err.Error(), "stdin is empty") {
		t.Errorf("user add without a password: %v", err)
	}
}

func TestServeSQLiteWithDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	dbURL := storetest.URL(t, "sqlite")
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbURL, "--demo"}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	base := waitForURL(t, &out, done)
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
	resp, err = http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "연길시") {
		t.Errorf("home page lacks the demo data")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if !strings.Contains(errOut.String(), "shutting down") {
		t.Errorf("no shutdown log:\n%s", errOut.String())
	}
}

func waitForURL(t *testing.T, out *syncBuffer, done chan error) string {
	t.Helper()
	re := regexp.MustCompile(`serving on (http://\S+)`)
	deadline := time.Now().Add(120 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("serve did not start")
	return ""
}

func TestServePostgresRefusesStaleSchema(t *testing.T) {
	dbURL := storetest.BlankURL(t, "postgres")
	_, _, err := maeul(t, "", nil, "serve", "--addr", "127.0.0.1:0", "--db", dbURL)
	if err == nil || !strings.Contains(err.Error(), "maeul migrate") {
		t.Fatalf("serve on an unmigrated PostgreSQL: %v, want a refusal naming maeul migrate", err)
	}
	out, _, err := maeul(t, "", nil, "migrate", "--db", dbURL)
	if err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if _, _, err := maeul(t, "", nil, "demo", "--db", dbURL); err != nil {
		t.Fatalf("demo after migrate: %v", err)
	}
}

func TestServeRefusesSandboxWithoutSecret(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	_, _, err := maeul(t, "", nil, "serve", "--addr", "127.0.0.1:0", "--db", dbURL, "--sandbox-wallet")
	if err == nil || !strings.Contains(err.Error(), "MAEUL_SANDBOX_SECRET") {
		t.Fatalf("serve --sandbox-wallet without a secret: %v, want a refusal naming MAEUL_SANDBOX_SECRET", err)
	}
}
