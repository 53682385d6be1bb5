package stats_test

import (
	"fmt"
	"math"
	"strings"

	"maeul/internal/money"
)

func sameFen(a, b *money.Fen) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func sameRatio(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && math.Abs(*a-*b) < 1e-9
}

func show[T any](p *T) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func fmtList(ss []string) string { return "[" + strings.Join(ss, " ") + "]" }
