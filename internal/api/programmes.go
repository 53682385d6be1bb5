package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/programme"
	"maeul/internal/programme/reports"
	"maeul/internal/region"
)

// The programme registers (programme.Service holds every rule): titles
// and pairings for those who oversee their region, recorded by its admins;
// events public, run by the admins of the region hosting them, their deals
// recorded and their reports read by their organizers and overseers.

type designationJSON struct {
	ID           int64       `json:"id"`
	SubjectKind  string      `json:"subject_kind"`
	SubjectCode  string      `json:"subject_code"`
	SubjectName  i18n.Text   `json:"subject_name"`
	RegionCode   region.Code `json:"region_code"`
	Level        string      `json:"level"`
	Title        string      `json:"title"`
	Year         int         `json:"year"`
	RevokedOn    string      `json:"revoked_on,omitempty"`
	RevokeReason string      `json:"revoke_reason,omitempty"`
}

func toDesignation(d programme.Designation) designationJSON {
	j := designationJSON{ID: d.ID, SubjectKind: string(d.SubjectKind), SubjectCode: d.SubjectCode, SubjectName: d.SubjectName,
		RegionCode: d.Where, Level: string(d.Level), Title: d.Title, Year: d.Year, RevokeReason: d.RevokeReason}
	if !d.RevokedOn.IsZero() {
		j.RevokedOn = d.RevokedOn.Format(time.DateOnly)
	}
	return j
}

// queryRegion reads ?region= ("" for none).
func queryRegion(r *http.Request) (region.Code, error) {
	s := strings.TrimSpace(r.URL.Query().Get("region"))
	if s == "" {
		return "", nil
	}
	c, err := region.ParseCode(s)
	if err != nil {
		return "", errs.Field("region", "err.programme.region_code", s)
	}
	return c, nil
}

// queryYear reads ?year= (0 for none).
func queryYear(r *http.Request) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get("year"))
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		return 0, errs.Field("year", "err.programme.year", 0, programme.MinYear, programme.MaxYear)
	}
	return y, nil
}

// designationList answers GET /designations: the titles of subjects in a
// region (?region=, the caller's scope by default), optionally of a
// ?level=, ?subject_kind= and conferred in a ?year=.
func (h *Handler) designationList(w http.ResponseWriter, r *http.Request) error {
	var f programme.DesignationFilter
	var err error
	if f.Within, err = queryRegion(r); err != nil {
		return err
	}
	if f.Year, err = queryYear(r); err != nil {
		return err
	}
	q := r.URL.Query()
	if s := q.Get("level"); s != "" {
		if f.Level, err = programme.ParseLevel(s); err != nil {
			return err
		}
	}
	if s := q.Get("subject_kind"); s != "" {
		if f.SubjectKind, err = programme.ParseSubjectKind(s); err != nil {
			return err
		}
	}
	ds, err := h.Programme.Designations(r.Context(), accounts.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(ds, toDesignation))
}

type designationInput struct {
	SubjectKind string `json:"subject_kind"`
	SubjectCode string `json:"subject_code"`
	Level       string `json:"level"`
	Title       string `json:"title"`
	Year        int    `json:"year"`
}

// designationCreate answers POST /designations: records a title (201); the
// same title again returns it.
func (h *Handler) designationCreate(w http.ResponseWriter, r *http.Request) error {
	var in designationInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	k, err := programme.ParseSubjectKind(in.SubjectKind)
	if err != nil {
		return err
	}
	l, err := programme.ParseLevel(in.Level)
	if err != nil {
		return err
	}
	d, err := h.Programme.RecordDesignation(r.Context(), accounts.ActorFrom(r.Context()),
		programme.NewDesignation{SubjectKind: k, SubjectCode: in.SubjectCode, Level: l, Title: in.Title, Year: in.Year})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toDesignation(d))
}

type revokeInput struct {
	RevokedOn string `json:"revoked_on"`
	Reason    string `json:"reason"`
}

// pathID reads the {id} of a path, or gives notFound, the NotFound error
// of the record's kind.
func pathID(r *http.Request, notFound error) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound
	}
	return id, nil
}

