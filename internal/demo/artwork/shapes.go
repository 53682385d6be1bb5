package artwork

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"golang.org/x/image/vector"
)

// This file holds the drawing primitives every picture is made of: paths
// (outlines built from lines and Bézier curves, in design units), the
// canvas that fills them with anti-aliasing, gradients, soft shadows and
// colour helpers.

// pt is a point in design units: the picture is designed on a 640×480
// frame centred in the canvas; backgrounds extend to the canvas edges.
type pt struct{ x, y float64 }

func (a pt) add(b pt) pt      { return pt{a.x + b.x, a.y + b.y} }
func (a pt) sub(b pt) pt      { return pt{a.x - b.x, a.y - b.y} }
func (a pt) mul(f float64) pt { return pt{a.x * f, a.y * f} }
func (a pt) len() float64     { return math.Hypot(a.x, a.y) }
func (a pt) rot(angle float64) pt {
	s, c := math.Sincos(angle)
	return pt{a.x*c - a.y*s, a.x*s + a.y*c}
}
func lerp(a, b, t float64) float64 { return a + (b-a)*t }

// The design frame.
const frameW, frameH = 640, 480

type segKind uint8

const (
	segMove segKind = iota
	segLine
	segQuad
	segCube
)

type seg struct {
	kind segKind
	p    [3]pt
}

// points returns the points of s that are in use.
func (s seg) points() []pt {
	switch s.kind {
	case segQuad:
		return s.p[:2]
	case segCube:
		return s.p[:3]
	}
	return s.p[:1]
}

// path is an outline in design units; every sub-path is closed when filled.
type path []seg

func (p *path) moveTo(x, y float64) { *p = append(*p, seg{kind: segMove, p: [3]pt{{x, y}}}) }
func (p *path) lineTo(x, y float64) { *p = append(*p, seg{kind: segLine, p: [3]pt{{x, y}}}) }
func (p *path) quadTo(x1, y1, x, y float64) {
	*p = append(*p, seg{kind: segQuad, p: [3]pt{{x1, y1}, {x, y}}})
}
func (p *path) cubeTo(x1, y1, x2, y2, x, y float64) {
	*p = append(*p, seg{kind: segCube, p: [3]pt{{x1, y1}, {x2, y2}, {x, y}}})
}

// add returns a path made of the sub-paths of p and q, so that one fill
// covers both; where they overlap with the same winding, the area is
// filled once.
func (p path) add(q path) path { return append(append(make(path, 0, len(p)+len(q)), p...), q...) }

// mapped returns p with every point passed through f.
func (p path) mapped(f func(pt) pt) path {
	out := make(path, len(p))
	for i, s := range p {
		for j := range s.points() {
			s.p[j] = f(s.p[j])
		}
		out[i] = s
	}
	return out
}

// rotated returns p turned by angle radians around c.
func (p path) rotated(c pt, angle float64) path {
	return p.mapped(func(q pt) pt { return q.sub(c).rot(angle).add(c) })
}

// kappa places the control points of a cubic that approximates a quarter
// circle.
const kappa = 0.5522847498

// ellipse returns an ellipse centred on (cx, cy) with radii rx and ry.
func ellipse(cx, cy, rx, ry float64) path {
	kx, ky := rx*kappa, ry*kappa
	var p path
	p.moveTo(cx+rx, cy)
	p.cubeTo(cx+rx, cy+ky, cx+kx, cy+ry, cx, cy+ry)
	p.cubeTo(cx-kx, cy+ry, cx-rx, cy+ky, cx-rx, cy)
	p.cubeTo(cx-rx, cy-ky, cx-kx, cy-ry, cx, cy-ry)
	p.cubeTo(cx+kx, cy-ry, cx+rx, cy-ky, cx+rx, cy)
	return p
}

func circle(cx, cy, r float64) path { return ellipse(cx, cy, r, r) }

// rect returns an axis-aligned rectangle.
func rect(x, y, w, h float64) path {
	return poly(pt{x, y}, pt{x + w, y}, pt{x + w, y + h}, pt{x, y + h})
}

