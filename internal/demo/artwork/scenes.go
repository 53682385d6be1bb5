package artwork

import (
	"cmp"
	"image/color"
	"math"
	"slices"
)

// This file holds the pieces the pictures share: backgrounds, tableware,
// packaging and outdoor scenery. All positions are design units.

var (
	white = rgb(255, 255, 255)
	black = rgb(0, 0, 0)
)

// horizon is where the table top meets the wall in a product photo.
const horizon = 290

// backdrop draws the setting of a product photo: a softly lit wall and a
// wooden table, a linen cloth or a seamless studio sweep, chosen and
// tinted by the seed. It first frames the picture like a product photo,
// closer and from higher up than the landscapes: the rest of the picture
// is drawn 1.2 times larger around the point (320, 350).
func (c *canvas) backdrop() {
	c.zoom(1.2, pt{320, 350}, pt{320, 300})
	_, t, _, b := c.view()
	walls := []color.NRGBA{rgb(238, 230, 216), rgb(222, 230, 218), rgb(220, 228, 234), rgb(240, 226, 222), rgb(232, 232, 228)}
	wall := vary(c.rng, walls[c.rng.IntN(len(walls))], 6)
	switch c.rng.IntN(3) {
	case 0: // wooden table
		c.band(t, horizon, linear(pt{0, t}, shade(wall, -0.08), pt{0, horizon}, wall))
		woods := []color.NRGBA{rgb(190, 142, 94), rgb(150, 101, 62), rgb(212, 178, 134), rgb(168, 120, 80)}
		c.table(vary(c.rng, woods[c.rng.IntN(len(woods))], 8), b)
	case 1: // linen cloth
		c.band(t, horizon, linear(pt{0, t}, shade(wall, -0.1), pt{0, horizon}, shade(wall, 0.02)))
		linens := []color.NRGBA{rgb(226, 218, 200), rgb(214, 220, 224), rgb(236, 228, 214)}
		c.linen(vary(c.rng, linens[c.rng.IntN(len(linens))], 6), b)
	default: // seamless studio sweep
		c.band(t, b, paint{at: func(_, y float64) color.NRGBA {
			u := (y - t) / (b - t)
			return mix(shade(wall, -0.12), shade(wall, 0.06), math.Sin(u*math.Pi*0.9))
		}, vertical: true})
	}
	c.light(320, 200, 300, 200, 0.3)
}

// table draws a wooden table top from the horizon down to b, its boards
// running towards the viewer, each with its own tone and grain.
func (c *canvas) table(wood color.NRGBA, b float64) {
	const far, near = 70.0, 150.0 // board widths at the horizon and at the bottom
	const n = 16                  // board tones before they repeat
	var tones [n]color.NRGBA
	var phases, rowWave, rowBand [n]float64
	for i := range n {
		tones[i], phases[i] = shade(wood, between(c.rng, -0.1, 0.08)), between(c.rng, 0, 100)
	}
	seam := shade(wood, -0.45)
	rowY := math.NaN()
	var sp, tone float64
	c.texture(horizon, b, func(x, y float64) color.NRGBA {
		if y != rowY { // what depends on the row only
			rowY = y
			depth := (y - horizon) / (b - horizon)
			sp, tone = lerp(1, near/far, depth), 1+lerp(0.1, -0.2, depth)
			for i, ph := range phases {
				rowWave[i] = 2.2*sine(y*0.018+ph) + 0.8*sine(y*0.047+ph) + ph
				rowBand[i] = 0.6*sine(y*0.01+ph) + ph
			}
		}
		u := (x-320)/sp/far - 0.5 // in boards, from a seam
		k := math.Floor(u)
		i := int(k+1000) % n
		w := (u - k) * far // units across the board
		// Grain: thin wavy dark lines along the board, and broad bands.
		g := min(max((sine(w*0.33+rowWave[i])-0.8)*5, 0), 1)
		f := tone - 0.12*g*g*(3-2*g) + 0.05*sine(w*0.09+rowBand[i])
		t := tones[i]
		col := color.NRGBA{scale8(t.R, f), scale8(t.G, f), scale8(t.B, f), 255}
		edge := min(u-k, k+1-u) * far * sp * c.s // pixels to the nearest seam
		if edge >= 1.2 {
			return col
		}
		return mix(seam, col, edge/1.2)
	})
}