// designationRevoke answers POST /designations/{id}/revoke.
func (h *Handler) designationRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, errs.E(errs.NotFound, "err.programme.no_designation", int64(0)))
	if err != nil {
		return err
	}
	var in revokeInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	on, err := programme.ParseDate("revoked_on", in.RevokedOn, true)
	if err != nil {
		return err
	}
	d, err := h.Programme.RevokeDesignation(r.Context(), accounts.ActorFrom(r.Context()), id, on, in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toDesignation(d))
}

type pairingJSON struct {
	ID          int64       `json:"id"`
	OrgCode     string      `json:"org_code"`
	OrgName     i18n.Text   `json:"org_name"`
	VillageCode region.Code `json:"village_code"`
	VillageName i18n.Text   `json:"village_name"`
	VillagePoor bool        `json:"village_poor"`
	Since       string      `json:"since"`
	Until       string      `json:"until,omitempty"`
	SalesFen    *money.Fen  `json:"sales_fen,omitempty"`
}

func toPairing(p programme.Pairing) pairingJSON {
	j := pairingJSON{ID: p.ID, OrgCode: p.OrgCode, OrgName: p.OrgName, VillageCode: p.VillageCode, VillageName: p.VillageName,
		VillagePoor: p.VillagePoor, Since: p.Since.Format(time.DateOnly)}
	if !p.Until.IsZero() {
		j.Until = p.Until.Format(time.DateOnly)
	}
	return j
}

// pairingList answers GET /pairings: the pairings of villages in a region
// (?region=, the caller's scope by default) in force in a ?year= (this
// one by default), each with its platform sales in that year.
func (h *Handler) pairingList(w http.ResponseWriter, r *http.Request) error {
	within, err := queryRegion(r)
	if err != nil {
		return err
	}
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	if year == 0 {
		year = h.Programme.ThisYear()
	}
	ls, err := h.Programme.PairingLines(r.Context(), accounts.ActorFrom(r.Context()), within, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(ls, func(l programme.PairingLine) pairingJSON {
		j := toPairing(l.Pairing)
		j.SalesFen = &l.Sales
		return j
	}))
}

type pairingInput struct {
	OrgCode     string `json:"org_code"`
	VillageCode string `json:"village_code"`
	Since       string `json:"since"`
	Until       string `json:"until"`
}

// pairingCreate answers POST /pairings: records a pairing (201).
func (h *Handler) pairingCreate(w http.ResponseWriter, r *http.Request) error {
	var in pairingInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	np := programme.NewPairing{OrgCode: in.OrgCode}
	var err error
	if np.VillageCode, err = region.ParseCode(in.VillageCode); err != nil {
		return errs.Field("village_code", "err.programme.region_code", in.VillageCode)
	}
	if np.Since, err = programme.ParseDate("since", in.Since, true); err != nil {
		return err
	}
	if np.Until, err = programme.ParseDate("until", in.Until, false); err != nil {
		return err
	}
	p, err := h.Programme.RecordPairing(r.Context(), accounts.ActorFrom(r.Context()), np)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toPairing(p))
}

type pairingEndInput struct {
	Until string `json:"until"`
}

// pairingEnd answers POST /pairings/{id}/end.
func (h *Handler) pairingEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, errs.E(errs.NotFound, "err.programme.no_pairing", int64(0)))
	if err != nil {
		return err
	}
	var in pairingEndInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	until, err := programme.ParseDate("until", in.Until, true)
	if err != nil {
		return err
	}
	p, err := h.Programme.EndPairing(r.Context(), accounts.ActorFrom(r.Context()), id, until)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPairing(p))
}

type eventJSON struct {
	Code         string            `json:"code"`
	RegionCode   region.Code       `json:"region_code"`
	Name         i18n.Text         `json:"name"`
	Place        i18n.Text         `json:"place"`
	Starts       time.Time         `json:"starts"`
	Ends         time.Time         `json:"ends"`
	Status       programme.Status  `json:"status"`
	Participants []participantJSON `json:"participants,omitempty"`
}