// roundRect returns a rectangle whose corners are rounded with radius r.
func roundRect(x, y, w, h, r float64) path {
	r = min(r, w/2, h/2)
	k := r * (1 - kappa)
	var p path
	p.moveTo(x+r, y)
	p.lineTo(x+w-r, y)
	p.cubeTo(x+w-k, y, x+w, y+k, x+w, y+r)
	p.lineTo(x+w, y+h-r)
	p.cubeTo(x+w, y+h-k, x+w-k, y+h, x+w-r, y+h)
	p.lineTo(x+r, y+h)
	p.cubeTo(x+k, y+h, x, y+h-k, x, y+h-r)
	p.lineTo(x, y+r)
	p.cubeTo(x, y+k, x+k, y, x+r, y)
	return p
}

// poly returns the polygon through pts.
func poly(pts ...pt) path {
	var p path
	for i, q := range pts {
		if i == 0 {
			p.moveTo(q.x, q.y)
		} else {
			p.lineTo(q.x, q.y)
		}
	}
	return p
}

// smooth returns a closed curve through pts (a Catmull-Rom spline turned
// into cubic Béziers).
func smooth(pts []pt) path {
	var p path
	n := len(pts)
	p.moveTo(pts[0].x, pts[0].y)
	for i := range n {
		p0, p1, p2, p3 := pts[(i+n-1)%n], pts[i], pts[(i+1)%n], pts[(i+2)%n]
		c1 := p1.add(p2.sub(p0).mul(1.0 / 6))
		c2 := p2.sub(p3.sub(p1).mul(1.0 / 6))
		p.cubeTo(c1.x, c1.y, c2.x, c2.y, p2.x, p2.y)
	}
	return p
}

// blob returns a rounded irregular outline around (cx, cy): n points on
// an ellipse with radii rx, ry, each moved in or out by up to wobble (a
// fraction of the radius).
func blob(rng *rand.Rand, cx, cy, rx, ry, wobble float64, n int) path {
	pts := make([]pt, n)
	phase := rng.Float64() * 2 * math.Pi
	for i := range pts {
		a := phase + 2*math.Pi*float64(i)/float64(n)
		f := 1 + wobble*(2*rng.Float64()-1)
		pts[i] = pt{cx + math.Cos(a)*rx*f, cy + math.Sin(a)*ry*f}
	}
	return smooth(pts)
}

// stroke returns the outline of a band of the given width along the
// polyline pts, with round ends: how lines, noodles, stems and strings
// are drawn.
func stroke(width float64, pts ...pt) path {
	if len(pts) < 2 {
		return nil
	}
	r := width / 2
	dirs := make([]pt, len(pts)) // unit direction of the line at each point
	for i := range pts {
		d := pts[min(i+1, len(pts)-1)].sub(pts[max(i-1, 0)])
		if l := d.len(); l > 0 {
			d = d.mul(1 / l)
		} else {
			d = pt{1, 0}
		}
		dirs[i] = d
	}
	side := func(i int, f float64) pt { return pts[i].add(pt{-dirs[i].y, dirs[i].x}.mul(f * r)) }
	cap := func(i int, back float64) []pt { // a half circle around the end i
		var out []pt
		n, d := pt{-dirs[i].y, dirs[i].x}.mul(back), dirs[i].mul(back)
		for k := 1; k < 8; k++ {
			t := math.Pi * float64(k) / 8
			out = append(out, pts[i].add(n.mul(r*math.Cos(t))).add(d.mul(r*math.Sin(t))))
		}
		return out
	}
	var outline []pt
	for i := range pts {
		outline = append(outline, side(i, 1))
	}
	outline = append(outline, cap(len(pts)-1, 1)...)
	for i := len(pts) - 1; i >= 0; i-- {
		outline = append(outline, side(i, -1))
	}
	outline = append(outline, cap(0, -1)...)
	return poly(outline...)
}

// curve returns n+1 points along the quadratic Bézier from a to b bent
// towards c, for stroke.
func curve(a, c, b pt, n int) []pt {
	pts := make([]pt, n+1)
	for i := range pts {
		t := float64(i) / float64(n)
		u := 1 - t
		pts[i] = a.mul(u * u).add(c.mul(2 * u * t)).add(b.mul(t * t))
	}
	return pts
}