// linen draws a cloth from the horizon down to b, with a fine weave.
func (c *canvas) linen(cloth color.NRGBA, b float64) {
	const thread = 2 * math.Pi / 3.2 // one thread every 3.2 units
	c.texture(horizon, b, func(x, y float64) color.NRGBA {
		t := (y - horizon) / (b - horizon)
		u := 320 + (x-320)/lerp(1, 1.6, t)
		return shade(cloth, 0.04-0.12*t+0.025*sine(y*thread)+0.02*sine(u*thread))
	})
}

// finish gives every picture the same photographic end: a gentle
// darkening of the corners.
func (c *canvas) finish() { c.vignette(0.22) }

// ceramic returns a tableware colour: white, celadon, ash glaze or dark
// stoneware.
func (c *canvas) ceramic() color.NRGBA {
	return vary(c.rng, c.pick(rgb(244, 242, 236), rgb(196, 214, 200), rgb(226, 222, 210), rgb(84, 76, 72), rgb(160, 190, 200)), 5)
}

// bowl draws a round bowl whose rim is centred at (cx, cy) with radius
// rx, depth deep below the rim. contents, if not nil, is drawn after the
// inside of the bowl and before its front, with the rim ellipse's radii.
func (c *canvas) bowl(cx, cy, rx, deep float64, col color.NRGBA, contents func(rx, ry float64)) {
	ry := rx * 0.3
	c.shadow(cx+rx*0.08, cy+deep*0.95, rx*1.05, rx*0.26, 0.45)
	c.fillPaint(ellipse(cx, cy, rx, ry), linear(pt{cx, cy - ry}, shade(col, -0.3), pt{cx, cy + ry}, shade(col, 0.05)))
	if contents != nil {
		contents(rx, ry)
	}
	var body path
	body.moveTo(cx-rx, cy)
	body.cubeTo(cx-rx, cy+deep*0.75, cx-rx*0.55, cy+deep, cx, cy+deep)
	body.cubeTo(cx+rx*0.55, cy+deep, cx+rx, cy+deep*0.75, cx+rx, cy)
	body.cubeTo(cx+rx, cy+ry*kappa, cx+rx*kappa, cy+ry, cx, cy+ry)
	body.cubeTo(cx-rx*kappa, cy+ry, cx-rx, cy+ry*kappa, cx-rx, cy)
	c.fillPaint(body, radial(pt{cx - rx*0.35, cy + deep*0.2}, rx*1.5, deep*2.2, shade(col, 0.25), shade(col, -0.3)))
	c.soft(cx-rx*0.45, cy+deep*0.45, rx*0.18, deep*0.3, 0.1, alpha(white, 0.35))
	c.fill(stroke(rx*0.025, arc(cx, cy, rx*0.995, ry*0.99, 0, math.Pi, 24)...), alpha(shade(col, 0.5), 0.9))
}

