// Package photo turns uploaded product photos into the JPEG renditions the
// shop serves.
//
// Process checks an upload (size, format, pixel dimensions), turns phone
// photos upright according to their EXIF orientation, composites
// transparent pixels on white and scales the result to the standard
// Widths. Renditions are content-addressed: the key is derived from the
// uploaded bytes, so the same upload always yields the same URLs, and those
// URLs may be cached forever. The package knows nothing of databases or
// HTTP.
package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strconv"
	"strings"

	"golang.org/x/image/webp"

	"maeul/internal/errs"
)

// MaxUploadBytes is the default limit on the size of an uploaded photo.
const MaxUploadBytes = 8 << 20

// The limits on a photo's pixel dimensions. The maximum is checked from
// the file's header before the pixels are decoded, so a small file claiming
// a huge image (a decompression bomb) costs nothing.
const (
	MinSide = 200
	MaxSide = 10000
)

// The budget of a decode. A photo's pixels are decoded whole before they
// are scaled, so its area and the bytes each pixel takes decoded (eight
// for a 16-bit PNG with alpha) decide the memory it costs; both are read
// from the header and checked before anything is decoded. At most
// MaxConcurrentDecodes photos are decoded at once in a process; more wait
// their turn, so uploads cost at most that many budgets.
const (
	MaxPixels            = 40_000_000
	MaxDecodeBytes       = 160 << 20
	MaxConcurrentDecodes = 2
)

// decodeSlots holds a token for each decode under way: a bound on the
// process's memory, which is why it is shared by every caller.
var decodeSlots = make(chan struct{}, MaxConcurrentDecodes)

// Quality is the JPEG quality of the renditions.
const Quality = 82

// Widths are the standard rendition widths in pixels, smallest first.
var Widths = []int{320, 640, 1280}

// Processed is an accepted photo: its key, the size of the upright
// original, and its renditions.
type Processed struct {
	// Key is the content address of the original upload: the first 20 hex
	// digits of the SHA-256 of its bytes.
	Key string
	// Width and Height are those of the original, turned upright.
	Width, Height int
	// Renditions are ordered by width, smallest first; their widths are
	// WidthsFor(Width).
	Renditions []Rendition
}

// Rendition is one JPEG encoding of a photo at a given size.
type Rendition struct {
	Width, Height int
	Bytes         []byte
}

// keyLen is the length of a key in hex digits (80 bits).
const keyLen = 20

// Process reads an uploaded photo from r and returns its renditions.
// maxBytes limits how much is read; zero or less means MaxUploadBytes.
//
// It returns an errs.Invalid error about the field "photo" when the upload
// is empty or larger than maxBytes, is not a JPEG, PNG, GIF or WebP image
// (judged by its content, not its name), is damaged, or is smaller than
// MinSide or larger than MaxSide pixels on either side, has more than
// MaxPixels pixels, or would take more than MaxDecodeBytes to decode.
// Other errors are read or encoding failures. It waits while
// MaxConcurrentDecodes other photos are being decoded.
func Process(r io.Reader, maxBytes int64) (*Processed, error) {
	if maxBytes <= 0 {
		maxBytes = MaxUploadBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("photo: reading the upload: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, errs.Field("photo", "err.photo.too_large", FormatBytes(maxBytes))
	}
	if len(data) == 0 {
		return nil, errs.Field("photo", "err.photo.empty")
	}
	f := sniff(data)
	if f == nil {
		return nil, errs.Field("photo", "err.photo.format")
	}

	o := orientation(1)
	if f.name == "jpeg" {
		o = jpegOrientation(data)
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errs.Field("photo", "err.photo.damaged", f.label)
	}
	w, h := cfg.Width, cfg.Height
	if o.swapsAxes() {
		w, h = h, w
	}
	switch {
	case w < MinSide || h < MinSide:
		return nil, errs.Field("photo", "err.photo.too_small", w, h, MinSide, MinSide)
	case w > MaxSide || h > MaxSide:
		return nil, errs.Field("photo", "err.photo.too_many_pixels", w, h, MaxSide, MaxSide)
	}
	area := int64(w) * int64(h)
	if area > MaxPixels {
		return nil, errs.Field("photo", "err.photo.too_many_megapixels", w, h, ceilDiv(area, 1_000_000), MaxPixels/1_000_000)
	}
	if need := area * bytesPerPixel(cfg.ColorModel); need > MaxDecodeBytes {
		return nil, errs.Field("photo", "err.photo.too_costly", w, h, ceilDiv(need, 1<<20), MaxDecodeBytes>>20)
	}
	decodeSlots <- struct{}{}
	defer func() { <-decodeSlots }()

	m, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, errs.Field("photo", "err.photo.damaged", f.label)
	}
	if b := m.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		// A GIF's first frame may be smaller than its canvas; the frame
		// is what we have, and it must meet the limits too.
		if b.Dx() < MinSide || b.Dy() < MinSide {
			return nil, errs.Field("photo", "err.photo.too_small", b.Dx(), b.Dy(), MinSide, MinSide)
		}
		w, h = b.Dx(), b.Dy()
		if o.swapsAxes() {
			w, h = h, w
		}
	}

	sum := sha256.Sum256(data)
	p := &Processed{Key: hex.EncodeToString(sum[:])[:keyLen], Width: w, Height: h}

	// Scale the largest rendition from the original and each smaller one
	// from the one before it, all still in the stored orientation; turn
	// each upright only at the end, when it is small.
	widths := WidthsFor(w)
	p.Renditions = make([]Rendition, len(widths))
	var ps planes
	for i := len(widths) - 1; i >= 0; i-- {
		rw := widths[i]
		rh := max(1, int((int64(h)*int64(rw)+int64(w)/2)/int64(w)))
		sw, sh := rw, rh
		if o.swapsAxes() {
			sw, sh = rh, rw
		}
		if i == len(widths)-1 {
			ps = toPlanes(m, isOpaque(m), sw, sh)
		}
		ps = ps.resize(sw, sh)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, ps.orient(o).image(), &jpeg.Options{Quality: Quality}); err != nil {
			return nil, fmt.Errorf("photo: encoding the %d px rendition: %w", rw, err)
		}
		p.Renditions[i] = Rendition{Width: rw, Height: rh, Bytes: buf.Bytes()}
	}
	return p, nil
}