// canvas is a picture being drawn.
type canvas struct {
	img       *image.RGBA
	s, ox, oy float64 // pixel = o + design·s
	rng       *rand.Rand
	z         vector.Rasterizer
	mask      []uint8 // reused by fillPaint
}

func newCanvas(w, h int, rng *rand.Rand) *canvas {
	s := min(float64(w)/frameW, float64(h)/frameH)
	return &canvas{
		img: image.NewRGBA(image.Rect(0, 0, w, h)),
		s:   s, ox: (float64(w) - frameW*s) / 2, oy: (float64(h) - frameH*s) / 2,
		rng: rng,
	}
}

// zoom enlarges the drawing by z around the design point focus, which
// then appears where the design point at would have been.
func (c *canvas) zoom(z float64, focus, at pt) {
	s0 := c.s
	c.s *= z
	c.ox += at.x*s0 - focus.x*c.s
	c.oy += at.y*s0 - focus.y*c.s
}

// view returns the visible area in design units, which is larger than
// the 640×480 frame when the canvas is not 4:3.
func (c *canvas) view() (left, top, right, bottom float64) {
	b := c.img.Bounds()
	return -c.ox / c.s, -c.oy / c.s, (float64(b.Dx()) - c.ox) / c.s, (float64(b.Dy()) - c.oy) / c.s
}

func (c *canvas) toPx(q pt) (float64, float64) { return c.ox + q.x*c.s, c.oy + q.y*c.s }

// bounds returns the pixel rectangle that p's points (control points
// included) span, clipped to the canvas.
func (c *canvas) bounds(p path) image.Rectangle {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range p {
		for _, q := range s.points() {
			x, y := c.toPx(q)
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1))+1, int(math.Ceil(y1))+1)
	return r.Intersect(c.img.Bounds())
}

// rasterize prepares the rasterizer with p, relative to the pixel
// rectangle r.
func (c *canvas) rasterize(p path, r image.Rectangle) {
	c.z.Reset(r.Dx(), r.Dy())
	f := func(q pt) (float32, float32) {
		x, y := c.toPx(q)
		return float32(x - float64(r.Min.X)), float32(y - float64(r.Min.Y))
	}
	open := false
	for _, s := range p {
		switch s.kind {
		case segMove:
			if open {
				c.z.ClosePath()
			}
			c.z.MoveTo(f(s.p[0]))
			open = true
		case segLine:
			c.z.LineTo(f(s.p[0]))
		case segQuad:
			x1, y1 := f(s.p[0])
			x, y := f(s.p[1])
			c.z.QuadTo(x1, y1, x, y)
		case segCube:
			x1, y1 := f(s.p[0])
			x2, y2 := f(s.p[1])
			x, y := f(s.p[2])
			c.z.CubeTo(x1, y1, x2, y2, x, y)
		}
	}
	if open {
		c.z.ClosePath()
	}
}

// fill paints p in a solid colour.
func (c *canvas) fill(p path, col color.NRGBA) {
	if col.A == 0 {
		return
	}
	r, m := c.coverage(p)
	for y := range r.Dy() {
		row := m[y*r.Dx() : (y+1)*r.Dx()]
		for x, a := range row {
			if a != 0 {
				c.blend(r.Min.X+x, r.Min.Y+y, col, uint32(a))
			}
		}
	}
}

// paint is a colour that varies over the picture, as a function of the
// design-unit position; a vertical paint varies with y only, which lets
// fills compute it once per row.
type paint struct {
	at       func(x, y float64) color.NRGBA
	vertical bool
}

// fillPaint paints p with a varying colour, such as a gradient.
func (c *canvas) fillPaint(p path, pa paint) {
	r, m := c.coverage(p)
	for y := range r.Dy() {
		dy := (float64(r.Min.Y+y) + 0.5 - c.oy) / c.s
		col := pa.at(0, dy)
		row := m[y*r.Dx() : (y+1)*r.Dx()]
		for x, a := range row {
			if a == 0 {
				continue
			}
			if !pa.vertical {
				col = pa.at((float64(r.Min.X+x)+0.5-c.ox)/c.s, dy)
			}
			c.blend(r.Min.X+x, r.Min.Y+y, col, uint32(a))
		}
	}
}

