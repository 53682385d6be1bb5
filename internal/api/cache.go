package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
)

// cacheable serves a GET whose answer depends only on its URL and on who
// asks. It buffers a successful (200) response and sends it with a strong
// ETag computed from its bytes, or answers 304 Not Modified with no body
// when the request's If-None-Match names that ETag. Guests' responses are
// "public, max-age=30"; signed-in callers' are "private, no-cache", since
// they may include hidden products and must not be shared or reused
// without revalidation. Both vary on the credentials. Errors are written
// as usual, marked "no-store".
func (h *Handler) cacheable(fn handlerFunc) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		buf := &bufferedResponse{header: http.Header{}}
		if err := fn(buf, r); err != nil {
			w.Header().Set("Cache-Control", "no-store")
			return err
		}
		hdr := w.Header()
		for k, v := range buf.header {
			hdr[k] = v
		}
		body := buf.body.Bytes()
		if buf.status != http.StatusOK && buf.status != 0 {
			hdr.Set("Cache-Control", "no-store")
			w.WriteHeader(buf.status)
			_, err := w.Write(body)
			return err
		}
		etag := strongETag(body)
		hdr.Set("ETag", etag)
		hdr.Add("Vary", "Authorization, Cookie")
		if accounts.ActorFrom(r.Context()).SignedIn() {
			hdr.Set("Cache-Control", "private, no-cache")
		} else {
			hdr.Set("Cache-Control", "public, max-age=30")
		}
		if etagListMatches(r.Header.Values("If-None-Match"), etag) {
			hdr.Del("Content-Type")
			hdr.Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		hdr.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, err := w.Write(body)
		return err
	})
}

// strongETag returns the quoted first 128 bits of the SHA-256 of body, in
// hex.
func strongETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagListMatches reports whether If-None-Match field values name etag,
// comparing weakly as RFC 9110 requires for If-None-Match: W/"x" matches
// "x". A "*" matches any current representation. Malformed parts end the
// scan of their field value without matching.
func etagListMatches(values []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, s := range values {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] == '*' {
				return true
			}
			s = strings.TrimPrefix(s, "W/")
			if s == "" || s[0] != '"' {
				break
			}
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				break
			}
			if s[:end+2] == want {
				return true
			}
			s = s[end+2:]
		}
	}
	return false
}

// bufferedResponse collects a handler's response so that its ETag can be
// computed before anything is sent.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
