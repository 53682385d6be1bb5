package api

import (
	"errors"

	"maeul/internal/errs"
)

func asError(err error, target **errs.Error) bool { return errors.As(err, target) }

var errNoRoute = errs.E(errs.NotFound, "err.api.no_route")

// asField returns an Invalid err as an Invalid error about field, keeping
// its message; other errors pass unchanged.
func asField(field string, err error) error {
	if errs.Is(err, errs.Invalid) {
		return errs.InField(field, err)
	}
	return err
}
