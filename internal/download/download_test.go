package download

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name       string
		write      func(io.Writer) error
		wantErr    error
		wantCode   int
		wantBody   string
		wantCSV    bool // attachment headers sent
		wantLogged bool
	}{
		{"a file", func(w io.Writer) error { _, err := io.WriteString(w, "a,b\n1,2\n"); return err }, nil, 200, "a,b\n1,2\n", true, false},
		{"an empty file", func(io.Writer) error { return nil }, nil, 200, "", true, false},
		{"refused before any byte", func(io.Writer) error { return boom }, boom, 200, "", false, false},
		{"failed half-way", func(w io.Writer) error { io.WriteString(w, "a,b\n"); return boom }, nil, 200, "a,b\n", true, true},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		var log bytes.Buffer
		err := CSV(rec, "x.csv", slog.New(slog.NewTextHandler(&log, nil)), "export", tt.write)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.wantErr)
		}
		if got := rec.Header().Get("Content-Disposition") != ""; got != tt.wantCSV {
			t.Errorf("%s: attachment headers sent = %v, want %v", tt.name, got, tt.wantCSV)
		}
		if rec.Code != tt.wantCode || rec.Body.String() != tt.wantBody {
			t.Errorf("%s: %d %q, want %d %q", tt.name, rec.Code, rec.Body.String(), tt.wantCode, tt.wantBody)
		}
		if got := strings.Contains(log.String(), "boom"); got != tt.wantLogged {
			t.Errorf("%s: logged = %v, want %v (%s)", tt.name, got, tt.wantLogged, log.String())
		}
	}
}
