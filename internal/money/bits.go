package money

import "math/bits"

func mul64(a, b uint64) (hi, lo uint64) { return bits.Mul64(a, b) }

func div128(hi, lo, c uint64) (q, r uint64) {
	if hi >= c {
		// The quotient would not fit in 64 bits; such amounts are far beyond
		// any real sum of money, so saturate rather than panic.
		return 1<<63 - 1, 0
	}
	return bits.Div64(hi, lo, c)
}
