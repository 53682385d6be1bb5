// Package errs defines the error codes that every layer of maeul shares.
//
// Domain packages return *Error values for failures a user can act on
// (bad input, a missing record, a permission refusal). Adapters map the code
// to an HTTP status or an exit message with CodeOf and MessageOf; any other
// error is internal and is shown to users only as a plain apology.
package errs

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies an error for the layers that report it.
type Code string

// The codes a domain error may carry.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	TooMany      Code = "too_many_requests"
	Internal     Code = "internal"
)

// Error is a domain error with a code, a message safe to show to the user,
// and optionally the input field it concerns.
type Error struct {
	Code    Code
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// E returns an *Error with the code and a formatted message.
func E(code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Field returns an Invalid *Error about the named input field.
func Field(field, format string, args ...any) error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Coder is implemented by error types of other packages that carry a code,
// such as an import's list of problems.
type Coder interface {
	ErrorCode() Code
}

// ErrorCode returns e's code, so *Error is a Coder too.
func (e *Error) ErrorCode() Code { return e.Code }

// CodeOf returns the code of the first Coder in err's chain, or Internal
// when there is none. A nil error has no code and returns "".
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return Internal
}

// MessageOf returns the user-facing message of err: the message of its
// *Error, or a generic sentence for internal errors, whose details must
// not reach users.
func MessageOf(err error) string {
	var c Coder
	if errors.As(err, &c) {
		if e, ok := c.(error); ok {
			return e.Error()
		}
	}
	return "An internal error occurred."
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Abandoned reports whether err happened because the request it served
// was given up: ctx, the request's context, is done (the client went away
// or the server is shutting down). Such errors are not failures of the
// platform and need no error log, nor an answer nobody reads.
func Abandoned(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil
}
