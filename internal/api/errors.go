package api

import (
	"errors"

	"maeul/internal/errs"
)

func asError(err error, target **errs.Error) bool { return errors.As(err, target) }

var errNoRoute = errs.E(errs.NotFound, "no such API endpoint")
