package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/programme"
	"maeul/internal/region"
)

var _ programme.Store = (*DB)(nil)

// Programme dates are YYYY-MM-DD text ('' for none), which orders and
// compares alike on both engines (see linkDay).

// whereOf is the region a title's subject lies in: the division itself, or
// the region of the organization or service point (joined as o and p).
const whereOf = `COALESCE(d.region_code, o.region_code, p.region_code)`

const designationSelect = `SELECT d.id, d.subject_kind, d.subject_code, COALESCE(d.region_code, ''), COALESCE(d.org_id, 0),
  COALESCE(d.point_id, 0), ` + whereOf + `, COALESCE(r.name_ko, o.name_ko, p.name_ko), COALESCE(r.name_zh, o.name_zh, p.name_zh),
  COALESCE(r.name_en, o.name_en, p.name_en), d.level, d.title, d.year, d.revoked_on, d.revoke_reason, d.created_at
FROM designations d
LEFT JOIN regions r ON r.code = d.region_code
LEFT JOIN organizations o ON o.id = d.org_id
LEFT JOIN service_points p ON p.id = d.point_id`

func scanDesignation(sc interface{ Scan(...any) error }) (programme.Designation, error) {
	var d programme.Designation
	var revoked string
	var created int64
	err := sc.Scan(&d.ID, &d.SubjectKind, &d.SubjectCode, &d.RegionCode, &d.OrgID, &d.PointID, &d.Where,
		&d.SubjectName.Ko, &d.SubjectName.Zh, &d.SubjectName.En, &d.Level, &d.Title, &d.Year, &revoked, &d.RevokeReason, &created)
	d.RevokedOn, d.CreatedAt = parseDay(revoked), fromMicros(created)
	return d, err
}

// Designation returns one title, or a NotFound error.
func (db *DB) Designation(ctx context.Context, id int64) (programme.Designation, error) {
	d, err := scanDesignation(db.r.QueryRowContext(ctx, designationSelect+` WHERE d.id = $1`, id))
	if errNoRows(err) {
		return d, errs.E(errs.NotFound, "err.programme.no_designation", id)
	}
	if err != nil {
		return d, fmt.Errorf("store.Designation: %w", err)
	}
	return d, nil
}

// withinRegion adds the condition that expr, a region code, lies inside
// within.
func (b *sqlBuilder) withinRegion(expr string, within region.Code) {
	if within != "" {
		b.where(expr + ` LIKE ` + b.arg(likePrefix(within.Prefix())) + ` ESCAPE '\'`)
	}
}

