package accounts

import (
	"context"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// Actor is whoever makes a request: a signed-in user, or the zero Actor for
// a guest. Every permission rule of the platform is a method here, so that
// domains decide authorization, not handlers.
type Actor struct {
	User
	// System marks the command-line operator, who may do anything.
	System bool
	// Machine is set for a request made with an API key (see apikeys.go):
	// no user, but not a guest either; it may scan at its key's points
	// and is refused (Forbidden, not sent to sign in) anything else a
	// guest may not do.
	Machine *Machine
}

// SystemActor is the actor of command-line tools run by the operator.
var SystemActor = Actor{System: true}

// SignedIn reports whether the actor is a user.
func (a Actor) SignedIn() bool { return a.ID != 0 || a.System }

// IsAdmin reports whether the actor administers some region.
func (a Actor) IsAdmin() bool {
	return a.System || a.Role == CountyAdmin || a.Role == PrefectureAdmin
}

// Administers reports whether the actor may change data located in code:
// a county admin inside its county, a prefecture admin inside its
// prefecture.
func (a Actor) Administers(code region.Code) bool {
	if a.System {
		return true
	}
	if a.Disabled || (a.Role != CountyAdmin && a.Role != PrefectureAdmin) {
		return false
	}
	return code != "" && code.Within(a.Scope)
}

// Oversees reports whether the actor may read the non-public data located
// in code: its admins, and auditors (inside their scope, if they have one).
func (a Actor) Oversees(code region.Code) bool {
	if a.Administers(code) {
		return true
	}
	if a.Role == Auditor && !a.Disabled {
		return a.Scope == "" || code.Within(a.Scope)
	}
	return false
}

// ActsFor reports whether the actor may manage the organization with the
// given id located in the given region: its own sellers, and the admins
// of the region.
func (a Actor) ActsFor(orgID int64, orgRegion region.Code) bool {
	if a.Role == Seller && !a.Disabled && a.OrgID == orgID && orgID != 0 {
		return true
	}
	return a.Administers(orgRegion)
}

// WorksAt reports whether the actor may run the service point with the
// given id located in the given region: its operators and the region's
// admins.
func (a Actor) WorksAt(pointID int64, pointRegion region.Code) bool {
	if a.Role == StationOperator && !a.Disabled && a.ServicePointID == pointID && pointID != 0 {
		return true
	}
	return a.Administers(pointRegion)
}

// Require returns nil when ok, an Unauthorized error for a guest, and a
// Forbidden error for a signed-in user or a machine. action is the message key of what
// was asked ("act.NAME", in internal/i18n/messages/actions.json) with its
// arguments; the refusal names it in the reader's language ("sign in to
// …", "you may not …").
func (a Actor) Require(ok bool, action string, args ...any) error {
	if ok {
		return nil
	}
	if !a.SignedIn() && a.Machine == nil {
		return errs.E(errs.Unauthorized, "err.accounts.sign_in", i18n.M(action, args...))
	}
	return errs.E(errs.Forbidden, "err.accounts.forbidden", i18n.M(action, args...))
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the guest actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