type participantJSON struct {
	ID         int64       `json:"id"`
	Kind       string      `json:"kind"`
	Code       string      `json:"code"`
	Name       i18n.Text   `json:"name"`
	RegionCode region.Code `json:"region_code"`
	Role       string      `json:"role"`
}

func (h *Handler) toEvent(e programme.Event, ps []programme.Participant) eventJSON {
	j := eventJSON{Code: e.Code, RegionCode: e.Region, Name: e.Name, Place: e.Place, Starts: e.Starts.UTC(), Ends: e.Ends.UTC(),
		Status: e.StatusAt(h.clock())}
	for _, p := range ps {
		j.Participants = append(j.Participants, participantJSON{ID: p.ID, Kind: string(p.Kind), Code: p.Code, Name: p.Name,
			RegionCode: p.Region, Role: string(p.Role)})
	}
	return j
}

// eventList answers GET /events: events (public), optionally hosted inside
// a ?region= and starting in a ?year=, the latest first.
func (h *Handler) eventList(w http.ResponseWriter, r *http.Request) error {
	var f programme.EventFilter
	var err error
	if f.Within, err = queryRegion(r); err != nil {
		return err
	}
	if f.Year, err = queryYear(r); err != nil {
		return err
	}
	es, err := h.Programme.Events(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(es, func(e programme.Event) eventJSON { return h.toEvent(e, nil) }))
}

// writeEvent writes an event with its participants.
func (h *Handler) writeEvent(w http.ResponseWriter, r *http.Request, status int, code string) error {
	e, err := h.Programme.Event(r.Context(), code)
	if err != nil {
		return err
	}
	ps, err := h.Programme.Participants(r.Context(), e)
	if err != nil {
		return err
	}
	return writeJSON(w, status, h.toEvent(e, ps))
}

// eventGet answers GET /events/{code}: an event with its participants.
func (h *Handler) eventGet(w http.ResponseWriter, r *http.Request) error {
	return h.writeEvent(w, r, http.StatusOK, r.PathValue("code"))
}

type eventInput struct {
	RegionCode string    `json:"region_code"`
	Name       i18n.Text `json:"name"`
	Place      i18n.Text `json:"place"`
	Starts     time.Time `json:"starts"`
	Ends       time.Time `json:"ends"`
}

// eventPut answers PUT /events/{code}: records or changes an event.
func (h *Handler) eventPut(w http.ResponseWriter, r *http.Request) error {
	var in eventInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	c, err := region.ParseCode(in.RegionCode)
	if err != nil {
		return errs.Field("region_code", "err.programme.region_code", in.RegionCode)
	}
	e, err := h.Programme.SaveEvent(r.Context(), accounts.ActorFrom(r.Context()), programme.Event{Code: r.PathValue("code"),
		Region: c, Name: in.Name, Place: in.Place, Starts: in.Starts, Ends: in.Ends})
	if err != nil {
		return err
	}
	return h.writeEvent(w, r, http.StatusOK, e.Code)
}

type participantInput struct {
	Kind string `json:"kind"`
	Code string `json:"code"`
	Role string `json:"role"`
}

