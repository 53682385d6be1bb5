package errs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"maeul/internal/i18n"
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

func TestReasonFieldAndMessage(t *testing.T) {
	cat := i18n.Embedded()
	base := E(Conflict, "err.internal")
	wrapped := fmt.Errorf("orders.Place: %w", InField("qty", base))
	if got := Reason(wrapped); got != "err.internal" {
		t.Errorf("Reason = %q, want err.internal", got)
	}
	if got := FieldOf(wrapped); got != "qty" {
		t.Errorf("FieldOf = %q, want qty", got)
	}
	if got := CodeOf(wrapped); got != Conflict {
		t.Errorf("CodeOf = %q, want conflict", got)
	}
	if FieldOf(base) != "" {
		t.Error("InField changed the error it was given")
	}
	if got, want := MessageIn(wrapped, cat, i18n.Zh), cat.T(i18n.Zh, "err.internal"); got != want {
		t.Errorf("MessageIn(zh) = %q, want %q", got, want)
	}
	if got := Reason(errors.New("disk full")); got != ReasonInternal {
		t.Errorf("Reason of a plain error = %q, want %q", got, ReasonInternal)
	}
	if got, want := MessageIn(errors.New("disk full"), cat, i18n.Ko), cat.T(i18n.Ko, ReasonInternal); got != want {
		t.Errorf("MessageIn of a plain error = %q, want the apology %q", got, want)
	}
	if !strings.HasPrefix(wrapped.Error(), "orders.Place: qty: ") {
		t.Errorf("Error() = %q, want the field before the English text", wrapped.Error())
	}
}
