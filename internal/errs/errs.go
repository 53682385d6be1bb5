// Package errs defines the errors that every layer of maeul shares.
//
// Domain packages return *Error values for failures a user can act on
// (bad input, a missing record, a permission refusal). An *Error carries a
// code, which adapters map to an HTTP status or an exit status, and a
// message key with its arguments, which each surface renders in the
// language of whoever reads it (pages in the request's language, the API
// in the Accept-Language asked for, the command line in its --lang). A
// domain package never builds a sentence. Any other error is internal and
// is shown to users only as a plain apology.
package errs

import (
	"context"
	"errors"

	"maeul/internal/i18n"
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
	Unavailable  Code = "unavailable"
	// UnsupportedMedia is a request body in a format the surface does not
	// read (the API takes JSON only).
	UnsupportedMedia Code = "unsupported_media_type"
	Internal         Code = "internal"
)

// ReasonInternal is the reason of an error that carries no message key.
const ReasonInternal = "err.internal"

// Error is a domain error: a code, a message key with its arguments, and
// optionally the input field it concerns. Key names a message of the
// i18n catalogs (by convention "err.AREA.NAME", in
// internal/i18n/messages/errors_AREA.json); an argument may itself be a
// localizable value (an i18n.Msg, an i18n.Text, another *Error).
type Error struct {
	Code  Code
	Key   string
	Args  []any
	Field string
}

// Error returns the English text, prefixed with the field when there is
// one, for logs and tests.
func (e *Error) Error() string {
	msg := e.Localize(i18n.Embedded(), i18n.En)
	if e.Field != "" {
		return e.Field + ": " + msg
	}
	return msg
}

// Localize renders the message, without its field, in l.
func (e *Error) Localize(c *i18n.Catalog, l i18n.Lang) string {
	return c.T(l, e.Key, e.Args...)
}

// ErrorCode returns e's code, so *Error is a Coder too.
func (e *Error) ErrorCode() Code { return e.Code }

// E returns an *Error with the code, the message key and its arguments.
func E(code Code, key string, args ...any) error {
	return &Error{Code: code, Key: key, Args: args}
}

// Field returns an Invalid *Error about the named input field.
func Field(field, key string, args ...any) error {
	return &Error{Code: Invalid, Field: field, Key: key, Args: args}
}

// InField returns err as an error about field when it is an *Error (the
// same code, key and arguments), and err unchanged otherwise. A service
// uses it to say which of its inputs a lower layer's refusal concerns.
func InField(field string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		c.Field = field
		return &c
	}
	return err
}

// Coder is implemented by error types of other packages that carry a code,
// such as an import's list of problems.
type Coder interface {
	ErrorCode() Code
}

// CodeOf returns the code of the first Coder in err's chain; without one,
// Unavailable when err says the database or another service could not be
// reached, and Internal otherwise. A nil error has no code and returns "".
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	if unreachable(err) {
		return Unavailable
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Reason returns the machine-readable reason of err: the message key of
// its *Error, the reason of another Coder that has one, ReasonUnavailable
// for a service that could not be reached, or ReasonInternal.
func Reason(err error) string {
	var r interface{ Reason() string }
	if errors.As(err, &r) {
		return r.Reason()
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	if CodeOf(err) == Unavailable {
		return ReasonUnavailable
	}
	return ReasonInternal
}

// HasReason reports whether err's reason is key: the way a caller tells
// one refusal from another without reading its text.
func HasReason(err error, key string) bool { return err != nil && Reason(err) == key }

// FieldOf returns the input field err concerns, or "".
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// MessageIn returns the text a user is shown for err in l: the localized
// message of the first Coder in its chain that can render itself, or the
// catalog's plain apology for internal errors, whose details must not
// reach users. The field is not part of the text; a form shows it beside
// its input.
func MessageIn(err error, c *i18n.Catalog, l i18n.Lang) string {
	var c2 Coder
	if errors.As(err, &c2) {
		if loc, ok := c2.(i18n.Localizer); ok {
			return loc.Localize(c, l)
		}
	}
	if CodeOf(err) == Unavailable {
		return c.T(l, ReasonUnavailable)
	}
	return c.T(l, ReasonInternal)
}

// MessageOf returns err's user-facing message in English, with its field:
// what a log or a test reads. Pages and the API use MessageIn.
func MessageOf(err error) string {
	var c Coder
	if errors.As(err, &c) {
		if e, ok := c.(error); ok {
			return e.Error()
		}
	}
	return i18n.Embedded().T(i18n.En, Reason(err))
}

// Abandoned reports whether err happened because the request it served
// was given up: ctx, the request's context, is done (the client went away
// or the server is shutting down). Such errors are not failures of the
// platform and need no error log, nor an answer nobody reads.
func Abandoned(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil
}