// participantAdd answers POST /events/{code}/participants: adds one
// (taking part already in the role changes nothing) and answers with the
// event.
func (h *Handler) participantAdd(w http.ResponseWriter, r *http.Request) error {
	var in participantInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	e, err := h.Programme.Event(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	np := programme.NewParticipant{Kind: programme.ParticipantKind(in.Kind), Code: in.Code, Role: programme.Role(in.Role)}
	if err := h.Programme.AddParticipants(r.Context(), accounts.ActorFrom(r.Context()), e, []programme.NewParticipant{np}); err != nil {
		return programme.Single(err)
	}
	return h.writeEvent(w, r, http.StatusOK, e.Code)
}

type dealJSON struct {
	ID         int64     `json:"id"`
	Ref        string    `json:"ref,omitempty"`
	SellerID   int64     `json:"seller_id"`
	Seller     i18n.Text `json:"seller"`
	BuyerID    int64     `json:"buyer_id,omitempty"`
	Buyer      i18n.Text `json:"buyer"`
	AmountFen  money.Fen `json:"amount_fen"`
	Goods      string    `json:"goods"`
	RecordedAt time.Time `json:"recorded_at"`
}

func toDeal(d programme.Deal) dealJSON {
	return dealJSON{ID: d.ID, Ref: d.Ref, SellerID: d.SellerID, Seller: d.Seller, BuyerID: d.BuyerID, Buyer: d.Buyer,
		AmountFen: d.Amount, Goods: d.Goods, RecordedAt: d.RecordedAt.UTC()}
}

type dealInput struct {
	SellerID  int64     `json:"seller_id"`
	BuyerID   int64     `json:"buyer_id"`
	BuyerName string    `json:"buyer_name"`
	AmountFen money.Fen `json:"amount_fen"`
	Goods     string    `json:"goods"`
	Ref       string    `json:"ref"`
}

// dealCreate answers POST /events/{code}/deals: the organizer records a
// deal (201); the same contract number again returns it.
func (h *Handler) dealCreate(w http.ResponseWriter, r *http.Request) error {
	var in dealInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	e, err := h.Programme.Event(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	d, err := h.Programme.RecordDeal(r.Context(), accounts.ActorFrom(r.Context()), e, programme.NewDeal{SellerID: in.SellerID,
		BuyerID: in.BuyerID, BuyerName: in.BuyerName, Amount: in.AmountFen, Goods: in.Goods, Ref: in.Ref})
	if err != nil {
		return renameField(err, "amount", "amount_fen")
	}
	return writeJSON(w, http.StatusCreated, toDeal(d))
}

type countJSON struct {
	Kind  string `json:"kind"`
	Role  string `json:"role"`
	Count int    `json:"count"`
}

type eventReportJSON struct {
	Event             eventJSON   `json:"event"`
	From              time.Time   `json:"from"`
	To                time.Time   `json:"to"`
	ParticipantCounts []countJSON `json:"participant_counts"`
	Participants      int         `json:"participants"`
	SalesFen          money.Fen   `json:"sales_fen"`
	SalesSource       string      `json:"sales_source"`
	Deals             []dealJSON  `json:"deals"`
	DealsFen          money.Fen   `json:"deals_fen"`
	DealsSource       string      `json:"deals_source"`
	TotalFen          money.Fen   `json:"total_fen"`
}

// eventReport answers GET /events/{code}/report: participants by kind
// and role, the platform sales of its sellers within its days (from..to),
// the deals recorded, and the total, each part with its source.
func (h *Handler) eventReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Programme.EventReport(r.Context(), accounts.ActorFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return err
	}
	j := eventReportJSON{Event: h.toEvent(rep.Event, rep.Participants), From: rep.From.UTC(), To: rep.To.UTC(),
		ParticipantCounts: []countJSON{}, Participants: rep.Subjects, SalesFen: rep.Sales, SalesSource: string(rep.SalesSource),
		Deals: []dealJSON{}, DealsFen: rep.DealsTotal, DealsSource: string(rep.DealsSource), TotalFen: rep.Total}
	for _, c := range rep.ByKind {
		j.ParticipantCounts = append(j.ParticipantCounts, countJSON{Kind: string(c.Kind), Role: string(c.Role), Count: c.Count})
	}
	for _, d := range rep.Deals {
		j.Deals = append(j.Deals, toDeal(d))
	}
	return writeJSON(w, http.StatusOK, j)
}

// programmeReport answers GET /programmes/{region}: a region's programme
// report for a ?year= (this one by default), as `maeul report programmes`
// writes it in JSON, names in the Accept-Language.
func (h *Handler) programmeReport(w http.ResponseWriter, r *http.Request) error {
	c, err := region.ParseCode(r.PathValue("region"))
	if err != nil {
		return errs.Field("region", "err.programme.region_code", r.PathValue("region"))
	}
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	if year == 0 {
		year = h.Programme.ThisYear()
	}
	rep, err := h.Programme.Report(r.Context(), accounts.ActorFrom(r.Context()), c, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reports.FromReport(rep, apiLang(r)))
}
