package photo

import (
	"bytes"
	"encoding/binary"
	"image/gif"
	"os"
	"testing"

	"maeul/internal/errs"
)

// fuzzMaxPixels bounds the images the fuzz target decodes: larger ones
// are legitimate work up to MaxPixels (budget_test.go covers them) but
// would make each run take seconds.
const fuzzMaxPixels = 1 << 20

// FuzzProcess feeds the photo decoder arbitrary uploads: it never panics,
// and refuses what it cannot use as an Invalid error about the photo
// field; what it accepts has renditions no wider than the photo.
func FuzzProcess(f *testing.F) {
	m := textured(MinSide, MinSide+40)
	f.Add(encodeJPEG(f, m))
	f.Add(encodePNG(f, m))
	f.Add(withEXIF(encodeJPEG(f, m), 6, binary.BigEndian, false))
	var g bytes.Buffer
	if err := gif.Encode(&g, m, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(g.Bytes())
	if b, err := os.ReadFile("testdata/rose-alpha.webp"); err == nil {
		f.Add(b)
	}
	f.Add(pngHeader(MaxSide, MaxSide))
	f.Add([]byte("GIF89a"))
	f.Add([]byte{0xff, 0xd8, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		if fm := sniff(data); fm != nil {
			if cfg, err := fm.decodeConfig(bytes.NewReader(data)); err == nil && cfg.Width*cfg.Height > fuzzMaxPixels {
				return
			}
		}
		p, err := Process(bytes.NewReader(data), 0)
		if err != nil {
			if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "photo" {
				t.Fatalf("Process: %v (code %s), want an Invalid error about the photo", err, errs.CodeOf(err))
			}
			return
		}
		for _, r := range p.Renditions {
			if r.Width <= 0 || r.Height <= 0 || len(r.Bytes) == 0 {
				t.Fatalf("rendition %dx%d of %d bytes", r.Width, r.Height, len(r.Bytes))
			}
		}
	})
}
