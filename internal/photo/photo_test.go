package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/image/webp"

	"maeul/internal/errs"
)

var (
	red    = color.RGBA{220, 30, 30, 255}
	green  = color.RGBA{30, 200, 40, 255}
	blue   = color.RGBA{30, 40, 220, 255}
	yellow = color.RGBA{240, 220, 20, 255}
	white  = color.RGBA{255, 255, 255, 255}
)

// quadrants returns a w×h image whose quarters are red, green (top) and
// blue, yellow (bottom).
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := [2][2]color.RGBA{{red, green}, {blue, yellow}}[y*2/h][x*2/w]
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// textured returns a w×h opaque image with gradients and noise, a stand-in
// for a photo that compresses like one.
func textured(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 28)
			m.SetRGBA(x, y, color.RGBA{uint8(x*200/w) + n, uint8(y*200/h) + n, uint8((x^y)&0xFF) / 2, 255})
		}
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withEXIF inserts an APP1 EXIF segment recording orientation o, in the
// given TIFF byte order, after the SOI marker of the JPEG data j. With app0
// it first inserts a JFIF APP0 segment, as many cameras write.
func withEXIF(j []byte, o uint16, bo binary.ByteOrder, app0 bool) []byte {
	tiff := make([]byte, 8+2+12+4)
	if bo == binary.LittleEndian {
		copy(tiff, "II*\x00")
	} else {
		copy(tiff, "MM\x00*")
	}
	bo.PutUint32(tiff[4:], 8)      // offset of IFD0
	bo.PutUint16(tiff[8:], 1)      // one entry
	bo.PutUint16(tiff[10:], 0x112) // orientation
	bo.PutUint16(tiff[12:], 3)     // SHORT
	bo.PutUint32(tiff[14:], 1)     // one value
	bo.PutUint16(tiff[18:], o)
	seg := append([]byte("Exif\x00\x00"), tiff...)

	var out []byte
	out = append(out, j[:2]...)
	if app0 {
		jfif := []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
		out = append(out, 0xFF, 0xE0, 0, byte(len(jfif)+2))
		out = append(out, jfif...)
	}
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, j[2:]...)
}

// pngHeader returns a PNG signature and IHDR chunk claiming a w×h RGBA
// image, followed by a tiny IDAT chunk: what a decompression bomb looks
// like to DecodeConfig.
func pngHeader(w, h uint32) []byte { return pngHeaderOf(w, h, 8, 6) }

