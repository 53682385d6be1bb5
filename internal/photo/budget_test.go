package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"runtime"
	"strings"
	"sync"
	"testing"

	"maeul/internal/errs"
)

// TestProcessRefusesWhatCostsTooMuchToDecode: the header's size and pixel
// depth are held against the budget before anything is decoded.
func TestProcessRefusesWhatCostsTooMuchToDecode(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		reason string
		want   string
	}{
		{"a truncated PNG claiming 10000×10000", pngHeaderOf(10000, 10000, 8, 6),
			"err.photo.too_many_megapixels", "10000×10000 pixels (100 megapixels); it may have at most 40 megapixels"},
		{"a 16-bit RGBA PNG of 25 megapixels", pngHeaderOf(5000, 5000, 16, 6),
			"err.photo.too_costly", "5000×5000 photo needs 191 MiB of memory to open; the limit is 160 MiB"},
		{"a 16-bit grey PNG within the budget", pngHeaderOf(2000, 2000, 16, 0),
			"", ""}, // 8 MB: decoded, and refused only as damaged
	}
	for _, tt := range tests {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Process(bytes.NewReader(tt.data), 0)
		runtime.ReadMemStats(&after)
		if tt.reason == "" {
			if got := errs.Reason(err); got != "err.photo.damaged" {
				t.Errorf("%s: reason %q (%v), want it decoded and found damaged", tt.name, got, err)
			}
			continue
		}
		if got := errs.Reason(err); got != tt.reason {
			t.Errorf("%s: reason %q (%v), want %q", tt.name, got, err, tt.reason)
		}
		if got := errs.MessageOf(err); !strings.Contains(got, tt.want) {
			t.Errorf("%s: message %q, want it to say %q", tt.name, got, tt.want)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
			t.Errorf("%s: refusing it allocated %d bytes, want under 1 MiB", tt.name, got)
		}
	}
}

// TestProcessTakes16BitPhotosWithinTheBudget: depth alone is no reason
// to refuse.
func TestProcessTakes16BitPhotosWithinTheBudget(t *testing.T) {
	m := image.NewNRGBA64(image.Rect(0, 0, 400, 300))
	for y := 0; y < 300; y++ {
		for x := 0; x < 400; x++ {
			m.SetNRGBA64(x, y, color.NRGBA64{R: uint16(x * 160), G: uint16(y * 210), B: 0x8000, A: 0xffff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	p, err := Process(&b, 0)
	if err != nil {
		t.Fatalf("a 400×300 16-bit PNG: %v", err)
	}
	if p.Width != 400 || p.Height != 300 {
		t.Errorf("size %d×%d, want 400×300", p.Width, p.Height)
	}
}

// TestProcessWaitsForADecodeSlot: with every slot taken, Process waits,
// and goes on when one is given back.
func TestProcessWaitsForADecodeSlot(t *testing.T) {
	data := encodePNG(t, quadrants(300, 300))
	for range MaxConcurrentDecodes {
		decodeSlots <- struct{}{}
	}
	var wg sync.WaitGroup
	done := make(chan error, 1)
	wg.Go(func() {
		_, err := Process(bytes.NewReader(data), 0)
		done <- err
	})
	select {
	case err := <-done:
		t.Fatalf("Process finished (%v) while every decode slot was taken", err)
	default:
	}
	// Process cannot finish until a slot is free: it is blocked on the
	// channel, or has not reached it; either way freeing one lets it on.
	<-decodeSlots
	wg.Wait()
	if err := <-done; err != nil {
		t.Errorf("Process after a slot was freed: %v", err)
	}
	for range MaxConcurrentDecodes - 1 {
		<-decodeSlots
	}
}
