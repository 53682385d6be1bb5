// Package download streams files to HTTP clients as attachments: the
// headers go out with the first bytes, so that an error found before any
// of the file can still be answered as an error (a page or JSON), and an
// error after them, when only half a file could go out, is logged.
package download

import (
	"io"
	"log/slog"
	"net/http"
)

// CSV sends what write writes as the CSV attachment name, flushing as it
// goes, uncached. It returns write's error when none of the file was sent
// yet, for the caller to answer with; once the file was under way the
// error is logged (with what) and CSV returns nil. An empty file is sent
// with its headers.
func CSV(w http.ResponseWriter, name string, logger *slog.Logger, what string, write func(io.Writer) error) error {
	a := &attachment{w: w, name: name}
	if err := write(a); err != nil {
		if !a.started {
			return err
		}
		logger.Error(what+" failed after part of the file was sent", "file", name, "err", err)
		return nil
	}
	if !a.started {
		a.start()
	}
	return nil
}

// attachment sends its headers with the first bytes written.
type attachment struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (a *attachment) start() {
	a.started = true
	hdr := a.w.Header()
	hdr.Set("Content-Type", "text/csv; charset=utf-8")
	hdr.Set("Content-Disposition", `attachment; filename="`+a.name+`"`)
	hdr.Set("Cache-Control", "no-store")
	a.w.WriteHeader(http.StatusOK)
}

func (a *attachment) Write(p []byte) (int, error) {
	if !a.started {
		a.start()
	}
	n, err := a.w.Write(p)
	if err == nil {
		http.NewResponseController(a.w).Flush() // a writer that cannot flush sends it at the end
	}
	return n, err
}
