package errs

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestAbandoned(t *testing.T) {
	live := context.Background()
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	boom := errors.New("boom")
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"no error", gone, nil, false},
		{"live request", live, boom, false},
		{"client gone", gone, fmt.Errorf("orders.Place: %w", context.Canceled), true},
		{"client gone, driver's own error", gone, boom, true},
	}
	for _, tt := range tests {
		if got := Abandoned(tt.ctx, tt.err); got != tt.want {
			t.Errorf("%s: Abandoned = %v, want %v", tt.name, got, tt.want)
		}
	}
}