// WidthsFor returns the rendition widths Process makes for an upright
// original of the given width: every standard width up to it, never larger,
// or only the original width when it is narrower than the smallest
// standard width.
func WidthsFor(width int) []int {
	var ws []int
	for _, w := range Widths {
		if w <= width {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 && width > 0 {
		ws = append(ws, width)
	}
	return ws
}

// URL returns the path at which the rendition of the given width of the
// photo with key is served: "/photos/KEY-WIDTH.jpg".
func URL(key string, width int) string {
	return "/photos/" + key + "-" + strconv.Itoa(width) + ".jpg"
}

// ParseURLName reads the last element of a URL path, "KEY-WIDTH.jpg", back
// into its key and width. It reports ok = false unless name is exactly what
// URL writes for some key of 20 lower-case hex digits and a positive width,
// so every rendition has one URL.
func ParseURLName(name string) (key string, width int, ok bool) {
	base, found := strings.CutSuffix(name, ".jpg")
	if !found {
		return "", 0, false
	}
	key, ws, found := strings.Cut(base, "-")
	if !found || len(key) != keyLen || strings.Trim(key, "0123456789abcdef") != "" {
		return "", 0, false
	}
	width, err := strconv.Atoi(ws)
	if err != nil || width <= 0 || width > MaxSide || strconv.Itoa(width) != ws {
		return "", 0, false
	}
	return key, width, true
}

// format is one accepted image format.
type format struct {
	name, label  string
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

// sniff recognizes the image format from the first bytes of data, or
// returns nil.
func sniff(data []byte) *format {
	switch {
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		return &format{"jpeg", "JPEG", jpeg.DecodeConfig, jpeg.Decode}
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1A\n")):
		return &format{"png", "PNG", png.DecodeConfig, png.Decode}
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return &format{"gif", "GIF", gif.DecodeConfig, gif.Decode}
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return &format{"webp", "WebP", webp.DecodeConfig, webp.Decode}
	}
	return nil
}

// bytesPerPixel is what a pixel of an image of model m takes decoded,
// rounded up; a model not named here is counted as four.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.YCbCrModel:
		return 3 // at most: 4:4:4 chroma
	case color.Gray16Model:
		return 2
	case color.GrayModel, color.AlphaModel:
		return 1
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// isOpaque reports whether m's type rules out transparent pixels. Other
// images are composited on white, which changes nothing where they are
// opaque.
func isOpaque(m image.Image) bool {
	switch m.(type) {
	case *image.YCbCr, *image.Gray, *image.Gray16, *image.CMYK:
		return true
	}
	return false
}

// MaxUploadText is MaxUploadBytes the way people read it ("8 MiB"), for
// the pages that state the limit.
var MaxUploadText = FormatBytes(MaxUploadBytes)

// FormatBytes writes a size limit the way people read it: "8 MiB",
// "512 KiB" or "1000 bytes".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
