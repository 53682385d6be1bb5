package photo

import (
	"image"
	"image/draw"
	"math"
)

// The scaling works on planes, one 8-bit channel each: the Y, Cb and Cr
// planes that JPEG and lossy WebP decode to are used as they are (their
// colour conversion is affine, so filtering before converting gives the
// same result, and the JPEG encoder takes YCbCr directly); every other
// image is first composited on white and split into R, G and B planes.
//
// Each plane is scaled by a separable Catmull-Rom filter, widened by the
// scale factor so that shrinking averages every source pixel. When the
// original is more than four times the target size, it is first shrunk by
// averaging k×k blocks (a box filter) to between two and four times the
// target, which keeps the cost bounded for 10000-pixel originals without
// visible aliasing. Memory is bounded too: the intermediate buffer of a
// plane is the target width times the source height, one byte per pixel.

// plane is one 8-bit channel of an image.
type plane struct {
	pix    []byte
	stride int
	w, h   int
}

func newPlane(w, h int) plane { return plane{make([]byte, w*h), w, w, h} }

func (p plane) row(y int) []byte { return p.pix[y*p.stride : y*p.stride+p.w] }

// planes is an image as three planes: Y, Cb, Cr when ycc is set, R, G, B
// otherwise. Chroma planes may be smaller than the Y plane; each plane
// covers the whole image whatever its size.
type planes struct {
	ycc bool
	c   [3]plane
}

// toPlanes returns m as planes, composited on white unless opaque, and
// box-reduced when it is more than four times the w×h target.
func toPlanes(m image.Image, opaque bool, w, h int) planes {
	b := m.Bounds()
	k := max(1, min(b.Dx()/(2*w), b.Dy()/(2*h)))
	if y, ok := m.(*image.YCbCr); ok && b.Min == (image.Point{}) {
		cw, ch := chromaSize(y.SubsampleRatio, b.Dx(), b.Dy())
		ps := planes{ycc: true, c: [3]plane{
			{y.Y, y.YStride, b.Dx(), b.Dy()},
			{y.Cb, y.CStride, cw, ch},
			{y.Cr, y.CStride, cw, ch},
		}}
		if k > 1 {
			for i := range ps.c {
				ps.c[i] = boxReduce(ps.c[i], k)
			}
		}
		return ps
	}

	// Draw k rows at a time onto white and average k×k blocks into the
	// R, G and B planes.
	w0, h0 := b.Dx()/k, b.Dy()/k
	ps := planes{c: [3]plane{newPlane(w0, h0), newPlane(w0, h0), newPlane(w0, h0)}}
	strip := image.NewRGBA(image.Rect(0, 0, b.Dx(), k))
	op := draw.Src
	if !opaque {
		op = draw.Over
	}
	sums := make([]uint32, w0*3)
	n, half := uint32(k*k), uint32(k*k/2)
	for y := range h0 {
		if !opaque {
			for i := range strip.Pix {
				strip.Pix[i] = 0xFF
			}
		}
		draw.Draw(strip, strip.Rect, m, image.Pt(b.Min.X, b.Min.Y+y*k), op)
		clear(sums)
		for sy := range k {
			in := strip.Pix[sy*strip.Stride:][:w0*k*4]
			for x, i := 0, 0; x < w0; x++ {
				var r, g, b uint32
				for end := i + k*4; i < end; i += 4 {
					p := in[i : i+3 : i+3]
					r, g, b = r+uint32(p[0]), g+uint32(p[1]), b+uint32(p[2])
				}
				s := sums[x*3 : x*3+3 : x*3+3]
				s[0], s[1], s[2] = s[0]+r, s[1]+g, s[2]+b
			}
		}
		for c := range ps.c {
			out := ps.c[c].row(y)
			for x := range out {
				out[x] = uint8((sums[x*3+c] + half) / n)
			}
		}
	}
	return ps
}

// chromaSize returns the size of the chroma planes of a w×h YCbCr image.
func chromaSize(r image.YCbCrSubsampleRatio, w, h int) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// boxReduce averages p in k×k blocks; partial blocks at the right and
// bottom edges are dropped.
func boxReduce(p plane, k int) plane {
	k = min(k, p.w, p.h)
	out := newPlane(p.w/k, p.h/k)
	sums := make([]uint32, out.w)
	n, half := uint32(k*k), uint32(k*k/2)
	for y := range out.h {
		clear(sums)
		for sy := y * k; sy < (y+1)*k; sy++ {
			in := p.row(sy)[:out.w*k]
			for x, i := 0, 0; x < len(sums); x++ {
				var s uint32
				for _, v := range in[i : i+k] {
					s += uint32(v)
				}
				sums[x] += s
				i += k
			}
		}
		o := out.row(y)
		for x, s := range sums {
			o[x] = uint8((s + half) / n)
		}
	}
	return out
}