// coverage rasterizes p and returns the pixel rectangle it may touch and,
// row by row, how much of each of its pixels it covers (0–255). The
// slice is reused by the next call.
func (c *canvas) coverage(p path) (image.Rectangle, []uint8) {
	r := c.bounds(p)
	if r.Empty() {
		return image.Rectangle{}, nil
	}
	c.rasterize(p, r)
	n := r.Dx() * r.Dy()
	if cap(c.mask) < n {
		c.mask = make([]uint8, n)
	}
	// The rasterizer's fast path wants a mask whose rows are contiguous.
	m := &image.Alpha{Pix: c.mask[:n], Stride: r.Dx(), Rect: image.Rect(0, 0, r.Dx(), r.Dy())}
	clear(m.Pix)
	c.z.Draw(m, m.Rect, image.Opaque, image.Point{})
	return r, m.Pix
}

// blend composites col, further weighted by cover (0–255), over the
// pixel at (x, y).
func (c *canvas) blend(x, y int, col color.NRGBA, cover uint32) {
	i := c.img.PixOffset(x, y)
	p := c.img.Pix[i : i+4 : i+4]
	a := uint32(col.A) * cover
	if a == 255*255 {
		p[0], p[1], p[2], p[3] = col.R, col.G, col.B, 255
		return
	}
	a = (a + 127) / 255
	na := 255 - a
	p[0] = uint8((uint32(col.R)*a + uint32(p[0])*na + 127) / 255)
	p[1] = uint8((uint32(col.G)*a + uint32(p[1])*na + 127) / 255)
	p[2] = uint8((uint32(col.B)*a + uint32(p[2])*na + 127) / 255)
	p[3] = uint8(a + uint32(p[3])*na/255)
}

// linear returns a paint that goes from c0 at a to c1 at b and stays
// constant beyond them.
func linear(a pt, c0 color.NRGBA, b pt, c1 color.NRGBA) paint {
	d := b.sub(a)
	l2 := d.x*d.x + d.y*d.y
	r := newRamp(c0, c1)
	return paint{at: func(x, y float64) color.NRGBA {
		return r.at(((x-a.x)*d.x + (y-a.y)*d.y) / l2)
	}, vertical: d.x == 0}
}

// ramp is a gradient from one colour to another, tabulated.
type ramp [257]color.NRGBA

func newRamp(c0, c1 color.NRGBA) *ramp {
	var r ramp
	for i := range r {
		r[i] = mix(c0, c1, float64(i)/256)
	}
	return &r
}

// at returns the colour a fraction t (clamped to 0–1) of the way along.
func (r *ramp) at(t float64) color.NRGBA { return r[int(min(max(t, 0), 1)*256)] }

// radial returns a paint that goes from c0 at the centre to c1 at the
// ellipse with radii rx, ry around it.
func radial(centre pt, rx, ry float64, c0, c1 color.NRGBA) paint {
	r := newRamp(c0, c1)
	return paint{at: func(x, y float64) color.NRGBA {
		dx, dy := (x-centre.x)/rx, (y-centre.y)/ry
		return r.at(math.Sqrt(dx*dx + dy*dy))
	}}
}