// arc returns n+1 points along the ellipse around (cx, cy) from angle a0
// to a1 (radians, clockwise on screen from the right).
func arc(cx, cy, rx, ry, a0, a1 float64, n int) []pt {
	pts := make([]pt, n+1)
	for i := range pts {
		a := lerp(a0, a1, float64(i)/float64(n))
		pts[i] = pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	return pts
}

// dome returns the outline of a heap filling a bowl's rim ellipse and
// rising h above it.
func dome(cx, cy, rx, ry, h float64) path {
	var p path
	p.moveTo(cx-rx, cy)
	p.cubeTo(cx-rx*0.75, cy-h*0.9, cx-rx*0.35, cy-h, cx, cy-h)
	p.cubeTo(cx+rx*0.35, cy-h, cx+rx*0.75, cy-h*0.9, cx+rx, cy)
	p.cubeTo(cx+rx, cy+ry*kappa, cx+rx*kappa, cy+ry, cx, cy+ry)
	p.cubeTo(cx-rx*kappa, cy+ry, cx-rx, cy+ry*kappa, cx-rx, cy)
	return p
}

// inDome returns n random points inside dome(cx, cy, rx, ry, h), sorted
// back to front so that nearer items are drawn over farther ones.
func (c *canvas) inDome(cx, cy, rx, ry, h float64, n int) []pt {
	pts := make([]pt, 0, n)
	for len(pts) < n {
		u := between(c.rng, -0.96, 0.96)
		top := cy - h*(1-u*u)*0.92
		bottom := cy + ry*math.Sqrt(1-u*u)*0.9
		pts = append(pts, pt{cx + u*rx, between(c.rng, top, bottom)})
	}
	slices.SortFunc(pts, func(a, b pt) int { return cmp.Compare(a.y, b.y) })
	return pts
}

// grains heaps small grains (rice, millet) in a bowl: a base heap and n
// grains of length size, each tinted from col, with a glint.
func (c *canvas) grains(cx, cy, rx, ry, h float64, n int, size, roundness float64, col color.NRGBA) {
	c.fillPaint(dome(cx, cy, rx*0.97, ry*0.95, h), radial(pt{cx - rx*0.2, cy - h}, rx*1.2, h*2.5, shade(col, 0.05), shade(col, -0.22)))
	for _, p := range c.inDome(cx, cy, rx*0.95, ry*0.9, h, n) {
		light := 0.12 - 0.3*(p.y-(cy-h))/(h+ry) // lighter at the top of the heap
		g := vary(c.rng, shade(col, light), 4)
		a := between(c.rng, 0, math.Pi)
		rw, rh := size/2, size*roundness/2
		c.fill(ellipse(p.x, p.y+rh*0.4, rw, rh).rotated(p, a), alpha(shade(g, -0.3), 0.5))
		c.fill(ellipse(p.x, p.y, rw, rh).rotated(p, a), g)
		c.fill(ellipse(p.x-rw*0.2, p.y-rh*0.3, rw*0.5, rh*0.35).rotated(p, a), alpha(white, 0.55))
	}
}

// plate draws a round plate seen from above at an angle, centred at
// (cx, cy) with radius rx.
func (c *canvas) plate(cx, cy, rx float64, col color.NRGBA) {
	ry := rx * 0.32
	c.shadow(cx+rx*0.06, cy+ry*0.45, rx*1.08, ry*1.25, 0.4)
	c.fill(ellipse(cx, cy+ry*0.1, rx, ry), shade(col, -0.2))
	c.fillPaint(ellipse(cx, cy, rx, ry), linear(pt{cx, cy - ry}, shade(col, -0.06), pt{cx, cy + ry}, shade(col, 0.08)))
	c.fillPaint(ellipse(cx, cy+ry*0.05, rx*0.68, ry*0.64), linear(pt{cx, cy - ry}, shade(col, -0.12), pt{cx, cy + ry}, shade(col, 0.02)))
	c.fill(stroke(rx*0.012, arc(cx, cy, rx*0.985, ry*0.97, math.Pi*0.15, math.Pi*0.85, 20)...), alpha(white, 0.7))
}

// jar draws a glass jar standing on (cx, base), w wide and h tall,
// holding a substance of colour fill up to the fraction level, with a lid
// and a paper label.
func (c *canvas) jar(cx, base, w, h float64, fill, lid, label color.NRGBA, level float64) {
	x, y := cx-w/2, base-h
	c.shadow(cx+w*0.1, base, w*0.75, w*0.16, 0.5)
	neck := h * 0.1
	c.fillPaint(roundRect(x, y+neck, w, h-neck, w*0.16), linear(pt{x, 0}, alpha(shade(fill, 0.6), 0.35), pt{x + w, 0}, alpha(shade(fill, 0.2), 0.35)))
	top := y + neck + (h-neck)*(1-level)
	c.fillPaint(roundRect(x+2, top, w-4, base-top-2, w*0.14), linear(pt{x, top}, shade(fill, 0.15), pt{x + w, base}, shade(fill, -0.35)))
	c.soft(cx-w*0.3, y+h*0.55, w*0.08, h*0.38, 0.2, alpha(white, 0.55))
	c.soft(cx+w*0.33, y+h*0.5, w*0.04, h*0.3, 0.2, alpha(white, 0.3))
	c.labelCard(x+w*0.06, y+h*0.38, w*0.88, h*0.36, label)
	c.fillPaint(roundRect(x+w*0.04, y-h*0.04, w*0.92, neck+h*0.06, w*0.05), linear(pt{x, 0}, shade(lid, 0.3), pt{x + w, 0}, shade(lid, -0.3)))
	for i := 1; i < 10; i++ {
		lx := x + w*0.04 + w*0.92*float64(i)/10
		c.fill(rect(lx, y-h*0.03, w*0.008, neck+h*0.04), alpha(shade(lid, -0.4), 0.35))
	}
}

// labelCard draws a paper label with an emblem and bars that suggest
// printed lines.
func (c *canvas) labelCard(x, y, w, h float64, col color.NRGBA) {
	c.fill(roundRect(x, y, w, h, h*0.08), col)
	ink := shade(vary(c.rng, rgb(120, 60, 40), 30), -0.2)
	if col.R < 120 && col.G < 120 {
		ink = rgb(240, 220, 170)
	}
	c.fill(stroke(h*0.03, pt{x + w*0.06, y + h*0.1}, pt{x + w*0.94, y + h*0.1}), alpha(ink, 0.5))
	c.fill(stroke(h*0.03, pt{x + w*0.06, y + h*0.9}, pt{x + w*0.94, y + h*0.9}), alpha(ink, 0.5))
	c.fill(circle(x+w*0.5, y+h*0.36, h*0.17), alpha(ink, 0.85))
	e := pt{x + w*0.5, y + h*0.36} // the emblem: a leaf in a disc
	c.fill(leafShape(e.add(pt{-h * 0.09, h * 0.09}), e.add(pt{h * 0.1, -h * 0.1}), h*0.11), col)
	c.fill(stroke(h*0.08, pt{x + w*0.25, y + h*0.65}, pt{x + w*0.75, y + h*0.65}), ink)
	c.fill(stroke(h*0.04, pt{x + w*0.32, y + h*0.78}, pt{x + w*0.68, y + h*0.78}), alpha(ink, 0.6))
}

// sack draws a standing bag (rice, grain) on (cx, base), w wide and h
// tall, its top gathered and tied, with a label.
func (c *canvas) sack(cx, base, w, h float64, col, label color.NRGBA) {
	c.shadow(cx+w*0.12, base, w*0.7, w*0.14, 0.5)
	x0, x1, top := cx-w/2, cx+w/2, base-h
	neck := top + h*0.2
	var body path
	body.moveTo(cx-w*0.18, neck)
	body.cubeTo(x0-w*0.02, neck+h*0.08, x0-w*0.06, base-h*0.25, x0+w*0.04, base-h*0.02)
	body.cubeTo(x0+w*0.2, base+h*0.02, x1-w*0.2, base+h*0.02, x1-w*0.04, base-h*0.02)
	body.cubeTo(x1+w*0.06, base-h*0.25, x1+w*0.02, neck+h*0.08, cx+w*0.18, neck)
	body.lineTo(cx-w*0.18, neck)
	c.fillPaint(body, radial(pt{cx - w*0.2, base - h*0.55}, w*0.9, h*0.9, shade(col, 0.18), shade(col, -0.35)))
	var tuft path // the gathered top
	tuft.moveTo(cx-w*0.16, neck+2)
	tuft.cubeTo(cx-w*0.32, top+h*0.08, cx-w*0.24, top, cx-w*0.08, top+h*0.03)
	tuft.lineTo(cx+w*0.1, top+h*0.01)
	tuft.cubeTo(cx+w*0.26, top+h*0.02, cx+w*0.3, top+h*0.1, cx+w*0.16, neck+2)
	c.fillPaint(tuft, linear(pt{cx - w*0.3, 0}, shade(col, 0.1), pt{cx + w*0.3, 0}, shade(col, -0.3)))
	for i := -2; i <= 2; i++ { // folds
		fx := cx + float64(i)*w*0.05
		c.fill(stroke(1.2, pt{fx, top + h*0.05}, pt{fx + float64(i)*2, neck}), alpha(shade(col, -0.4), 0.4))
	}
	c.fill(stroke(h*0.025, arc(cx, neck, w*0.19, h*0.02, 0, math.Pi, 10)...), rgb(150, 110, 60))
	c.labelCard(cx-w*0.3, base-h*0.6, w*0.6, h*0.34, label)
	c.soft(cx-w*0.28, base-h*0.45, w*0.1, h*0.3, 0.1, alpha(white, 0.18))
}

// onggi draws a Korean earthenware crock on (cx, base), w wide at its
// belly and h tall, with a lid.
func (c *canvas) onggi(cx, base, w, h float64, col color.NRGBA) {
	c.shadow(cx+w*0.08, base, w*0.62, w*0.13, 0.5)
	top := base - h
	var body path
	body.moveTo(cx-w*0.3, top+h*0.08)
	body.cubeTo(cx-w*0.62, top+h*0.2, cx-w*0.58, base-h*0.15, cx-w*0.32, base)
	body.lineTo(cx+w*0.32, base)
	body.cubeTo(cx+w*0.58, base-h*0.15, cx+w*0.62, top+h*0.2, cx+w*0.3, top+h*0.08)
	body.lineTo(cx-w*0.3, top+h*0.08)
	c.fillPaint(body, radial(pt{cx - w*0.18, top + h*0.4}, w*0.7, h*0.8, shade(col, 0.25), shade(col, -0.45)))
	c.soft(cx-w*0.22, top+h*0.38, w*0.1, h*0.16, 0.1, alpha(white, 0.45))
	for _, f := range []float64{0.35, 0.62} { // pressed bands
		y := top + h*f
		c.fill(stroke(1.4, arc(cx, y, w*0.49, h*0.04, 0.1, math.Pi-0.1, 20)...), alpha(shade(col, -0.5), 0.45))
	}
	c.fillPaint(ellipse(cx, top+h*0.07, w*0.33, h*0.05), linear(pt{cx - w*0.3, 0}, shade(col, 0.2), pt{cx + w*0.3, 0}, shade(col, -0.3)))
	c.fillPaint(dome(cx, top+h*0.04, w*0.34, h*0.045, h*0.07), linear(pt{cx - w*0.3, 0}, shade(col, 0.2), pt{cx + w*0.3, 0}, shade(col, -0.4)))
	c.fill(ellipse(cx, top-h*0.04, w*0.06, h*0.025), shade(col, -0.2))
}

// basket draws a woven basket on (cx, base), w wide and h tall; contents,
// if not nil, is drawn inside it before its front, with the opening's
// centre and radii.
func (c *canvas) basket(cx, base, w, h float64, col color.NRGBA, contents func(cx, cy, rx, ry float64)) {
	top := base - h
	ry := w * 0.14
	c.shadow(cx+w*0.06, base, w*0.58, w*0.11, 0.5)
	c.fill(ellipse(cx, top, w/2, ry), shade(col, -0.45))
	if contents != nil {
		contents(cx, top, w/2, ry)
	}
	var body path
	body.moveTo(cx-w/2, top)
	body.lineTo(cx-w*0.38, base)
	body.cubeTo(cx-w*0.2, base+ry*0.5, cx+w*0.2, base+ry*0.5, cx+w*0.38, base)
	body.lineTo(cx+w/2, top)
	body.cubeTo(cx+w/2, top+ry*kappa, cx+w/2*kappa, top+ry, cx, top+ry)
	body.cubeTo(cx-w/2*kappa, top+ry, cx-w/2, top+ry*kappa, cx-w/2, top)
	c.fillPaint(body, linear(pt{cx - w/2, 0}, shade(col, 0.1), pt{cx + w/2, 0}, shade(col, -0.3)))
	rows := 6
	for i := range rows { // the weave: rows of staggered strands
		f := (float64(i) + 0.5) / float64(rows)
		y := lerp(top+ry, base, f)
		half := lerp(w/2, w*0.38, f)
		for j := -6; j <= 6; j++ {
			u := (float64(j) + 0.25*float64(i%2*2-1)) / 6.5
			x := cx + u*half
			c.fill(ellipse(x, y-ry*0.2*(1-u*u), half/7.5, h/float64(rows)*0.36), alpha(shade(col, 0.25-0.4*math.Abs(u)), 0.9))
		}
	}
	c.fill(stroke(w*0.035, arc(cx, top, w/2, ry, 0, math.Pi, 30)...), shade(col, 0.05))
}

// giftBox draws an open box seen from the front and above, centred at
// (cx, cy), w wide and d deep, with its lining and its lid leaning
// behind it.
func (c *canvas) giftBox(cx, cy, w, d float64, col, lining color.NRGBA) {
	far, near := cy-d/2, cy+d/2
	fw, wall := w*0.86, d*0.4
	c.shadow(cx, near+wall, w*0.58, d*0.25, 0.5)
	c.fillPaint(poly(pt{cx - fw/2, far}, pt{cx + fw/2, far}, pt{cx + fw/2*0.96, far - d*1.1}, pt{cx - fw/2*0.96, far - d*1.1}), linear(pt{0, far - d}, shade(col, 0.15), pt{0, far}, shade(col, -0.3)))
	c.labelCard(cx-fw*0.2, far-d*0.85, fw*0.4, d*0.55, rgb(236, 206, 120))
	c.fill(poly(pt{cx - fw/2, far}, pt{cx + fw/2, far}, pt{cx + w/2, near}, pt{cx - w/2, near}), shade(col, 0.1))
	inset := func(f float64) []pt {
		return []pt{{cx - fw/2 + f, far + f*0.5}, {cx + fw/2 - f, far + f*0.5}, {cx + w/2 - f*1.1, near - f*0.5}, {cx - w/2 + f*1.1, near - f*0.5}}
	}
	c.fill(poly(inset(8)...), shade(lining, -0.4))
	c.fillPaint(poly(inset(12)...), radial(pt{cx - w*0.15, cy - d*0.2}, w*0.6, d, shade(lining, 0.15), shade(lining, -0.25)))
	c.fillPaint(rect(cx-w/2, near, w, wall), linear(pt{0, near}, shade(col, 0.05), pt{0, near + wall}, shade(col, -0.3)))
	c.fill(rect(cx-w/2, near, w, 2.5), alpha(shade(col, 0.5), 0.8))
}

// sky paints the sky from the top of the canvas down to y, with a soft
// sun.
func (c *canvas) sky(y float64, top, low color.NRGBA) {
	_, t, _, _ := c.view()
	c.band(t, y, linear(pt{0, t}, top, pt{0, y}, low))
	c.light(between(c.rng, 80, 560), between(c.rng, 40, 90), 90, 90, 0.5)
}

// cloud draws a cloud centred at (cx, cy): a few overlapping puffs
// filled as one shape, with a shaded underside.
func (c *canvas) cloud(cx, cy, size float64) {
	var p path
	for range 5 {
		p = p.add(ellipse(cx+between(c.rng, -size, size), cy+between(c.rng, -size*0.2, size*0.2), between(c.rng, size*0.4, size*0.7), between(c.rng, size*0.25, size*0.4)))
	}
	c.fillPaint(p, linear(pt{0, cy - size*0.4}, alpha(white, 0.92), pt{0, cy + size*0.4}, alpha(rgb(226, 232, 242), 0.85)))
}

// ridge fills the land below a smooth ridge line at height y with the
// given roughness, from the canvas's left edge to its right, in colour
// col fading towards low at the bottom edge bottom.
func (c *canvas) ridge(y, rough float64, col, low color.NRGBA, bottom float64) {
	l, _, r, _ := c.view()
	var pts []pt
	n := 9
	for i := range n + 1 {
		pts = append(pts, pt{lerp(l-40, r+40, float64(i)/float64(n)), y - between(c.rng, 0, rough)})
	}
	var p path
	p.moveTo(l-40, bottom)
	p.lineTo(pts[0].x, pts[0].y)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		mx := (a.x + b.x) / 2
		p.cubeTo(mx, a.y, mx, b.y, b.x, b.y)
	}
	p.lineTo(r+40, bottom)
	c.fillPaint(p, linear(pt{0, y - rough}, col, pt{0, bottom}, low))
}

