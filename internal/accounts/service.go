package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// Service carries out the account rules over a Store.
type Service struct {
	Store  Store
	Now    func() time.Time
	Params HashParams

	dummyOnce sync.Once
	dummy     string
	slotsOnce sync.Once
	slots     chan struct{} // see hashing
}

// NewService returns a Service with the default hash parameters and clock.
func NewService(st Store) *Service {
	return &Service{Store: st, Now: time.Now, Params: DefaultHashParams}
}

// NewUser is the input for creating an account.
type NewUser struct {
	Email     string
	Name      string
	Password  string
	Role      Role
	Scope     region.Code
	OrgCode   string // for a seller
	PointCode string // for a station operator
	Lang      i18n.Lang
}

// SignUp creates a shopper account for a guest.
func (s *Service) SignUp(ctx context.Context, nu NewUser) (User, error) {
	nu.Role = Shopper
	nu.Scope, nu.OrgCode, nu.PointCode = "", "", ""
	return s.AddUser(ctx, Actor{}, nu)
}

// AddUser creates an account on behalf of by. Guests may create only
// shopper accounts (sign-up); a county admin may create sellers and station
// operators attached to its county; a prefecture admin may also create
// county admins and auditors inside its prefecture; the system actor may
// create anything. Other attempts are Forbidden; bad input is Invalid; a
// taken email is a Conflict.
func (s *Service) AddUser(ctx context.Context, by Actor, nu NewUser) (User, error) {
	email, err := NormalizeEmail(nu.Email)
	if err != nil {
		return User{}, err
	}
	if err := CheckPassword(nu.Password); err != nil {
		return User{}, err
	}
	u := User{Email: email, Name: strings.TrimSpace(nu.Name), Role: nu.Role, Scope: nu.Scope, Lang: nu.Lang}
	if u.Name == "" {
		u.Name, _, _ = strings.Cut(email, "@")
	}
	if u.Lang == "" {
		u.Lang = i18n.Default
	}
	// where is the region the new account is attached to, for the
	// permission check below.
	where := u.Scope
	switch u.Role {
	case Seller:
		if nu.OrgCode == "" {
			return User{}, errs.Field("org", "err.accounts.seller_org")
		}
		u.OrgID, where, err = s.Store.OrgRegion(ctx, nu.OrgCode)
		if err != nil {
			return User{}, err
		}
	case StationOperator:
		if nu.PointCode == "" {
			return User{}, errs.Field("org", "err.accounts.operator_point")
		}
		u.ServicePointID, where, err = s.Store.ServicePointRegion(ctx, nu.PointCode)
		if err != nil {
			return User{}, err
		}
	}
	if err := u.Validate(); err != nil {
		return User{}, err
	}
	if err := by.Require(s.mayCreate(by, u.Role, where), "act.create_account", i18n.M("role."+string(u.Role))); err != nil {
		return User{}, err
	}
	var hash string
	if herr := s.hashing(ctx, func() { hash, err = HashPassword(nu.Password, s.Params) }); herr != nil {
		return User{}, herr
	}
	if err != nil {
		return User{}, err
	}
	id, err := s.Store.CreateUser(ctx, u, hash)
	if err != nil {
		return User{}, fmt.Errorf("accounts.AddUser: %w", err)
	}
	return s.Store.User(ctx, id)
}

func (s *Service) mayCreate(by Actor, role Role, where region.Code) bool {
	switch {
	case by.System:
		return true
	case role == Shopper:
		return true
	case role == Seller || role == StationOperator:
		return by.Administers(where)
	case role == CountyAdmin || role == Auditor:
		return by.Role == PrefectureAdmin && by.Administers(where)
	}
	return false
}

// ListUsers returns the users an admin oversees: those attached to or
// scoped inside the admin's region. Anyone else is Forbidden.
func (s *Service) ListUsers(ctx context.Context, by Actor, f Filter) ([]User, error) {
	if f.Within == "" {
		f.Within = by.Scope
	}
	if err := by.Require(by.IsAdmin() && (f.Within == "" && by.System || by.Administers(f.Within)), "act.list_accounts"); err != nil {
		return nil, err
	}
	return s.Store.Users(ctx, f)
}

// SignIn checks an email and password and starts a session, returning its
// secret token. client identifies the caller (its address) for the
// sign-in limits (see LoginWindow), which count the attempt before the
// password is checked, so that concurrent attempts cannot check more
// passwords than the limits allow. A wrong email or password is
// Unauthorized with the same message either way; an attempt that comes
// too soon is TooMany, saying how many seconds to wait.
func (s *Service) SignIn(ctx context.Context, email, password, client string) (string, User, error) {
	now := s.Now()
	email = strings.ToLower(strings.TrimSpace(email))
	keys, err := s.takeAttempt(ctx, email, client, now)
	if err != nil {
		if errs.Is(err, errs.TooMany) {
			return "", User{}, err
		}
		return "", User{}, fmt.Errorf("accounts.SignIn: %w", err)
	}
	u, hash, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return "", User{}, fmt.Errorf("accounts.SignIn: %w", err)
	}
	if err != nil {
		// Spend the same time as a real check so timing does not reveal
		// which emails exist.
		hash = s.dummyHash()
	}
	var ok bool
	var verr error
	if herr := s.hashing(ctx, func() { ok, verr = VerifyPassword(password, hash) }); herr != nil {
		return "", User{}, herr
	}
	if err != nil || verr != nil || !ok || u.Disabled {
		return "", User{}, errs.E(errs.Unauthorized, "err.accounts.wrong_password")
	}
	if err := s.rightPassword(ctx, keys, now); err != nil {
		return "", User{}, fmt.Errorf("accounts.SignIn: %w", err)
	}
	token, err := s.StartSession(ctx, u.ID)
	if err != nil {
		return "", User{}, err
	}
	return token, u, nil
}

func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		s.dummy, _ = HashPassword("not a password of anyone", s.Params)
	})
	return s.dummy
}

// StartSession creates a session for a user and returns its token.
func (s *Service) StartSession(ctx context.Context, userID int64) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("accounts.StartSession: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.Now()
	err := s.Store.CreateSession(ctx, Session{
		TokenHash: TokenHash(token), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(SessionLifetime),
	})
	if err != nil {
		return "", fmt.Errorf("accounts.StartSession: %w", err)
	}
	return token, nil
}

// Authenticate returns the actor of a session token, or an Unauthorized
// error when the token is unknown, expired or its user disabled.
func (s *Service) Authenticate(ctx context.Context, token string) (Actor, error) {
	if token == "" {
		return Actor{}, errs.E(errs.Unauthorized, "err.accounts.no_session")
	}
	u, err := s.Store.SessionUser(ctx, TokenHash(token), s.Now())
	if err != nil {
		return Actor{}, err
	}
	if u.Disabled {
		return Actor{}, errs.E(errs.Unauthorized, "err.accounts.disabled")
	}
	return Actor{User: u}, nil
}

// SignOut ends the session of token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, TokenHash(token))
}

// TokenHash is what is stored of a session token: its SHA-256.
func TokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