// resize returns the planes scaled to w×h.
func (ps planes) resize(w, h int) planes {
	out := planes{ycc: ps.ycc}
	for i, p := range ps.c {
		out.c[i] = resizePlane(p, w, h)
	}
	return out
}

// resizePlane scales p to w×h with the filter: rows first, then columns.
func resizePlane(p plane, w, h int) plane {
	if p.w == w && p.h == h {
		return p
	}
	fx, fy := newFilter(p.w, w), newFilter(p.h, h)
	tmp := newPlane(w, p.h)
	for y := range p.h {
		fx.apply(tmp.row(y), p.row(y))
	}
	out := newPlane(w, h)
	acc := make([]int32, w)
	for y := range h {
		clear(acc)
		for t, wt := range fy.w[y*fy.n : (y+1)*fy.n] {
			if wt == 0 {
				continue
			}
			in := tmp.row(fy.start[y] + t)[:len(acc)]
			for x, v := range in {
				acc[x] += int32(v) * wt
			}
		}
		o := out.row(y)[:len(acc)]
		for x, v := range acc {
			o[x] = clamp8(v)
		}
	}
	return out
}

// image returns the planes as an image the JPEG encoder takes: a 4:4:4
// YCbCr image or an RGBA one. All planes must have the same size.
func (ps planes) image() image.Image {
	w, h := ps.c[0].w, ps.c[0].h
	if ps.ycc {
		return &image.YCbCr{
			Y: ps.c[0].pix, Cb: ps.c[1].pix, Cr: ps.c[2].pix,
			YStride: ps.c[0].stride, CStride: ps.c[1].stride,
			SubsampleRatio: image.YCbCrSubsampleRatio444,
			Rect:           image.Rect(0, 0, w, h),
		}
	}
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		r, g, b := ps.c[0].row(y), ps.c[1].row(y), ps.c[2].row(y)
		o := m.Pix[y*m.Stride : y*m.Stride+w*4]
		for x := range w {
			o[x*4], o[x*4+1], o[x*4+2], o[x*4+3] = r[x], g[x], b[x], 0xFF
		}
	}
	return m
}

// fixBits is the precision of the filter weights: 1<<fixBits is one.
const fixBits = 14

// filter maps one axis of srcN pixels onto dstN pixels: destination pixel
// i is the sum of the n source pixels from start[i] weighted by
// w[i*n:(i+1)*n].
type filter struct {
	n     int
	start []int
	w     []int32
}

func newFilter(srcN, dstN int) filter {
	scale := float64(srcN) / float64(dstN)
	stretch := max(scale, 1) // shrinking widens the filter
	support := 2 * stretch   // Catmull-Rom reaches two pixels either side
	n := min(int(math.Ceil(2*support))+1, srcN)
	f := filter{n: n, start: make([]int, dstN), w: make([]int32, n*dstN)}
	ws := make([]float64, n)
	for i := range dstN {
		c := (float64(i) + 0.5) * scale // the pixel's centre on the source axis
		lo := max(int(math.Floor(c-support-0.5))+1, 0)
		hi := min(int(math.Ceil(c+support-0.5)), srcN, lo+n)
		// Slide the window inside the axis; the pixels it gains get
		// weight zero.
		start := min(lo, srcN-n)
		clear(ws)
		sum := 0.0
		for j := lo; j < hi; j++ {
			v := catmullRom((float64(j) + 0.5 - c) / stretch)
			ws[j-start] = v
			sum += v
		}
		fw := f.w[i*n : (i+1)*n]
		total, peak := int32(0), 0
		for j, v := range ws {
			fw[j] = int32(math.Round(v / sum * (1 << fixBits)))
			total += fw[j]
			if fw[j] > fw[peak] {
				peak = j
			}
		}
		fw[peak] += 1<<fixBits - total // weights sum to exactly one
		f.start[i] = start
	}
	return f
}

// apply filters one row of a plane from in into out.
func (f filter) apply(out, in []byte) {
	for x := range out {
		p := in[f.start[x]:]
		p = p[:f.n]
		ws := f.w[x*f.n:]
		ws = ws[:len(p)]
		var s int32
		for t, v := range p {
			s += int32(v) * ws[t]
		}
		out[x] = clamp8(s)
	}
}

// catmullRom is the Catmull-Rom cubic (B=0, C=0.5), a sharp filter with
// small negative lobes.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// clamp8 rounds a weighted sum to a byte.
func clamp8(v int32) uint8 {
	v = (v + 1<<(fixBits-1)) >> fixBits
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return uint8(v)
}