// pngHeaderOf is a PNG of w×h pixels of the given bit depth and colour
// type (6: RGBA, 0: grey) with a header and no pixels.
func pngHeaderOf(w, h uint32, depth, colorType byte) []byte {
	chunk := func(typ string, data []byte) []byte {
		var c []byte
		c = binary.BigEndian.AppendUint32(c, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, 0) // no interlace
	out := []byte("\x89PNG\r\n\x1A\n")
	out = append(out, chunk("IHDR", ihdr)...)
	return append(out, chunk("IDAT", []byte{0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
}

func decodeRendition(t *testing.T, r Rendition) image.Image {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(r.Bytes))
	if err != nil {
		t.Fatalf("rendition %d px: %v", r.Width, err)
	}
	if b := m.Bounds(); b.Dx() != r.Width || b.Dy() != r.Height {
		t.Fatalf("rendition claims %d×%d, its JPEG is %d×%d", r.Width, r.Height, b.Dx(), b.Dy())
	}
	return m
}

// near reports whether c is within 24 of want on every channel, which JPEG
// compression and filtering stay well inside away from edges.
func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, b uint8) bool { return int(a>>8)-int(b) < 24 && int(b)-int(a>>8) < 24 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

func TestProcessOrientation(t *testing.T) {
	// The stored image is 800×600: red, green over blue, yellow. Each row
	// gives the colours of the upright quarters, top-left, top-right,
	// bottom-left, bottom-right.
	tests := []struct {
		o    uint16
		want [4]color.RGBA
	}{
		{1, [4]color.RGBA{red, green, blue, yellow}},
		{2, [4]color.RGBA{green, red, yellow, blue}},
		{3, [4]color.RGBA{yellow, blue, green, red}},
		{4, [4]color.RGBA{blue, yellow, red, green}},
		{5, [4]color.RGBA{red, blue, green, yellow}},
		{6, [4]color.RGBA{blue, red, yellow, green}},
		{7, [4]color.RGBA{yellow, green, blue, red}},
		{8, [4]color.RGBA{green, yellow, red, blue}},
	}
	plain := encodeJPEG(t, quadrants(800, 600))
	for _, tt := range tests {
		for _, bo := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
			p, err := Process(bytes.NewReader(withEXIF(plain, tt.o, bo, bo == binary.LittleEndian)), 0)
			if err != nil {
				t.Fatalf("orientation %d (%v): %v", tt.o, bo, err)
			}
			wantW, wantH := 800, 600
			if tt.o >= 5 {
				wantW, wantH = 600, 800
			}
			if p.Width != wantW || p.Height != wantH {
				t.Errorf("orientation %d (%v): size %d×%d, want %d×%d", tt.o, bo, p.Width, p.Height, wantW, wantH)
			}
			for _, r := range p.Renditions {
				m := decodeRendition(t, r)
				w, h := r.Width, r.Height
				pts := [4]image.Point{{w / 4, h / 4}, {w * 3 / 4, h / 4}, {w / 4, h * 3 / 4}, {w * 3 / 4, h * 3 / 4}}
				for i, pt := range pts {
					if got := m.At(pt.X, pt.Y); !near(got, tt.want[i]) {
						t.Errorf("orientation %d (%v), %d px: pixel %v = %v, want %v", tt.o, bo, r.Width, pt, got, tt.want[i])
					}
				}
			}
		}
	}
}

func TestProcessTransparency(t *testing.T) {
	// Left half transparent, right half opaque red.
	nrgba := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	pal := image.NewPaletted(image.Rect(0, 0, 400, 300), color.Palette{color.Transparent, red})
	for y := range 300 {
		for x := 200; x < 400; x++ {
			nrgba.Set(x, y, red)
			pal.SetColorIndex(x, y, 1)
		}
	}
	var g bytes.Buffer
	if err := gif.Encode(&g, pal, nil); err != nil {
		t.Fatal(err)
	}
	rose, err := os.ReadFile("testdata/rose-alpha.webp")
	if err != nil {
		t.Fatal(err)
	}
	if m, err := webp.Decode(bytes.NewReader(rose)); err != nil {
		t.Fatal(err)
	} else if _, _, _, a := m.At(10, 10).RGBA(); a != 0 {
		t.Fatalf("the WebP test file is not transparent at its corner (alpha %d)", a)
	}
	tests := []struct {
		name        string
		data        []byte
		left, right color.RGBA
	}{
		{"PNG", encodePNG(t, nrgba), white, red},
		{"GIF", g.Bytes(), white, red},
		// The rose's corners are transparent.
		{"WebP", rose, white, white},
	}
	for _, tt := range tests {
		p, err := Process(bytes.NewReader(tt.data), 0)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		m := decodeRendition(t, p.Renditions[0])
		b := m.Bounds()
		if got := m.At(b.Dx()/8, b.Dy()/8); !near(got, tt.left) {
			t.Errorf("%s: top left = %v, want %v", tt.name, got, tt.left)
		}
		if got := m.At(b.Dx()*7/8, b.Dy()/8); !near(got, tt.right) {
			t.Errorf("%s: top right = %v, want %v", tt.name, got, tt.right)
		}
	}
}

func TestProcessRefuses(t *testing.T) {
	tiny := encodePNG(t, quadrants(100, 100))
	flat := encodePNG(t, quadrants(120, 80))
	tests := []struct {
		name     string
		r        io.Reader
		maxBytes int64
		reason   string
		want     string // in the English message
	}{
		{"over the default limit", io.LimitReader(zeros{}, MaxUploadBytes+1), 0, "err.photo.too_large", "larger than 8 MiB"},
		{"over a given limit", bytes.NewReader(tiny), int64(len(tiny) - 1), "err.photo.too_large", "larger than"},
		{"over a limit in KiB", bytes.NewReader(make([]byte, 3000)), 2048, "err.photo.too_large", "larger than 2 KiB"},
		{"empty", strings.NewReader(""), 0, "err.photo.empty", "empty"},
		{"text", strings.NewReader("name,price\nrice,39.90\n"), 0, "err.photo.format", "not a JPEG, PNG, GIF or WebP image"},
		{"PNG named like text", strings.NewReader("%PDF-1.7\n\x89PNG\r\n\x1A\n"), 0, "err.photo.format", "not a JPEG, PNG, GIF or WebP image"},
		{"100×100", bytes.NewReader(tiny), 0, "err.photo.too_small", "100×100 pixels; it needs at least 200×200"},
		{"120×80", bytes.NewReader(flat), 0, "err.photo.too_small", "120×80 pixels; it needs at least 200×200"},
		{"bomb", bytes.NewReader(pngHeader(50000, 50000)), 0, "err.photo.too_many_pixels", "50000×50000 pixels; it may be at most 10000×10000"},
		{"too wide", bytes.NewReader(pngHeader(10001, 300)), 0, "err.photo.too_many_pixels", "at most 10000×10000"},
		{"truncated", bytes.NewReader(encodeJPEG(t, quadrants(300, 300))[:400]), 0, "err.photo.damaged", "JPEG file is damaged or incomplete"},
		{"bad header", bytes.NewReader([]byte("GIF89a\x00")), 0, "err.photo.damaged", "GIF file is damaged or incomplete"},
	}
	for _, tt := range tests {
		p, err := Process(tt.r, tt.maxBytes)
		if err == nil {
			t.Errorf("%s: Process = %d renditions, want an error", tt.name, len(p.Renditions))
			continue
		}
		if got := errs.CodeOf(err); got != errs.Invalid {
			t.Errorf("%s: code %q, want %q (%v)", tt.name, got, errs.Invalid, err)
		}
		if got := errs.Reason(err); got != tt.reason {
			t.Errorf("%s: reason %q, want %q", tt.name, got, tt.reason)
		}
		if got := errs.MessageOf(err); !strings.HasPrefix(got, "photo: ") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: message %q, want one about photo containing %q", tt.name, got, tt.want)
		}
	}
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestProcessBombAllocatesLittle(t *testing.T) {
	data := pngHeader(50000, 50000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Process(bytes.NewReader(data), 0)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("Process accepted a 50000×50000 PNG")
	}
	// Decoding would need 10 GB; reading the header needs a few KiB.
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes, want under 1 MiB", got)
	}
}

func TestProcessWidths(t *testing.T) {
	tests := []struct {
		w, h  int
		sizes [][2]int // the renditions' width and height
	}{
		{250, 200, [][2]int{{250, 200}}},
		{320, 240, [][2]int{{320, 240}}},
		{700, 500, [][2]int{{320, 229}, {640, 457}}},
		{1280, 200, [][2]int{{320, 50}, {640, 100}, {1280, 200}}},
		{1500, 3000, [][2]int{{320, 640}, {640, 1280}, {1280, 2560}}},
	}
	for _, tt := range tests {
		p, err := Process(bytes.NewReader(encodeJPEG(t, textured(tt.w, tt.h))), 0)
		if err != nil {
			t.Fatalf("%d×%d: %v", tt.w, tt.h, err)
		}
		if p.Width != tt.w || p.Height != tt.h {
			t.Errorf("%d×%d: size %d×%d", tt.w, tt.h, p.Width, p.Height)
		}
		var got [][2]int
		for _, r := range p.Renditions {
			decodeRendition(t, r)
			got = append(got, [2]int{r.Width, r.Height})
		}
		if !equal(got, tt.sizes) {
			t.Errorf("%d×%d: renditions %v, want %v", tt.w, tt.h, got, tt.sizes)
		}
		var ws []int
		for _, s := range tt.sizes {
			ws = append(ws, s[0])
		}
		if got := WidthsFor(tt.w); !equal(got, ws) {
			t.Errorf("WidthsFor(%d) = %v, want %v", tt.w, got, ws)
		}
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestProcessKey(t *testing.T) {
	a := encodeJPEG(t, quadrants(300, 300))
	b := encodePNG(t, quadrants(300, 300))
	pa1, err1 := Process(bytes.NewReader(a), 0)
	pa2, err2 := Process(bytes.NewReader(a), 0)
	pb, err3 := Process(bytes.NewReader(b), 0)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	sum := sha256.Sum256(a)
	if want := hex.EncodeToString(sum[:])[:20]; pa1.Key != want {
		t.Errorf("key %q, want %q (SHA-256 of the upload)", pa1.Key, want)
	}
	if pa2.Key != pa1.Key {
		t.Errorf("the same upload gave keys %q and %q", pa1.Key, pa2.Key)
	}
	if !bytes.Equal(pa1.Renditions[0].Bytes, pa2.Renditions[0].Bytes) {
		t.Error("the same upload gave different rendition bytes")
	}
	if pb.Key == pa1.Key {
		t.Errorf("different uploads share the key %q", pb.Key)
	}
}

func TestResizeKeepsFlatColour(t *testing.T) {
	// A flat image stays exactly flat at every size, whichever path it
	// takes: YCbCr planes, RGB planes, box reduction, compositing.
	rgba := image.NewRGBA(image.Rect(0, 0, 997, 601))
	draw.Draw(rgba, rgba.Rect, image.NewUniform(color.RGBA{87, 150, 13, 255}), image.Point{}, draw.Src)
	clearNRGBA := image.NewNRGBA(image.Rect(0, 0, 997, 601))
	ycc := image.NewYCbCr(image.Rect(0, 0, 997, 601), image.YCbCrSubsampleRatio420)
	for i := range ycc.Y {
		ycc.Y[i] = 100
	}
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = 120, 140
	}
	tests := []struct {
		name   string
		m      image.Image
		opaque bool
		want   color.RGBA
	}{
		{"RGBA", rgba, true, color.RGBA{87, 150, 13, 255}},
		{"transparent NRGBA", clearNRGBA, false, white},
		{"YCbCr", ycc, true, color.RGBAModel.Convert(color.YCbCr{100, 120, 140}).(color.RGBA)},
	}
	for _, tt := range tests {
		for _, w := range []int{1280, 640, 333, 320, 17} {
			h := max(1, w*601/997)
			m := toPlanes(tt.m, tt.opaque, w, h).resize(w, h).image()
			if b := m.Bounds(); b.Dx() != w || b.Dy() != h {
				t.Fatalf("%s: resize to %d×%d gave %v", tt.name, w, h, b)
			}
			for y := range h {
				for x := range w {
					if got := color.RGBAModel.Convert(m.At(x, y)); got != tt.want {
						t.Fatalf("%s: resize to %d: pixel (%d, %d) = %v, want %v", tt.name, w, x, y, got, tt.want)
					}
				}
			}
		}
	}
}

func TestURL(t *testing.T) {
	const key = "0123456789abcdef0123"
	if got, want := URL(key, 640), "/photos/0123456789abcdef0123-640.jpg"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	good := []struct {
		name  string
		width int
	}{
		{key + "-640.jpg", 640}, {key + "-250.jpg", 250}, {key + "-10000.jpg", 10000},
	}
	for _, tt := range good {
		k, w, ok := ParseURLName(tt.name)
		if !ok || k != key || w != tt.width {
			t.Errorf("ParseURLName(%q) = %q, %d, %v; want %q, %d, true", tt.name, k, w, ok, key, tt.width)
		}
	}
	for _, name := range []string{
		"", key + ".jpg", key + "-640.png", key + "-0640.jpg", key + "-0.jpg", key + "--640.jpg",
		key + "-+640.jpg", key + "-640.jpg.jpg", "0123456789ABCDEF0123-640.jpg", key + "4-640.jpg",
		key[1:] + "-640.jpg", key + "-10001.jpg", "../" + key + "-640.jpg", key + "-640",
	} {
		if k, w, ok := ParseURLName(name); ok {
			t.Errorf("ParseURLName(%q) = %q, %d, true; want false", name, k, w)
		}
	}
}

func TestJPEGOrientationDamaged(t *testing.T) {
	good := withEXIF(encodeJPEG(t, quadrants(8, 8)), 6, binary.BigEndian, false)
	if got := jpegOrientation(good); got != 6 {
		t.Fatalf("orientation = %d, want 6", got)
	}
	// Every truncation of the EXIF segment, and a value outside 1–8, reads
	// as upright.
	end := 4 + int(binary.BigEndian.Uint16(good[4:]))
	for n := range end {
		if got := jpegOrientation(good[:n]); got != 1 {
			t.Errorf("truncated to %d bytes: orientation %d, want 1", n, got)
		}
	}
	if got := jpegOrientation(withEXIF(encodeJPEG(t, quadrants(8, 8)), 9, binary.LittleEndian, false)); got != 1 {
		t.Errorf("orientation 9 read as %d, want 1", got)
	}
}

func FuzzJPEGOrientation(f *testing.F) {
	f.Add(withEXIF([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 6, binary.BigEndian, true))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := jpegOrientation(b); o < 1 || o > 8 {
			t.Errorf("orientation %d outside 1–8", o)
		}
	})
}

// BenchmarkProcess4000x3000 processes a 12-megapixel JPEG the size of a
// phone photo: decoding, three renditions, encoding.
func BenchmarkProcess4000x3000(b *testing.B) {
	data := encodeJPEG(b, textured(4000, 3000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Process(bytes.NewReader(data), 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResize4000x3000 measures only the scaling of a decoded
// 4000×3000 JPEG to the three standard widths.
func BenchmarkResize4000x3000(b *testing.B) {
	m, err := jpeg.Decode(bytes.NewReader(encodeJPEG(b, textured(4000, 3000))))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ps := toPlanes(m, true, 1280, 960).resize(1280, 960)
		ps = ps.resize(640, 480)
		ps.resize(320, 240)
	}
}