// hanok draws a traditional Korean house whose base is centred on
// (cx, base), w wide, with a tiled roof whose eaves curve up.
func (c *canvas) hanok(cx, base, w float64, roof, wall color.NRGBA) {
	h := w * 0.32
	c.shadow(cx, base, w*0.6, w*0.05, 0.35)
	c.fill(rect(cx-w*0.42, base-h*0.18, w*0.84, h*0.18), rgb(150, 144, 136))
	c.fill(rect(cx-w*0.38, base-h*0.78, w*0.76, h*0.62), wall)
	wood := rgb(120, 78, 44)
	for i := range 5 { // posts
		x := cx - w*0.38 + w*0.76*float64(i)/4
		c.fill(rect(x-w*0.012, base-h*0.78, w*0.024, h*0.62), wood)
	}
	for i := range 4 { // latticed doors
		x := cx - w*0.38 + w*0.76*(float64(i)+0.5)/4
		c.fill(rect(x-w*0.06, base-h*0.62, w*0.12, h*0.4), shade(wall, -0.08))
		for j := 1; j < 4; j++ {
			c.fill(rect(x-w*0.06+w*0.03*float64(j), base-h*0.62, w*0.004, h*0.4), alpha(wood, 0.6))
			c.fill(rect(x-w*0.06, base-h*0.62+h*0.1*float64(j), w*0.12, h*0.006), alpha(wood, 0.6))
		}
	}
	c.fill(rect(cx-w*0.38, base-h*0.8, w*0.76, h*0.05), wood)
	ry := base - h*0.78 // where the eaves meet the walls
	var p path
	p.moveTo(cx-w*0.56, ry-h*0.28)
	p.cubeTo(cx-w*0.46, ry-h*0.02, cx-w*0.3, ry, cx, ry)
	p.cubeTo(cx+w*0.3, ry, cx+w*0.46, ry-h*0.02, cx+w*0.56, ry-h*0.28)
	p.cubeTo(cx+w*0.44, ry-h*0.22, cx+w*0.36, ry-h*0.5, cx+w*0.3, ry-h*0.72)
	p.lineTo(cx-w*0.3, ry-h*0.72)
	p.cubeTo(cx-w*0.36, ry-h*0.5, cx-w*0.44, ry-h*0.22, cx-w*0.56, ry-h*0.28)
	c.fillPaint(p, linear(pt{0, ry - h*0.72}, shade(roof, 0.15), pt{0, ry}, shade(roof, -0.25)))
	for i := -9; i <= 9; i++ { // tile rows
		u := float64(i) / 10
		c.fill(stroke(w*0.006, pt{cx + u*w*0.3, ry - h*0.7}, pt{cx + u*w*0.52, ry - h*0.06 - h*0.2*u*u}), alpha(shade(roof, -0.45), 0.5))
	}
	c.fill(stroke(h*0.07, pt{cx - w*0.32, ry - h*0.74}, pt{cx + w*0.32, ry - h*0.74}), shade(roof, -0.3))
	c.fill(stroke(h*0.035, curve(pt{cx - w*0.56, ry - h*0.28}, pt{cx, ry + h*0.12}, pt{cx + w*0.56, ry - h*0.28}, 24)...), shade(roof, -0.4))
}

