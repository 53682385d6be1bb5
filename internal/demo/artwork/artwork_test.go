package artwork

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var gallery = flag.String("gallery", "", "write every subject as JPEG files to this directory for a person to look at")

// variance returns the variance of the luma of m's pixels.
func variance(m image.Image) float64 {
	b := m.Bounds()
	var sum, sq float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := m.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
			sum += l
			sq += l * l
		}
	}
	n := float64(b.Dx() * b.Dy())
	return sq/n - (sum/n)*(sum/n)
}

func TestDrawEverySubject(t *testing.T) {
	for _, s := range append(Subjects(), "unknown_subject") {
		m := Draw(s, 1, 640, 480)
		if got := m.Bounds(); got != image.Rect(0, 0, 640, 480) {
			t.Errorf("Draw(%q) bounds %v, want 640×480", s, got)
		}
		// A flat picture has variance 0 and a soft gradient little more;
		// every subject is above 600 with seed 1.
		if v := variance(m); v < 300 {
			t.Errorf("Draw(%q): luma variance %.0f, want at least 300 (a picture, not a flat colour)", s, v)
		}
		a, b := JPEG(s, 42, 640, 480), JPEG(s, 42, 640, 480)
		if !bytes.Equal(a, b) {
			t.Errorf("JPEG(%q, 42) differs between two calls", s)
		}
		if _, err := jpeg.Decode(bytes.NewReader(a)); err != nil {
			t.Errorf("JPEG(%q) does not decode: %v", s, err)
		}
		if c := JPEG(s, 43, 640, 480); bytes.Equal(a, c) {
			t.Errorf("JPEG(%q) is the same for seeds 42 and 43", s)
		}
	}
}

func TestSubjects(t *testing.T) {
	got := Subjects()
	if len(got) != 27 {
		t.Errorf("Subjects() has %d subjects, want 27", len(got))
	}
	seen := map[string]bool{}
	for _, s := range got {
		if seen[s] {
			t.Errorf("Subjects() lists %q twice", s)
		}
		seen[s] = true
	}
	for _, s := range []string{Rice, Honey, Kimchi, Doll, Tickets, Store, Village} {
		if !seen[s] {
			t.Errorf("Subjects() lacks %q", s)
		}
	}
}

func TestDrawOddSizes(t *testing.T) {
	tests := []struct{ w, h, wantW, wantH int }{
		{0, 0, 1, 1}, {1, 1, 1, 1}, {300, 600, 300, 600}, {1200, 400, 1200, 400},
	}
	for _, tt := range tests {
		if got := Draw(Rice, 1, tt.w, tt.h).Bounds(); got.Dx() != tt.wantW || got.Dy() != tt.wantH {
			t.Errorf("Draw(%d×%d) is %d×%d, want %d×%d", tt.w, tt.h, got.Dx(), got.Dy(), tt.wantW, tt.wantH)
		}
	}
}

// TestWriteGallery writes every subject, with two seeds, at 1280×960 to
// the directory named by -gallery:
//
//	go test ./internal/demo/artwork -run TestWriteGallery -gallery=/tmp/gallery
func TestWriteGallery(t *testing.T) {
	if *gallery == "" {
		t.Skip("no -gallery directory")
	}
	if err := os.MkdirAll(*gallery, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range append(Subjects(), "basket") {
		for _, seed := range []uint64{1, 2} {
			start := time.Now()
			data := JPEG(s, seed, 1280, 960)
			name := filepath.Join(*gallery, fmt.Sprintf("%s-%d.jpg", s, seed))
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s (%v, %d KiB)", name, time.Since(start).Round(time.Millisecond), len(data)>>10)
		}
	}
}

// BenchmarkDraw1280x960 draws every subject at the large size.
func BenchmarkDraw1280x960(b *testing.B) {
	for _, s := range Subjects() {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				Draw(s, 1, 1280, 960)
			}
		})
	}
}
