package programme

import (
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Event is a matchmaking sales event (产销对接会).
type Event struct {
	ID     int64
	Code   string
	Region region.Code // the county or prefecture that hosts it
	Name   i18n.Text
	Place  i18n.Text
	Starts time.Time
	Ends   time.Time
}

// Days returns the event's first and last days in China.
func (e Event) Days() (first, last time.Time) {
	return Day(e.Starts), Day(e.Ends.Add(-time.Microsecond))
}

// Window returns the instants its days begin and end in China: the
// platform sales of its sellers count from the first to the second.
func (e Event) Window() (from, to time.Time) {
	first, last := e.Days()
	return DayStart(first), DayStart(last.AddDate(0, 0, 1))
}

// Status is where an event stands at a moment.
type Status string

// The statuses.
const (
	Upcoming Status = "upcoming"
	Running  Status = "running"
	Over     Status = "over"
)

// StatusAt returns the event's status at now: running from its start to
// its end.
func (e Event) StatusAt(now time.Time) Status {
	switch {
	case now.Before(e.Starts):
		return Upcoming
	case now.Before(e.Ends):
		return Running
	}
	return Over
}

// MaxEventDays is the longest an event may last.
const MaxEventDays = 31

// Validate checks an event on its own.
func (e Event) Validate() error {
	if err := org.ValidCode(e.Code); err != nil {
		return errs.Field("code", "err.programme.code", e.Code)
	}
	if e.Region == "" {
		return errs.Field("region_code", "err.programme.event_region")
	}
	if e.Name.IsZero() {
		return errs.Field("name_ko", "err.programme.event_name")
	}
	for _, t := range []struct {
		field string
		s     string
	}{{"name_ko", e.Name.Ko}, {"name_zh", e.Name.Zh}, {"name_en", e.Name.En},
		{"place_ko", e.Place.Ko}, {"place_zh", e.Place.Zh}, {"place_en", e.Place.En}} {
		if err := CheckText(t.field, t.s, false, MaxName); err != nil {
			return err
		}
	}
	if e.Place.IsZero() {
		return errs.Field("place_ko", "err.programme.event_place")
	}
	if e.Starts.IsZero() {
		return errs.Field("starts", "err.programme.text_empty")
	}
	if !e.Ends.After(e.Starts) {
		return errs.Field("ends", "err.programme.event_ends")
	}
	if e.Ends.Sub(e.Starts) > MaxEventDays*24*time.Hour {
		return errs.Field("ends", "err.programme.event_long", MaxEventDays)
	}
	return nil
}

// EventFilter selects events; zero fields select all.
type EventFilter struct {
	// Within keeps the events hosted inside this region.
	Within region.Code
	// Year keeps the events that start in this year (in China).
	Year int
	// EndsAfter keeps the events that end after this instant.
	EndsAfter time.Time
	Limit     int
}

// ParticipantKind is what takes part in an event.
type ParticipantKind string

// The kinds of participant.
const (
	OrgParticipant     ParticipantKind = "organization"
	VillageParticipant ParticipantKind = "village"
	PointParticipant   ParticipantKind = "service_point"
)

// ParticipantKinds lists the kinds in display order.
var ParticipantKinds = []ParticipantKind{OrgParticipant, VillageParticipant, PointParticipant}

// ParseParticipantKind returns the kind named s, or an Invalid error.
func ParseParticipantKind(s string) (ParticipantKind, error) {
	k := ParticipantKind(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range ParticipantKinds {
		if x == k {
			return k, nil
		}
	}
	return "", errs.Field("kind", "err.programme.participant_kind", s)
}

// Role is what a participant does at an event.
type Role string

// The roles.
const (
	Seller    Role = "seller"
	Buyer     Role = "buyer"
	Organizer Role = "organizer"
)

// Roles lists the roles in display order.
var Roles = []Role{Seller, Buyer, Organizer}

// ParseRole returns the role named s, or an Invalid error.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Roles {
		if x == r {
			return r, nil
		}
	}
	return "", errs.Field("role", "err.programme.role", s)
}

// Participant is an organization, village or service point taking part in
// an event in one role.
type Participant struct {
	ID      int64
	EventID int64
	Kind    ParticipantKind
	Code    string // the organization, village or service point code
	OrgID   int64
	Village region.Code
	PointID int64
	Role    Role
	// Name and Region are filled in when read: the subject's name and the
	// region it lies in.
	Name   i18n.Text
	Region region.Code
}

// NewParticipant is a participant as people write it.
type NewParticipant struct {
	Kind ParticipantKind
	Code string
	Role Role
}

// Deal is a contract signed at an event: a seller taking part sells goods
// to a buyer taking part, or to a buyer named from outside the platform.
type Deal struct {
	ID        int64
	EventID   int64
	SellerID  int64 // a participant in the seller role
	BuyerID   int64 // a participant in the buyer role, or 0
	BuyerName string
	Amount    money.Fen
	Goods     string
	Ref       string // the contract's number, "" for none
	// Seller and Buyer are filled in when read: the participants' names.
	Seller     i18n.Text
	Buyer      i18n.Text
	RecordedAt time.Time
}

// NewDeal is a deal as the organizer records it.
type NewDeal struct {
	SellerID  int64
	BuyerID   int64
	BuyerName string
	Amount    money.Fen
	Goods     string
	Ref       string
}

// MaxDeal is the largest amount one deal may record: ¥100 million.
const MaxDeal = money.Fen(100_000_000 * 100)

// TemplateKeys lists, by message-key prefix, the values pages build keys
// from ("programme.level." + a level): what the template tests enumerate.
func TemplateKeys() map[string][]string {
	m := map[string][]string{}
	add := func(prefix string, vals ...string) { m[prefix] = append(m[prefix], vals...) }
	for _, l := range Levels {
		add("programme.level.", string(l))
	}
	for _, k := range SubjectKinds {
		add("programme.kind.", string(k))
	}
	for _, r := range Roles {
		add("programme.role.", string(r))
	}
	for _, k := range ParticipantKinds {
		add("programme.pkind.", string(k))
	}
	add("programme.status.", string(Upcoming), string(Running), string(Over))
	for _, s := range []Source{SourcePlatform, SourceDeals, SourceRegisters, SourceReported} {
		add("programme.source.", string(s))
	}
	return m
}
