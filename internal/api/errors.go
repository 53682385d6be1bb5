package api

import (
	"errors"

	"maeul/internal/errs"
)

func asError(err error, target **errs.Error) bool { return errors.As(err, target) }

var errNoRoute = errs.E(errs.NotFound, "no such API endpoint")

// asField returns an Invalid err as an Invalid error about field, keeping
// its message; other errors pass unchanged.
func asField(field string, err error) error {
	var e *errs.Error
	if errors.As(err, &e) && e.Code == errs.Invalid {
		return &errs.Error{Code: errs.Invalid, Field: field, Message: e.Message}
	}
	return err
}
