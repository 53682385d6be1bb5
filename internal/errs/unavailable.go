package errs

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// ReasonUnavailable is the reason of an error that says the database (or
// another service maeul depends on) could not be reached: a moment's
// outage, which a retry after it gets through.
const ReasonUnavailable = "err.unavailable"

// RetryAfter is what surfaces answering Unavailable put in Retry-After, in
// seconds.
const RetryAfter = "5"

// unreachable reports whether err, which carries no code, says a service
// could not be reached rather than that something is wrong: a network
// failure (refused, reset, timed out), a connection the server closed
// under the request, or a PostgreSQL SQLSTATE of class 08 (connection
// exception), 57P (the server shutting down or starting up) or 53300
// (too many connections). Such errors are Unavailable, never Internal, so
// that a database outage answers 503 with Retry-After.
func unreachable(err error) bool {
	var ne net.Error
	var state interface{ SQLState() string }
	var retry interface{ SafeToRetry() bool }
	switch {
	case errors.As(err, &ne),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &state):
		s := state.SQLState()
		return strings.HasPrefix(s, "08") || strings.HasPrefix(s, "57P") || s == "53300"
	case errors.As(err, &retry) && retry.SafeToRetry():
		// pgx's word for a request that never reached the server, such as
		// one on a connection that had closed.
		return true
	}
	return false
}