// soft paints a blurred ellipse: col at full strength inside the fraction
// core of the radii, fading smoothly to nothing at the ellipse. Shadows,
// glows and highlights are drawn with it.
func (c *canvas) soft(cx, cy, rx, ry, core float64, col color.NRGBA) {
	// The strength as a function of the squared distance d² (1 at the
	// ellipse), tabulated.
	var fade [1024]uint8
	for i := range fade {
		fade[i] = uint8(255*(1-smoothstep(core, 1, math.Sqrt((float64(i)+0.5)/1024))) + 0.5)
	}
	pcx, pcy := c.toPx(pt{cx, cy})
	prx, pry := rx*c.s, ry*c.s
	b := c.img.Bounds()
	for y := max(int(pcy-pry), b.Min.Y); y < min(int(math.Ceil(pcy+pry)), b.Max.Y); y++ {
		dy := (float64(y) + 0.5 - pcy) / pry
		if dy*dy >= 1 {
			continue
		}
		half := prx * math.Sqrt(1-dy*dy)
		for x := max(int(pcx-half), b.Min.X); x < min(int(math.Ceil(pcx+half)), b.Max.X); x++ {
			dx := (float64(x) + 0.5 - pcx) / prx
			d2 := dx*dx + dy*dy
			if d2 >= 1 {
				continue
			}
			if t := fade[int(d2*1024)]; t != 0 {
				c.blend(x, y, col, uint32(t))
			}
		}
	}
}

// shadow darkens the ground under an object standing at (cx, cy): a
// wide faint shadow and a darker one where the object touches.
func (c *canvas) shadow(cx, cy, rx, ry float64, strength float64) {
	c.soft(cx+rx*0.05, cy, rx*1.15, ry*1.2, 0, color.NRGBA{40, 25, 10, uint8(160 * strength)})
	c.soft(cx, cy-ry*0.1, rx*0.85, ry*0.5, 0.4, color.NRGBA{30, 20, 10, uint8(230 * strength)})
}

// texture paints the rows between design heights y0 and y1 across the
// whole canvas width, pixel by pixel, with f: cheaper than filling many
// shapes for fine patterns such as wood grain or cloth.
func (c *canvas) texture(y0, y1 float64, f func(x, y float64) color.NRGBA) {
	_, py0 := c.toPx(pt{0, y0})
	_, py1 := c.toPx(pt{0, y1})
	b := c.img.Bounds()
	for y := max(int(py0), b.Min.Y); y < min(int(math.Ceil(py1)), b.Max.Y); y++ {
		dy := (float64(y) + 0.5 - c.oy) / c.s
		row := c.img.Pix[y*c.img.Stride : y*c.img.Stride+b.Dx()*4]
		for x := range b.Dx() {
			col := f((float64(x)+0.5-c.ox)/c.s, dy)
			p := row[x*4 : x*4+4 : x*4+4]
			p[0], p[1], p[2], p[3] = col.R, col.G, col.B, 255
		}
	}
}

// band paints the rows between design heights y0 and y1 across the whole
// canvas width with the vertical paint pa.
func (c *canvas) band(y0, y1 float64, pa paint) {
	_, py0 := c.toPx(pt{0, y0})
	_, py1 := c.toPx(pt{0, y1})
	b := c.img.Bounds()
	for y := max(int(py0), b.Min.Y); y < min(int(math.Ceil(py1)), b.Max.Y); y++ {
		col := pa.at(0, (float64(y)+0.5-c.oy)/c.s)
		row := c.img.Pix[y*c.img.Stride : y*c.img.Stride+b.Dx()*4]
		for x := 0; x < len(row); x += 4 {
			row[x], row[x+1], row[x+2], row[x+3] = col.R, col.G, col.B, 255
		}
	}
}

// light brightens the canvas around (cx, cy) with a soft glow of the
// given radii, as a studio light on the wall. The glow is a product of a
// horizontal and a vertical falloff, which makes it cheap.
func (c *canvas) light(cx, cy, rx, ry, strength float64) {
	b := c.img.Bounds()
	pcx, pcy := c.toPx(pt{cx, cy})
	gx := make([]uint32, b.Dx())
	for x := range gx {
		d := (float64(x) + 0.5 - pcx) / (rx * c.s)
		gx[x] = uint32(256 * math.Exp(-2*d*d))
	}
	for y := range b.Dy() {
		d := (float64(y) + 0.5 - pcy) / (ry * c.s)
		gy := uint32(256 * strength * math.Exp(-2*d*d))
		if gy == 0 {
			continue
		}
		row := c.img.Pix[y*c.img.Stride : y*c.img.Stride+b.Dx()*4]
		for x, g := range gx {
			f := g * gy >> 8
			if f == 0 {
				continue
			}
			p := row[x*4 : x*4+3 : x*4+3]
			d := dither(x, y)
			p[0] += uint8(((255-uint32(p[0]))*f + d) >> 8)
			p[1] += uint8(((255-uint32(p[1]))*f + d) >> 8)
			p[2] += uint8(((255-uint32(p[2]))*f + d) >> 8)
		}
	}
}

