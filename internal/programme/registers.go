package programme

import (
	"context"
	"time"

	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/region"
)

// Designation is a demonstration title conferred on a subject.
type Designation struct {
	ID          int64
	SubjectKind SubjectKind
	// SubjectCode is the region, organization or service point code the
	// title names; RegionCode, OrgID or PointID (one of them) is the
	// subject as stored.
	SubjectCode string
	RegionCode  region.Code // a county, town or village subject
	OrgID       int64
	PointID     int64
	// Where is the region the subject lies in (the division itself, an
	// organization's or point's region), and SubjectName its name: filled
	// in when read.
	Where        region.Code
	SubjectName  i18n.Text
	Level        Level
	Title        string
	Year         int
	RevokedOn    time.Time // a date; zero while it stands
	RevokeReason string
	CreatedAt    time.Time
}

// InForceOn reports whether the title counts on day d: conferred in d's
// year or before, and not revoked on or before d.
func (d Designation) InForceOn(day time.Time) bool {
	return d.Year <= day.Year() && (d.RevokedOn.IsZero() || day.Before(d.RevokedOn))
}

// NewDesignation is a title as people write it: a row of the designations
// import or the back office's form.
type NewDesignation struct {
	SubjectKind SubjectKind
	SubjectCode string
	Level       Level
	Title       string
	Year        int
}

// DesignationFilter selects designations; zero fields select all.
type DesignationFilter struct {
	Within      region.Code // subjects lying inside this region
	Level       Level
	SubjectKind SubjectKind
	Year        int // conferred in this year
	// SubjectCode, with SubjectKind, selects the titles of one subject.
	SubjectCode string
	// InForceOn keeps those that count on this date; zero keeps all.
	InForceOn time.Time
}

// Count is how many titles of a level and kind count in a region.
type Count struct {
	Level       Level
	SubjectKind SubjectKind
	Count       int
}

// Pairing is an enterprise helping a village sell, from Since to Until
// (inclusive; zero while it lasts).
type Pairing struct {
	ID          int64
	OrgID       int64
	OrgCode     string
	OrgName     i18n.Text
	VillageCode region.Code
	VillageName i18n.Text
	VillagePoor bool
	Since       time.Time
	Until       time.Time
	CreatedAt   time.Time
}

// LiveOn reports whether the pairing is in force on day d.
func (p Pairing) LiveOn(d time.Time) bool {
	return !d.Before(p.Since) && (p.Until.IsZero() || !d.After(p.Until))
}

// NewPairing is a pairing as people write it, by codes.
type NewPairing struct {
	OrgCode     string
	VillageCode region.Code
	Since       time.Time
	Until       time.Time
}

// PairingFilter selects pairings; zero fields select all.
type PairingFilter struct {
	Within region.Code // villages inside this region
	OrgID  int64
	// LiveOn keeps those in force on this date; LiveFrom..LiveTo those in
	// force on some day of the range. Zero keeps all.
	LiveOn           time.Time
	LiveFrom, LiveTo time.Time
}

// PairingSales are the platform sales of a paired enterprise's products
// from its village while the pairing was in force, by pairing.
type PairingSales struct {
	PairingID int64
	Sales     money.Fen
}

// Store is what the programme rules need from storage.
type Store interface {
	// Designation returns one title, or a NotFound error.
	Designation(ctx context.Context, id int64) (Designation, error)
	// Designations lists titles ordered by year (newest first), level and
	// subject.
	Designations(ctx context.Context, f DesignationFilter) ([]Designation, error)
	// SaveDesignations inserts titles in one transaction, leaving those
	// recorded already (same kind, subject, level, title and year) as they
	// are, and returns the ids in order.
	SaveDesignations(ctx context.Context, ds []Designation, by int64) ([]int64, error)
	// RevokeDesignation records a title's revocation, or NotFound.
	RevokeDesignation(ctx context.Context, id int64, on time.Time, reason string, by int64) error
	// CountDesignations counts by level and kind the titles whose subjects
	// lie within a region and that count on a day.
	CountDesignations(ctx context.Context, within region.Code, on time.Time) ([]Count, error)
	// CountAwarded counts by level and kind the titles conferred in a year
	// on subjects within a region, revoked or not.
	CountAwarded(ctx context.Context, within region.Code, year int) ([]Count, error)

	// Pairing returns one pairing, or a NotFound error.
	Pairing(ctx context.Context, id int64) (Pairing, error)
	// Pairings lists pairings ordered by village, then first day.
	Pairings(ctx context.Context, f PairingFilter) ([]Pairing, error)
	// SavePairings inserts pairings, or moves the last day of those
	// recorded already (same organization, village and first day), in one
	// transaction; it returns the ids in order.
	SavePairings(ctx context.Context, ps []Pairing, by int64) ([]int64, error)
	// EndPairing sets a pairing's last day, or NotFound.
	EndPairing(ctx context.Context, id int64, until time.Time, by int64) error
	// PairedVillages counts the distinct villages within a region paired
	// on some day from first to last (inclusive).
	PairedVillages(ctx context.Context, within region.Code, first, last time.Time) (int, error)
	// UnpairedPoorVillages lists the poor villages within a region that
	// no pairing covers on day.
	UnpairedPoorVillages(ctx context.Context, within region.Code, day time.Time) ([]region.Region, error)
	// PairedSales sums, by pairing, the platform sales (paid lines, net
	// of refunds, dated when paid) of each pairing's enterprise of
	// products from its village, paid while the pairing was in force and
	// from..to, for the pairings of villages within a region.
	PairedSales(ctx context.Context, within region.Code, from, to time.Time) ([]PairingSales, error)

	// Event returns an event by code, or a NotFound error.
	Event(ctx context.Context, code string) (Event, error)
	// Events lists events ordered by start, newest first.
	Events(ctx context.Context, f EventFilter) ([]Event, error)
	// SaveEvent inserts an event (ID 0) or updates one's names, place and
	// times by code; it returns its id.
	SaveEvent(ctx context.Context, e Event, by int64) (int64, error)
	// Participants lists an event's participants by role and kind.
	Participants(ctx context.Context, eventID int64) ([]Participant, error)
	// AddParticipants adds participants in one transaction; one taking
	// part already in the same role is left as it is.
	AddParticipants(ctx context.Context, eventID int64, ps []Participant) error
	// RemoveParticipant removes a participant without deals, or gives a
	// Conflict error.
	RemoveParticipant(ctx context.Context, eventID, participantID int64) error
	// Deals lists an event's deals in the order recorded.
	Deals(ctx context.Context, eventID int64) ([]Deal, error)
	// SaveDeal records a deal and returns its id; a deal whose reference
	// the event has already returns that deal's id, unchanged.
	SaveDeal(ctx context.Context, d Deal, by int64) (int64, error)
	// EventSales sums the platform sales (paid lines, net of refunds)
	// paid from..to of the event's sellers: lines sold by a seller
	// organization, of products from a seller village or listed through a
	// seller service point, each line once.
	EventSales(ctx context.Context, eventID int64, from, to time.Time) (money.Fen, error)
}

// ProvinceTotals gives the province's reported totals of titles: the
// number of titles of a level and kind that the whole province holds in
// a year, and whether that number is known.
type ProvinceTotals interface {
	DesignationTotal(ctx context.Context, province region.Code, year int, level Level, kind SubjectKind) (int64, bool, error)
}
