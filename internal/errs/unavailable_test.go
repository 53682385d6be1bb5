package errs_test

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"maeul/internal/errs"
	"maeul/internal/i18n"
)

type sqlState string

func (s sqlState) Error() string    { return "pg: " + string(s) }
func (s sqlState) SQLState() string { return string(s) }

// TestUnavailable checks which errors without a code say a service could
// not be reached (Unavailable, a 503 with its own message) and which are
// internal.
func TestUnavailable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name string
		err  error
		want errs.Code
	}{
		{"connection refused", fmt.Errorf("store.Session: %w", refused), errs.Unavailable},
		{"bad connection", fmt.Errorf("store.Session: %w", driver.ErrBadConn), errs.Unavailable},
		{"connection cut", fmt.Errorf("store.Session: %w", io.ErrUnexpectedEOF), errs.Unavailable},
		{"admin shutdown", fmt.Errorf("store.Session: %w", sqlState("57P01")), errs.Unavailable},
		{"cannot connect now", sqlState("57P03"), errs.Unavailable},
		{"connection failure", sqlState("08006"), errs.Unavailable},
		{"too many clients", sqlState("53300"), errs.Unavailable},
		{"unique violation", sqlState("23505"), errs.Internal},
		{"anything else", errors.New("store.Session: boom"), errs.Internal},
		{"a domain error", fmt.Errorf("x: %w", errs.E(errs.NotFound, "err.internal")), errs.NotFound},
	}
	cat := i18n.Embedded()
	for _, tt := range tests {
		if got := errs.CodeOf(tt.err); got != tt.want {
			t.Errorf("%s: CodeOf = %s, want %s", tt.name, got, tt.want)
		}
		if tt.want == errs.Unavailable {
			if got := errs.Reason(tt.err); got != errs.ReasonUnavailable {
				t.Errorf("%s: Reason = %s, want %s", tt.name, got, errs.ReasonUnavailable)
			}
			if got, want := errs.MessageIn(tt.err, cat, i18n.Ko), cat.T(i18n.Ko, errs.ReasonUnavailable); got != want {
				t.Errorf("%s: MessageIn = %q, want %q", tt.name, got, want)
			}
		}
	}
}