// vignette darkens the canvas towards its corners by up to strength.
func (c *canvas) vignette(strength float64) {
	b := c.img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	col := make([]float64, b.Dx()) // each column's share of the distance
	for x := range col {
		dx := (float64(x) - w/2) / (w / 2)
		col[x] = dx * dx / 2
	}
	for y := range b.Dy() {
		dy := (float64(y) - h/2) / (h / 2)
		rowD := dy * dy / 2
		row := c.img.Pix[y*c.img.Stride : y*c.img.Stride+b.Dx()*4]
		for x, cd := range col {
			d := cd + rowD
			f := uint32(256*(1-strength*d*d) + 0.5)
			if f >= 256 {
				continue
			}
			p := row[x*4 : x*4+3 : x*4+3]
			dv := dither(x, y)
			p[0], p[1], p[2] = uint8((uint32(p[0])*f+dv)>>8), uint8((uint32(p[1])*f+dv)>>8), uint8((uint32(p[2])*f+dv)>>8)
		}
	}
}

// bayer is a 4×4 ordered-dither matrix.
var bayer = [16]uint32{0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5}

// dither returns a rounding offset (0–255, in 1/256 of a level) for the
// pixel at (x, y), so that smooth light falloffs do not show bands.
func dither(x, y int) uint32 { return bayer[(y&3)*4+x&3]*16 + 8 }

func smoothstep(e0, e1, x float64) float64 {
	t := min(max((x-e0)/(e1-e0), 0), 1)
	return t * t * (3 - 2*t)
}

// rgb is shorthand for an opaque colour.
func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{r, g, b, 255} }

// alpha returns col with its opacity set to a (0–1).
func alpha(col color.NRGBA, a float64) color.NRGBA {
	col.A = uint8(min(max(a, 0), 1) * 255)
	return col
}

// mix returns the colour a fraction t of the way from a to b.
func mix(a, b color.NRGBA, t float64) color.NRGBA {
	f := int32(min(max(t, 0), 1)*256 + 0.5)
	m := func(x, y uint8) uint8 { return uint8(int32(x) + (int32(y)-int32(x))*f/256) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}

// shade darkens col towards black (f < 0) or lightens it towards white
// (f > 0) by the fraction |f|.
func shade(col color.NRGBA, f float64) color.NRGBA {
	if f < 0 {
		return mix(col, color.NRGBA{0, 0, 0, col.A}, -f)
	}
	return mix(col, color.NRGBA{255, 255, 255, col.A}, f)
}

// vary returns col with each channel moved at random by up to amount.
func vary(rng *rand.Rand, col color.NRGBA, amount int) color.NRGBA {
	j := func(v uint8) uint8 { return uint8(min(max(int(v)+rng.IntN(2*amount+1)-amount, 0), 255)) }
	return color.NRGBA{j(col.R), j(col.G), j(col.B), col.A}
}

// between returns a random number in [a, b).
func between(rng *rand.Rand, a, b float64) float64 { return a + rng.Float64()*(b-a) }

// pick returns one of the colours at random.
func (c *canvas) pick(cols ...color.NRGBA) color.NRGBA { return cols[c.rng.IntN(len(cols))] }

// scale8 returns v multiplied by f, within 0–255.
func scale8(v uint8, f float64) uint8 { return uint8(min(max(float64(v)*f, 0), 255)) }

// sineTable holds one period of the sine for sine.
var sineTable = func() (t [1024]float64) {
	for i := range t {
		t[i] = math.Sin(2 * math.Pi * float64(i) / 1024)
	}
	return t
}()

// sine is a fast, coarse sin(x) for textures.
func sine(x float64) float64 { return sineTable[int(x*(1024/(2*math.Pi)))&1023] }