// Designations lists titles ordered by year (newest first), level and
// subject.
func (db *DB) Designations(ctx context.Context, f programme.DesignationFilter) ([]programme.Designation, error) {
	var b sqlBuilder
	b.withinRegion(whereOf, f.Within)
	if f.Level != "" {
		b.where(`d.level = ` + b.arg(string(f.Level)))
	}
	if f.SubjectKind != "" {
		b.where(`d.subject_kind = ` + b.arg(string(f.SubjectKind)))
	}
	if f.SubjectCode != "" {
		b.where(`d.subject_code = ` + b.arg(f.SubjectCode))
	}
	if f.Year != 0 {
		b.where(`d.year = ` + b.arg(f.Year))
	}
	if !f.InForceOn.IsZero() {
		b.inForce(f.InForceOn)
	}
	rows, err := db.r.QueryContext(ctx, designationSelect+b.whereSQL()+`
ORDER BY d.year DESC, CASE d.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 ELSE 2 END, d.subject_kind, d.subject_code, d.id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Designations: %w", err)
	}
	defer rows.Close()
	var out []programme.Designation
	for rows.Next() {
		d, err := scanDesignation(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Designations: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.Designations: %w", err)
	}
	return out, nil
}

// inForce adds the condition that a title (d) counts on day: conferred in
// its year or before, and not revoked on or before it.
func (b *sqlBuilder) inForce(day time.Time) {
	b.where(`d.year <= ` + b.arg(day.Year()) + ` AND (d.revoked_on = '' OR d.revoked_on > ` + b.arg(linkDay(day)) + `)`)
}

// SaveDesignations inserts titles in one transaction, leaving those
// recorded already as they are, and returns their ids in order. A subject
// that does not exist is Invalid; nothing is then written.
func (db *DB) SaveDesignations(ctx context.Context, ds []programme.Designation, by int64) ([]int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store.SaveDesignations: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	ids := make([]int64, len(ds))
	for i, d := range ds {
		err := tx.QueryRowContext(ctx, `SELECT id FROM designations
WHERE subject_kind = $1 AND subject_code = $2 AND level = $3 AND title = $4 AND year = $5`,
			d.SubjectKind, d.SubjectCode, d.Level, d.Title, d.Year).Scan(&ids[i])
		if err == nil {
			continue
		}
		if !errNoRows(err) {
			return nil, fmt.Errorf("store.SaveDesignations: %w", err)
		}
		var regionCode any
		if d.RegionCode != "" {
			regionCode = string(d.RegionCode)
		}
		err = tx.QueryRowContext(ctx, `
INSERT INTO designations (subject_kind, subject_code, region_code, org_id, point_id, level, title, year, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			d.SubjectKind, d.SubjectCode, regionCode, nullID(d.OrgID), nullID(d.PointID), d.Level, d.Title, d.Year,
			nullID(by), now).Scan(&ids[i])
		if isForeignKey(err) {
			return nil, errs.E(errs.Invalid, "err.programme.subject_gone", d.SubjectCode)
		}
		if err != nil {
			return nil, fmt.Errorf("store.SaveDesignations: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store.SaveDesignations: %w", err)
	}
	return ids, nil
}

// RevokeDesignation records a title's revocation: from on it no longer
// counts. An unknown title is NotFound.
func (db *DB) RevokeDesignation(ctx context.Context, id int64, on time.Time, reason string, by int64) error {
	res, err := db.w.ExecContext(ctx, `UPDATE designations SET revoked_on = $2, revoke_reason = $3, revoked_by = $4, updated_at = $5
WHERE id = $1`, id, linkDay(on), reason, nullID(by), micros(db.now()))
	if err != nil {
		return fmt.Errorf("store.RevokeDesignation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "err.programme.no_designation", id)
	}
	return nil
}

// CountDesignations counts by level and kind the titles whose subjects lie
// within a region and that count on day.
func (db *DB) CountDesignations(ctx context.Context, within region.Code, day time.Time) ([]programme.Count, error) {
	var b sqlBuilder
	b.withinRegion(whereOf, within)
	b.inForce(day)
	return db.countDesignations(ctx, &b)
}

// CountAwarded counts by level and kind the titles conferred in year on
// subjects within a region, revoked since or not.
func (db *DB) CountAwarded(ctx context.Context, within region.Code, year int) ([]programme.Count, error) {
	var b sqlBuilder
	b.withinRegion(whereOf, within)
	b.where(`d.year = ` + b.arg(year))
	return db.countDesignations(ctx, &b)
}

func (db *DB) countDesignations(ctx context.Context, b *sqlBuilder) ([]programme.Count, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT d.level, d.subject_kind, count(*)
FROM designations d
LEFT JOIN organizations o ON o.id = d.org_id
LEFT JOIN service_points p ON p.id = d.point_id`+b.whereSQL()+`
GROUP BY d.level, d.subject_kind`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.CountDesignations: %w", err)
	}
	defer rows.Close()
	var out []programme.Count
	for rows.Next() {
		var c programme.Count
		if err := rows.Scan(&c.Level, &c.SubjectKind, &c.Count); err != nil {
			return nil, fmt.Errorf("store.CountDesignations: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Pairings

// openEnd is to_at of a pairing that lasts: later than any sale.
const openEnd = math.MaxInt64

const pairingSelect = `SELECT pr.id, pr.org_id, o.code, o.name_ko, o.name_zh, o.name_en, pr.village_code,
  r.name_ko, r.name_zh, r.name_en, r.poor, pr.since, pr.until, pr.created_at
FROM pairings pr JOIN organizations o ON o.id = pr.org_id JOIN regions r ON r.code = pr.village_code`

func scanPairing(sc interface{ Scan(...any) error }) (programme.Pairing, error) {
	var p programme.Pairing
	var since, until string
	var created int64
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgCode, &p.OrgName.Ko, &p.OrgName.Zh, &p.OrgName.En, &p.VillageCode,
		&p.VillageName.Ko, &p.VillageName.Zh, &p.VillageName.En, &p.VillagePoor, &since, &until, &created)
	p.Since, p.Until, p.CreatedAt = parseDay(since), parseDay(until), fromMicros(created)
	return p, err
}

// Pairing returns one pairing, or a NotFound error.
func (db *DB) Pairing(ctx context.Context, id int64) (programme.Pairing, error) {
	p, err := scanPairing(db.r.QueryRowContext(ctx, pairingSelect+` WHERE pr.id = $1`, id))
	if errNoRows(err) {
		return p, errs.E(errs.NotFound, "err.programme.no_pairing", id)
	}
	if err != nil {
		return p, fmt.Errorf("store.Pairing: %w", err)
	}
	return p, nil
}

// livePairings adds the condition that a pairing (pr) is in force on some
// day from first to last.
func (b *sqlBuilder) livePairings(first, last time.Time) {
	b.where(`pr.since <= ` + b.arg(linkDay(last)) + ` AND (pr.until = '' OR pr.until >= ` + b.arg(linkDay(first)) + `)`)
}

// Pairings lists pairings ordered by village, then first day.
func (db *DB) Pairings(ctx context.Context, f programme.PairingFilter) ([]programme.Pairing, error) {
	var b sqlBuilder
	b.withinRegion(`pr.village_code`, f.Within)
	if f.OrgID != 0 {
		b.where(`pr.org_id = ` + b.arg(f.OrgID))
	}
	if !f.LiveOn.IsZero() {
		b.livePairings(f.LiveOn, f.LiveOn)
	}
	if !f.LiveFrom.IsZero() {
		b.livePairings(f.LiveFrom, f.LiveTo)
	}
	rows, err := db.r.QueryContext(ctx, pairingSelect+b.whereSQL()+` ORDER BY pr.village_code, pr.since, o.code`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Pairings: %w", err)
	}
	defer rows.Close()
	var out []programme.Pairing
	for rows.Next() {
		p, err := scanPairing(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Pairings: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.Pairings: %w", err)
	}
	return out, nil
}

// pairingWindow returns the instants a pairing's days begin and end.
func pairingWindow(since, until time.Time) (from, to int64) {
	from, to = micros(programme.DayStart(since)), openEnd
	if !until.IsZero() {
		to = micros(programme.DayStart(until.AddDate(0, 0, 1)))
	}
	return from, to
}

// SavePairings inserts pairings, or moves the last day of those recorded
// already (same organization, village and first day), in one transaction;
// it returns the ids in order. An unchanged pairing is not touched.
func (db *DB) SavePairings(ctx context.Context, ps []programme.Pairing, by int64) ([]int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store.SavePairings: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	ids := make([]int64, len(ps))
	for i, p := range ps {
		from, to := pairingWindow(p.Since, p.Until)
		var until string
		err := tx.QueryRowContext(ctx, `SELECT id, until FROM pairings WHERE org_id = $1 AND village_code = $2 AND since = $3`,
			p.OrgID, p.VillageCode, linkDay(p.Since)).Scan(&ids[i], &until)
		switch {
		case err == nil:
			if until != linkDay(p.Until) {
				if _, err := tx.ExecContext(ctx, `UPDATE pairings SET until = $2, to_at = $3, ended_by = $4, updated_at = $5 WHERE id = $1`,
					ids[i], linkDay(p.Until), to, nullID(by), now); err != nil {
					return nil, fmt.Errorf("store.SavePairings: %w", err)
				}
			}
			continue
		case !errNoRows(err):
			return nil, fmt.Errorf("store.SavePairings: %w", err)
		}
		err = tx.QueryRowContext(ctx, `
INSERT INTO pairings (org_id, village_code, since, until, from_at, to_at, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			p.OrgID, p.VillageCode, linkDay(p.Since), linkDay(p.Until), from, to, nullID(by), now).Scan(&ids[i])
		if isForeignKey(err) {
			return nil, errs.E(errs.Invalid, "err.programme.subject_gone", p.OrgCode)
		}
		if err != nil {
			return nil, fmt.Errorf("store.SavePairings: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store.SavePairings: %w", err)
	}
	return ids, nil
}

// EndPairing sets a pairing's last day, or gives NotFound.
func (db *DB) EndPairing(ctx context.Context, id int64, until time.Time, by int64) error {
	p, err := db.Pairing(ctx, id)
	if err != nil {
		return err
	}
	_, to := pairingWindow(p.Since, until)
	if _, err := db.w.ExecContext(ctx, `UPDATE pairings SET until = $2, to_at = $3, ended_by = $4, updated_at = $5 WHERE id = $1`,
		id, linkDay(until), to, nullID(by), micros(db.now())); err != nil {
		return fmt.Errorf("store.EndPairing: %w", err)
	}
	return nil
}

// PairedVillages counts the distinct villages within a region paired on
// some day from first to last.
func (db *DB) PairedVillages(ctx context.Context, within region.Code, first, last time.Time) (int, error) {
	var b sqlBuilder
	b.withinRegion(`pr.village_code`, within)
	b.livePairings(first, last)
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(DISTINCT pr.village_code) FROM pairings pr`+b.whereSQL(), b.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.PairedVillages: %w", err)
	}
	return n, nil
}

// UnpairedPoorVillages lists the poor villages within a region that no
// pairing covers on day, by code.
func (db *DB) UnpairedPoorVillages(ctx context.Context, within region.Code, day time.Time) ([]region.Region, error) {
	var b sqlBuilder
	b.where(`level = 'village' AND poor = TRUE`)
	b.withinRegion(`code`, within)
	d := b.arg(linkDay(day))
	b.where(`NOT EXISTS (SELECT 1 FROM pairings pr WHERE pr.village_code = regions.code AND pr.since <= ` + d +
		` AND (pr.until = '' OR pr.until >= ` + d + `))`)
	rows, err := db.r.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions`+b.whereSQL()+` ORDER BY code`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.UnpairedPoorVillages: %w", err)
	}
	defer rows.Close()
	var out []region.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, fmt.Errorf("store.UnpairedPoorVillages: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// lineNet is a paid line's sale net of its coupon share and refunds.
const lineNet = `l.unit_price * l.qty - l.discount - l.refunded`

// PairedSales sums, by pairing, the platform sales paid from..to of each
// pairing's enterprise of products from its village, paid while the
// pairing was in force, for the pairings of villages within a region.
// A product's village is its origin as it stands.
func (db *DB) PairedSales(ctx context.Context, within region.Code, from, to time.Time) ([]programme.PairingSales, error) {
	var b sqlBuilder
	b.withinRegion(`pr.village_code`, within)
	b.where(`pay.paid_at >= ` + b.arg(micros(from)) + ` AND pay.paid_at < ` + b.arg(micros(to)))
	rows, err := db.r.QueryContext(ctx, `SELECT pr.id, COALESCE(sum(`+lineNet+`), 0)
FROM pairings pr
JOIN orders o ON o.org_id = pr.org_id
JOIN payments pay ON pay.group_id = o.group_id AND pay.status = 'paid' AND pay.paid_at >= pr.from_at AND pay.paid_at < pr.to_at
JOIN order_lines l ON l.order_id = o.id
JOIN products p ON p.id = l.product_id AND p.origin_code = pr.village_code`+b.whereSQL()+`
GROUP BY pr.id ORDER BY pr.id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.PairedSales: %w", err)
	}
	defer rows.Close()
	var out []programme.PairingSales
	for rows.Next() {
		var s programme.PairingSales
		if err := rows.Scan(&s.PairingID, &s.Sales); err != nil {
			return nil, fmt.Errorf("store.PairedSales: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Events

const eventColumns = `id, code, region_code, name_ko, name_zh, name_en, place_ko, place_zh, place_en, starts_at, ends_at`

func scanEvent(sc interface{ Scan(...any) error }) (programme.Event, error) {
	var e programme.Event
	var starts, ends int64
	err := sc.Scan(&e.ID, &e.Code, &e.Region, &e.Name.Ko, &e.Name.Zh, &e.Name.En, &e.Place.Ko, &e.Place.Zh, &e.Place.En, &starts, &ends)
	e.Starts, e.Ends = fromMicros(starts), fromMicros(ends)
	return e, err
}

// Event returns an event by code, or a NotFound error.
func (db *DB) Event(ctx context.Context, code string) (programme.Event, error) {
	e, err := scanEvent(db.r.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE code = $1`, code))
	if errNoRows(err) {
		return e, errs.E(errs.NotFound, "err.programme.no_event", code)
	}
	if err != nil {
		return e, fmt.Errorf("store.Event: %w", err)
	}
	return e, nil
}

// Events lists events ordered by start, newest first.
func (db *DB) Events(ctx context.Context, f programme.EventFilter) ([]programme.Event, error) {
	var b sqlBuilder
	b.withinRegion(`region_code`, f.Within)
	if f.Year != 0 {
		b.where(`starts_at >= ` + b.arg(micros(programme.DayStart(programme.YearStart(f.Year)))) +
			` AND starts_at < ` + b.arg(micros(programme.DayStart(programme.YearStart(f.Year+1)))))
	}
	if !f.EndsAfter.IsZero() {
		b.where(`ends_at > ` + b.arg(micros(f.EndsAfter)))
	}
	q := `SELECT ` + eventColumns + ` FROM events` + b.whereSQL() + ` ORDER BY starts_at DESC, id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Events: %w", err)
	}
	defer rows.Close()
	var out []programme.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SaveEvent inserts an event (ID 0) or updates one's region, names, place
// and times; it returns its id.
func (db *DB) SaveEvent(ctx context.Context, e programme.Event, by int64) (int64, error) {
	from, to := e.Window()
	now := micros(db.now())
	if e.ID == 0 {
		err := db.w.QueryRowContext(ctx, `
INSERT INTO events (code, region_code, name_ko, name_zh, name_en, place_ko, place_zh, place_en, starts_at, ends_at, day_from, day_to,
  created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			e.Code, e.Region, e.Name.Ko, e.Name.Zh, e.Name.En, e.Place.Ko, e.Place.Zh, e.Place.En, micros(e.Starts), micros(e.Ends),
			micros(from), micros(to), nullID(by), now).Scan(&e.ID)
		if isUnique(err) {
			return 0, errs.E(errs.Conflict, "err.programme.event_taken", e.Code)
		}
		if err != nil {
			return 0, fmt.Errorf("store.SaveEvent: %w", err)
		}
		return e.ID, nil
	}
	cur, err := scanEvent(db.w.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = $1`, e.ID))
	if errNoRows(err) {
		return 0, errs.E(errs.NotFound, "err.programme.no_event", e.Code)
	}
	if err != nil {
		return 0, fmt.Errorf("store.SaveEvent: %w", err)
	}
	if cur.Region == e.Region && cur.Name == e.Name && cur.Place == e.Place && cur.Starts.Equal(e.Starts) && cur.Ends.Equal(e.Ends) {
		return e.ID, nil
	}
	_, err = db.w.ExecContext(ctx, `UPDATE events SET region_code = $2, name_ko = $3, name_zh = $4, name_en = $5, place_ko = $6,
  place_zh = $7, place_en = $8, starts_at = $9, ends_at = $10, day_from = $11, day_to = $12, updated_at = $13
WHERE id = $1`,
		e.ID, e.Region, e.Name.Ko, e.Name.Zh, e.Name.En, e.Place.Ko, e.Place.Zh, e.Place.En, micros(e.Starts), micros(e.Ends),
		micros(from), micros(to), now)
	if err != nil {
		return 0, fmt.Errorf("store.SaveEvent: %w", err)
	}
	return e.ID, nil
}

// Participants lists an event's participants: organizers, sellers, then
// buyers, each by kind and code.
func (db *DB) Participants(ctx context.Context, eventID int64) ([]programme.Participant, error) {
	rows, err := db.r.QueryContext(ctx, `
SELECT ep.id, ep.event_id, ep.kind, ep.subject_code, COALESCE(ep.org_id, 0), COALESCE(ep.region_code, ''), COALESCE(ep.point_id, 0), ep.role,
  COALESCE(o.name_ko, r.name_ko, sp.name_ko, ''), COALESCE(o.name_zh, r.name_zh, sp.name_zh, ''), COALESCE(o.name_en, r.name_en, sp.name_en, ''),
  COALESCE(o.region_code, ep.region_code, sp.region_code, '')
FROM event_participants ep
LEFT JOIN organizations o ON o.id = ep.org_id
LEFT JOIN regions r ON r.code = ep.region_code
LEFT JOIN service_points sp ON sp.id = ep.point_id
WHERE ep.event_id = $1
ORDER BY CASE ep.role WHEN 'organizer' THEN 0 WHEN 'seller' THEN 1 ELSE 2 END,
  CASE ep.kind WHEN 'organization' THEN 0 WHEN 'village' THEN 1 ELSE 2 END, ep.subject_code`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store.Participants: %w", err)
	}
	defer rows.Close()
	var out []programme.Participant
	for rows.Next() {
		var p programme.Participant
		if err := rows.Scan(&p.ID, &p.EventID, &p.Kind, &p.Code, &p.OrgID, &p.Village, &p.PointID, &p.Role,
			&p.Name.Ko, &p.Name.Zh, &p.Name.En, &p.Region); err != nil {
			return nil, fmt.Errorf("store.Participants: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddParticipants adds participants in one transaction; one taking part
// already in the same role is left as it is.
func (db *DB) AddParticipants(ctx context.Context, eventID int64, ps []programme.Participant) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.AddParticipants: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, p := range ps {
		var village any
		if p.Village != "" {
			village = string(p.Village)
		}
		_, err := tx.ExecContext(ctx, `
INSERT INTO event_participants (event_id, kind, subject_code, org_id, region_code, point_id, role, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id, kind, subject_code, role) DO NOTHING`,
			eventID, p.Kind, p.Code, nullID(p.OrgID), village, nullID(p.PointID), p.Role, now)
		if isForeignKey(err) {
			return errs.E(errs.Invalid, "err.programme.subject_gone", p.Code)
		}
		if err != nil {
			return fmt.Errorf("store.AddParticipants: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.AddParticipants: %w", err)
	}
	return nil
}

// RemoveParticipant removes a participant without deals; one with deals
// is a Conflict, an unknown one NotFound.
func (db *DB) RemoveParticipant(ctx context.Context, eventID, participantID int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.RemoveParticipant: %w", err)
	}
	defer tx.Rollback()
	var deals int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM event_deals WHERE seller_id = $1 OR buyer_id = $1`, participantID).Scan(&deals); err != nil {
		return fmt.Errorf("store.RemoveParticipant: %w", err)
	}
	if deals > 0 {
		return errs.E(errs.Conflict, "err.programme.participant_deals", deals)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM event_participants WHERE id = $1 AND event_id = $2`, participantID, eventID)
	if err != nil {
		return fmt.Errorf("store.RemoveParticipant: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "err.programme.no_participant", participantID)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.RemoveParticipant: %w", err)
	}
	return nil
}

// Deals lists an event's deals in the order recorded.
func (db *DB) Deals(ctx context.Context, eventID int64) ([]programme.Deal, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, event_id, seller_id, COALESCE(buyer_id, 0), buyer_name, amount, goods, ref, recorded_at
FROM event_deals WHERE event_id = $1 ORDER BY id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store.Deals: %w", err)
	}
	defer rows.Close()
	var out []programme.Deal
	for rows.Next() {
		var d programme.Deal
		var at int64
		if err := rows.Scan(&d.ID, &d.EventID, &d.SellerID, &d.BuyerID, &d.BuyerName, &d.Amount, &d.Goods, &d.Ref, &at); err != nil {
			return nil, fmt.Errorf("store.Deals: %w", err)
		}
		d.RecordedAt = fromMicros(at)
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveDeal records a deal and returns its id; a deal whose reference the
// event has already returns that deal's id, unchanged.
func (db *DB) SaveDeal(ctx context.Context, d programme.Deal, by int64) (int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("store.SaveDeal: %w", err)
	}
	defer tx.Rollback()
	var id int64
	if d.Ref != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM event_deals WHERE event_id = $1 AND ref = $2`, d.EventID, d.Ref).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errNoRows(err) {
			return 0, fmt.Errorf("store.SaveDeal: %w", err)
		}
	}
	err = tx.QueryRowContext(ctx, `
INSERT INTO event_deals (event_id, seller_id, buyer_id, buyer_name, amount, goods, ref, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		d.EventID, d.SellerID, nullID(d.BuyerID), d.BuyerName, d.Amount, d.Goods, d.Ref, nullID(by), micros(db.now())).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store.SaveDeal: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store.SaveDeal: %w", err)
	}
	return id, nil
}

// EventSales sums the platform sales paid from..to of the event's
// sellers: lines sold by a seller organization, of products from a seller
// village or listed through a seller service point, each line once.
func (db *DB) EventSales(ctx context.Context, eventID int64, from, to time.Time) (money.Fen, error) {
	var total money.Fen
	err := db.r.QueryRowContext(ctx, `SELECT COALESCE(sum(`+lineNet+`), 0)
FROM payments pay
JOIN orders o ON o.group_id = pay.group_id
JOIN order_lines l ON l.order_id = o.id
JOIN products p ON p.id = l.product_id
WHERE pay.status = 'paid' AND pay.paid_at >= $2 AND pay.paid_at < $3 AND (
  o.org_id IN (SELECT org_id FROM event_participants WHERE event_id = $1 AND role = 'seller' AND org_id IS NOT NULL)
  OR p.origin_code IN (SELECT region_code FROM event_participants WHERE event_id = $1 AND role = 'seller' AND region_code IS NOT NULL)
  OR p.listed_via IN (SELECT point_id FROM event_participants WHERE event_id = $1 AND role = 'seller' AND point_id IS NOT NULL))`,
		eventID, micros(from), micros(to)).Scan(&total)
	if err != nil {
		return 0, fmt.Errorf("store.EventSales: %w", err)
	}
	return total, nil
}