// tree draws a round-crowned tree standing on (x, base); fruit, if its
// alpha is not zero, hangs in the crown.
func (c *canvas) tree(x, base, size float64, leaf, fruit color.NRGBA) {
	c.shadow(x, base, size*0.5, size*0.08, 0.35)
	c.fill(poly(pt{x - size*0.05, base}, pt{x + size*0.05, base}, pt{x + size*0.03, base - size*0.6}, pt{x - size*0.03, base - size*0.6}), rgb(110, 76, 48))
	cy := base - size*0.85
	for i := range 7 {
		a := float64(i) / 7 * 2 * math.Pi
		bx, by := x+math.Cos(a)*size*0.25, cy+math.Sin(a)*size*0.18
		c.fillPaint(blob(c.rng, bx, by, size*0.28, size*0.24, 0.12, 8), radial(pt{bx - size*0.1, by - size*0.12}, size*0.4, size*0.4, shade(leaf, 0.15), shade(leaf, -0.3)))
	}
	c.fillPaint(blob(c.rng, x, cy-size*0.05, size*0.3, size*0.26, 0.12, 8), radial(pt{x - size*0.1, cy - size*0.2}, size*0.4, size*0.4, shade(leaf, 0.25), shade(leaf, -0.15)))
	if fruit.A == 0 {
		return
	}
	for range 14 {
		a, d := between(c.rng, 0, 2*math.Pi), math.Sqrt(c.rng.Float64())
		fx, fy := x+math.Cos(a)*size*0.45*d, cy+math.Sin(a)*size*0.32*d
		c.fillPaint(circle(fx, fy, size*0.045), radial(pt{fx - size*0.015, fy - size*0.015}, size*0.05, size*0.05, shade(fruit, 0.3), shade(fruit, -0.25)))
	}
}

// leafShape returns a pointed leaf from base to tip, width w.
func leafShape(base, tip pt, w float64) path {
	d := tip.sub(base)
	n := pt{-d.y, d.x}.mul(w / 2 / d.len())
	m1, m2 := base.add(d.mul(0.35)), base.add(d.mul(0.7))
	var p path
	p.moveTo(base.x, base.y)
	p.cubeTo(m1.x+n.x, m1.y+n.y, m2.x+n.x, m2.y+n.y, tip.x, tip.y)
	p.cubeTo(m2.x-n.x, m2.y-n.y, m1.x-n.x, m1.y-n.y, base.x, base.y)
	return p
}

// leaf draws a green leaf with a midrib.
func (c *canvas) leaf(base, tip pt, w float64, col color.NRGBA) {
	c.fillPaint(leafShape(base, tip, w), linear(base, shade(col, 0.15), tip, shade(col, -0.2)))
	c.fill(stroke(w*0.06, base, base.add(tip.sub(base).mul(0.9))), alpha(shade(col, 0.4), 0.7))
}
