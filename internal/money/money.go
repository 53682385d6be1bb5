// Package money holds amounts of Chinese yuan as integer fen (分).
//
// A Fen is never a float. Arithmetic is plain integer arithmetic; Split
// divides an amount into parts by weights without creating or losing a fen.
package money

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"maeul/internal/errs"
)

// Fen is an amount in fen; 100 fen make one yuan.
type Fen int64

// Yuan returns the amount for a whole number of yuan.
func Yuan(y int64) Fen { return Fen(y * 100) }

// String formats the amount as yuan with two decimals and the ¥ sign,
// such as "¥12.40" or "-¥0.05".
func (f Fen) String() string {
	sign, v := f.abs()
	return fmt.Sprintf("%s¥%s.%02d", sign, GroupThousands(v/100), v%100)
}

// abs returns the sign ("" or "-") and the absolute value of f, which is
// exact for every Fen, the most negative included.
func (f Fen) abs() (string, uint64) {
	if f < 0 {
		return "-", -uint64(f)
	}
	return "", uint64(f)
}

// Decimal formats the amount as a plain decimal number of yuan ("12.40"),
// as CSV files and form fields expect.
func (f Fen) Decimal() string {
	sign, v := f.abs()
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// GroupThousands writes v with a comma between groups of three digits
// ("1,000"), as amounts are written; listings write counts so too.
func GroupThousands(v uint64) string {
	s := strconv.FormatUint(v, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Parse reads an amount of yuan written as a decimal with at most two
// places ("12", "12.4", "12.40", "-3.05"); a leading ¥ and thousands commas
// are accepted, so that Parse reads back what String and Decimal write. It returns an Invalid error for anything else, including
// more than two decimal places, which would need rounding.
func Parse(s string) (Fen, error) {
	t := strings.TrimSpace(s)
	// The sign may come before the ¥, as String writes it ("-¥3.05"), or
	// after it ("¥-3.05").
	neg := false
	if r, ok := strings.CutPrefix(t, "-"); ok {
		neg, t = true, r
	}
	t = strings.TrimPrefix(t, "¥")
	if r, ok := strings.CutPrefix(t, "-"); ok && !neg {
		neg, t = true, r
	}
	t = strings.ReplaceAll(t, ",", "")
	whole, frac, hasDot := strings.Cut(t, ".")
	if whole == "" && (!hasDot || frac == "") {
		return 0, errs.E(errs.Invalid, "err.money.not_amount", s)
	}
	if len(frac) > 2 {
		return 0, errs.E(errs.Invalid, "err.money.decimals", s)
	}
	if hasDot && frac == "" {
		return 0, errs.E(errs.Invalid, "err.money.not_amount", s)
	}
	if whole == "" {
		whole = "0"
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, errs.E(errs.Invalid, "err.money.not_amount", s)
			}
		}
	}
	y, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || y > 1<<53/100 {
		return 0, errs.E(errs.Invalid, "err.money.too_large", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := Fen(y*100 + f)
	if neg {
		v = -v
	}
	return v, nil
}

// Split divides total into len(weights) parts proportional to the weights,
// using the largest-remainder method: each part first gets the floor of its
// exact share, then the fen left over go one each to the parts with the
// largest remainders, ties broken by position (earlier first). The parts
// always sum to total exactly. Weights must be non-negative and not all
// zero; otherwise Split returns an Invalid error. A negative total is split
// as the negation of the split of its absolute value.
func Split(total Fen, weights []int64) ([]Fen, error) {
	if len(weights) == 0 {
		return nil, errs.E(errs.Invalid, "err.money.split_no_weights")
	}
	var sum int64
	for _, w := range weights {
		if w < 0 {
			return nil, errs.E(errs.Invalid, "err.money.split_negative", w)
		}
		sum += w
	}
	if sum == 0 {
		return nil, errs.E(errs.Invalid, "err.money.split_zero")
	}
	neg := total < 0
	t := int64(total)
	if neg {
		t = -t
	}
	parts := make([]Fen, len(weights))
	type rem struct {
		i int
		r int64
	}
	rems := make([]rem, len(weights))
	var given int64
	for i, w := range weights {
		q, r := mulDiv(t, w, sum)
		parts[i] = Fen(q)
		given += q
		rems[i] = rem{i, r}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := int64(0); k < t-given; k++ {
		parts[rems[k].i]++
	}
	if neg {
		for i := range parts {
			parts[i] = -parts[i]
		}
	}
	return parts, nil
}

// Percent returns the share of amount given by a percentage expressed in
// basis points (1/100 of a percent; 1250 = 12.50%), rounded half up to the
// fen.
// Negative amounts round symmetrically (half away from zero).
func Percent(amount Fen, basisPoints int64) Fen {
	a := int64(amount)
	neg := a < 0
	if neg {
		a = -a
	}
	q, r := mulDiv(a, basisPoints, 10000)
	if 2*r >= 10000 {
		q++
	}
	if neg {
		q = -q
	}
	return Fen(q)
}

// mulDiv returns a*b/c and the remainder for non-negative a, b and positive
// c, without overflowing for amounts and weights that fit in int64 when
// their product does not.
func mulDiv(a, b, c int64) (q, r int64) {
	hi, lo := mul64(uint64(a), uint64(b))
	if hi == 0 {
		return int64(lo / uint64(c)), int64(lo % uint64(c))
	}
	qq, rr := div128(hi, lo, uint64(c))
	return int64(qq), int64(rr)
}

// Scale returns amount·num/den truncated toward zero, without overflow for
// any amounts of money. num and den must be non-negative and den positive.
func Scale(amount Fen, num, den int64) Fen {
	a := int64(amount)
	neg := a < 0
	if neg {
		a = -a
	}
	q, _ := mulDiv(a, num, den)
	if neg {
		q = -q
	}
	return Fen(q)
}

// ParsePercent reads a percentage typed by a person, such as "10", "12.5"
// or "7.25%", as basis points (1250 for 12.5%). It is maeul's one
// percentage parser: at most two decimals, more than 0 and at most 100, so
// 100% is allowed here and each rule that uses a percentage bounds it
// further where it must (a special price's discount stays below 100%; a
// coupon may take 100% off, a benefit link may pass on 100% of a price).
// A malformed percentage or one out of range is an Invalid error without
// a field; the caller names its field (errs.InField).
func ParsePercent(s string) (int64, error) {
	t := strings.TrimSuffix(strings.TrimSpace(s), "%")
	whole, frac, hasFrac := strings.Cut(t, ".")
	bad := errs.E(errs.Invalid, "err.money.percent", t)
	if whole == "" && frac == "" || len(frac) > 2 || hasFrac && frac == "" {
		return 0, bad
	}
	var bp int64
	for _, r := range whole {
		if r < '0' || r > '9' || bp > 10000 {
			return 0, bad
		}
		bp = bp*10 + int64(r-'0')
	}
	bp *= 100
	for i, r := range frac + "00"[len(frac):] {
		if r < '0' || r > '9' {
			return 0, bad
		}
		bp += int64(r-'0') * []int64{10, 1}[i]
	}
	if bp <= 0 || bp > 10000 {
		return 0, errs.E(errs.Invalid, "err.money.percent_range", t)
	}
	return bp, nil
}
