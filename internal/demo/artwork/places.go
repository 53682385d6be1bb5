package artwork

import (
	"image/color"
	"math"
)

// Rural tourism, the village shop front and the village landscape.

// landscape paints sky, two mountain ranges and a green valley floor from
// ground down, varied by the seed.
func (c *canvas) landscape(ground float64) {
	_, _, _, b := c.view()
	c.sky(ground, vary(c.rng, rgb(120, 170, 220), 10), rgb(220, 234, 242))
	for range 3 {
		c.cloud(between(c.rng, 60, 580), between(c.rng, 40, 120), between(c.rng, 40, 70))
	}
	c.ridge(ground-90, 80, rgb(150, 170, 196), rgb(190, 206, 220), ground+40)
	c.ridge(ground-40, 60, rgb(90, 130, 100), rgb(120, 150, 110), ground+40)
	c.ridge(ground, 14, vary(c.rng, rgb(130, 176, 90), 8), rgb(90, 140, 70), b)
}

// person draws a small walking figure standing at (x, base).
func (c *canvas) person(x, base, h float64, coat color.NRGBA) {
	c.shadow(x, base, h*0.25, h*0.05, 0.3)
	c.fill(stroke(h*0.1, pt{x - h*0.06, base}, pt{x - h*0.03, base - h*0.4}), rgb(50, 50, 60))
	c.fill(stroke(h*0.1, pt{x + h*0.08, base}, pt{x + h*0.03, base - h*0.4}), rgb(50, 50, 60))
	c.fill(roundRect(x-h*0.13, base-h*0.78, h*0.26, h*0.42, h*0.1), coat)
	c.fill(circle(x, base-h*0.88, h*0.1), rgb(240, 210, 180))
	c.fill(dome(x, base-h*0.9, h*0.11, h*0.02, h*0.09), rgb(40, 30, 30))
}

func drawFarmStay(c *canvas) {
	c.landscape(300)
	roof := c.pick(rgb(70, 74, 84), rgb(120, 90, 70))
	c.tree(110, 350, 170, rgb(80, 140, 60), color.NRGBA{})
	c.hanok(330, 370, 360, roof, rgb(244, 238, 224))
	c.tree(560, 380, 150, rgb(70, 130, 60), color.NRGBA{})
	c.soft(430, 170, 20, 40, 0, alpha(white, 0.5)) // smoke from the kitchen fire
	c.soft(440, 130, 26, 36, 0, alpha(white, 0.35))
	var path0 path // a path to the gate
	path0.moveTo(300, 372)
	path0.lineTo(360, 372)
	path0.cubeTo(380, 420, 440, 460, 470, 500)
	path0.lineTo(330, 500)
	path0.cubeTo(320, 450, 300, 410, 300, 372)
	c.fill(path0, rgb(210, 190, 150))
	for i := range 6 { // a vegetable patch
		y := 400 + float64(i)*14
		c.fill(stroke(6, pt{60, y}, pt{250 - float64(i)*8, y}), rgb(110, 80, 50))
		for x := 70.0; x < 240-float64(i)*8; x += 18 {
			c.fill(ellipse(x, y-5, 7, 5), rgb(90, 170, 70))
		}
	}
}

func drawPicking(c *canvas) {
	c.landscape(280)
	fruit := c.pick(rgb(220, 50, 40), rgb(214, 200, 90), rgb(240, 150, 40))
	for i, x := range []float64{110, 300, 500} {
		c.tree(x, 340+float64(i%2)*12, 200, vary(c.rng, rgb(80, 140, 60), 10), fruit)
	}
	c.person(390, 410, 90, c.pick(rgb(60, 110, 190), rgb(220, 90, 60), rgb(240, 190, 60)))
	c.basket(230, 460, 150, 60, rgb(186, 140, 80), func(cx, cy, rx, ry float64) {
		for i := range 5 {
			x := cx - rx*0.6 + float64(i)*rx*0.3
			c.fillPaint(circle(x, cy-8-float64(i%2)*8, 18), radial(pt{x - 5, cy - 18}, 20, 20, shade(fruit, 0.3), shade(fruit, -0.3)))
		}
	})
}

func drawVillageTour(c *canvas) {
	c.landscape(270)
	roofs := []color.NRGBA{rgb(70, 74, 84), rgb(120, 90, 70), rgb(90, 100, 110)}
	for i, h := range []struct{ x, y, w float64 }{{120, 300, 170}, {330, 290, 150}, {520, 305, 170}} {
		c.hanok(h.x, h.y, h.w, roofs[(i+c.rng.IntN(3))%3], rgb(244, 238, 224))
	}
	var road path
	road.moveTo(290, 310)
	road.lineTo(350, 310)
	road.cubeTo(420, 380, 360, 420, 470, 500)
	road.lineTo(200, 500)
	road.cubeTo(290, 420, 250, 370, 290, 310)
	c.fill(road, rgb(214, 200, 170))
	coats := []color.NRGBA{rgb(60, 110, 190), rgb(220, 90, 60), rgb(240, 190, 60), rgb(80, 160, 120), rgb(200, 80, 140)}
	for i := range 5 {
		c.person(290+float64(i)*26+between(c.rng, -6, 6), 400+float64(i%2)*18, 70, coats[(i+c.rng.IntN(5))%5])
	}
	c.fill(stroke(3, pt{270, 400}, pt{270, 300}), rgb(80, 60, 40)) // the guide's flag
	c.fill(poly(pt{271, 300}, pt{320, 310}, pt{271, 322}), c.pick(rgb(230, 60, 50), rgb(250, 200, 40)))
	c.tree(60, 420, 150, rgb(80, 140, 60), color.NRGBA{})
	c.tree(590, 430, 160, rgb(70, 130, 60), color.NRGBA{})
}

// ticketShape returns a rounded w×h card centred at (x, y) with a
// semicircular notch in its top and bottom edges at nx, where the stub
// tears off.
func ticketShape(x, y, w, h, nx float64) path {
	r, n := 10.0, 10.0
	k := r * (1 - kappa)
	x0, y0, x1, y1 := x-w/2, y-h/2, x+w/2, y+h/2
	var p path
	p.moveTo(x0+r, y0)
	p.lineTo(nx-n, y0)
	p.cubeTo(nx-n, y0+n*kappa, nx-n*kappa, y0+n, nx, y0+n)
	p.cubeTo(nx+n*kappa, y0+n, nx+n, y0+n*kappa, nx+n, y0)
	p.lineTo(x1-r, y0)
	p.cubeTo(x1-k, y0, x1, y0+k, x1, y0+r)
	p.lineTo(x1, y1-r)
	p.cubeTo(x1, y1-k, x1-k, y1, x1-r, y1)
	p.lineTo(nx+n, y1)
	p.cubeTo(nx+n, y1-n*kappa, nx+n*kappa, y1-n, nx, y1-n)
	p.cubeTo(nx-n*kappa, y1-n, nx-n, y1-n*kappa, nx-n, y1)
	p.lineTo(x0+r, y1)
	p.cubeTo(x0+k, y1, x0, y1-k, x0, y1-r)
	p.lineTo(x0, y0+r)
	p.cubeTo(x0, y0+k, x0+k, y0, x0+r, y0)
	return p
}

// ticket draws an admission ticket centred at (x, y), turned by angle,
// with a coloured header, a stub and an emblem drawn by mark.
func (c *canvas) ticket(x, y, angle float64, col color.NRGBA, mark func(x, y float64)) {
	w, h := 300.0, 140.0
	p := pt{x, y}
	c.soft(x+10, y+16, w*0.55, h*0.62, 0.6, alpha(black, 0.3))
	shape := ticketShape(x, y, w, h, x+w*0.22)
	c.fillPaint(shape.rotated(p, angle), linear(pt{x - w/2, y}, rgb(252, 250, 244), pt{x + w/2, y}, rgb(236, 232, 224)))
	c.fill(roundRect(x-w/2, y-h/2, w*0.72, h*0.3, 10).add(rect(x-w/2, y-h/2+15, w*0.72, h*0.3-15)).rotated(p, angle), col)
	for k := range 9 { // perforation
		q := pt{x + w*0.22, y - h/2 + 14 + float64(k)*h/9.5}
		c.fill(circle(q.x, q.y, 2).rotated(p, angle), rgb(190, 186, 176))
	}
	for k, l := range []float64{0.5, 0.36, 0.42} { // lines of print
		q := pt{x - w*0.42, y + float64(k)*16}
		c.fill(stroke(5, q, q.add(pt{w * l, 0})).rotated(p, angle), alpha(rgb(120, 110, 100), 0.6))
	}
	m := p.add(pt{w * 0.36, 0}.rot(angle))
	mark(m.x, m.y)
}

func drawTickets(c *canvas) {
	l, t, r, b := c.view()
	c.band(t, b, linear(pt{0, t}, rgb(150, 190, 230), pt{0, 260}, rgb(225, 236, 246)))
	c.ridge(210, 120, rgb(236, 242, 250), rgb(210, 222, 236), b) // snowy mountains
	c.ridge(330, 30, rgb(250, 252, 255), rgb(220, 228, 240), b)
	for range 14 { // evergreens on the slope
		x, y := between(c.rng, l, r), between(c.rng, 260, 330)
		c.fill(poly(pt{x, y - 34}, pt{x + 13, y}, pt{x - 13, y}), rgb(40, 90, 70))
	}
	for k := range 3 { // steam from the hot spring
		c.soft(520+float64(k)*26, 250-float64(k)*30, 36, 50, 0, alpha(white, 0.45))
	}
	ski := func(x, y float64) {
		for k := range 3 {
			a := float64(k) * math.Pi / 3
			c.fill(stroke(3, pt{x - 16*math.Cos(a), y - 16*math.Sin(a)}, pt{x + 16*math.Cos(a), y + 16*math.Sin(a)}), rgb(60, 120, 200))
		}
	}
	spring := func(x, y float64) {
		c.fill(dome(x, y+14, 20, 5, 10).mapped(func(q pt) pt { return pt{q.x, 2*(y+14) - q.y} }), rgb(200, 70, 60))
		for k := -1; k <= 1; k++ {
			xx := x + float64(k)*9
			c.fill(stroke(2.6, curve(pt{xx, y + 4}, pt{xx + 8, y - 8}, pt{xx, y - 20}, 8)...), rgb(200, 70, 60))
		}
	}
	c.ticket(250, 330, -0.12, c.pick(rgb(60, 120, 200), rgb(40, 160, 170)), ski)
	c.ticket(400, 400, 0.08, c.pick(rgb(210, 80, 60), rgb(220, 140, 40)), spring)
}

func drawStore(c *canvas) {
	_, t, _, b := c.view()
	c.band(t, b, linear(pt{0, t}, rgb(150, 196, 230), pt{0, 300}, rgb(214, 232, 240)))
	wall := vary(c.rng, c.pick(rgb(240, 232, 214), rgb(214, 226, 216), rgb(236, 216, 200)), 6)
	c.band(380, b, linear(pt{0, 380}, rgb(190, 180, 166), pt{0, b}, rgb(150, 140, 128))) // pavement
	c.fill(rect(60, 90, 520, 300), wall)
	c.fill(rect(60, 370, 520, 20), shade(wall, -0.3))
	c.fill(roundRect(140, 50, 360, 56, 8), rgb(110, 70, 40)) // signboard
	c.labelCard(150, 58, 340, 40, rgb(246, 236, 214))
	awn := c.pick(rgb(200, 50, 50), rgb(40, 120, 90), rgb(40, 90, 160))
	var aw path // a striped awning with a scalloped edge
	aw.moveTo(70, 120)
	aw.lineTo(570, 120)
	aw.lineTo(590, 170)
	for x := 590.0; x > 50; x -= 30 {
		aw.quadTo(x-15, 186, x-30, 170)
	}
	aw.lineTo(70, 120)
	c.fill(aw, awn)
	for x := 70.0; x+60 <= 570; x += 60 { // white stripes, widening towards the edge
		f := func(x float64) float64 { return 320 + (x-320)*1.08 }
		c.fill(poly(pt{x + 30, 120}, pt{x + 60, 120}, pt{f(x + 60), 170}, pt{f(x + 30), 170}), rgb(250, 246, 240))
	}
	c.soft(320, 190, 280, 20, 0, alpha(black, 0.18))
	c.fill(rect(90, 200, 270, 160), rgb(120, 90, 60)) // the window and its shelves
	c.fillPaint(rect(96, 206, 258, 148), linear(pt{96, 206}, rgb(200, 224, 236), pt{354, 354}, rgb(150, 180, 196)))
	goods := []color.NRGBA{rgb(220, 60, 50), rgb(240, 200, 60), rgb(90, 150, 70), rgb(236, 226, 204), rgb(130, 80, 50)}
	for row := range 3 {
		y := 250 + float64(row)*48
		c.fill(rect(96, y, 258, 5), rgb(140, 100, 60))
		for x := 104.0; x < 340; x += 26 {
			col := goods[c.rng.IntN(len(goods))]
			hgt := between(c.rng, 22, 38)
			c.fill(roundRect(x, y-hgt, 20, hgt, 3), col)
			c.fill(rect(x+3, y-hgt*0.65, 14, hgt*0.3), alpha(white, 0.7))
		}
	}
	c.fill(poly(pt{96, 206}, pt{160, 206}, pt{96, 290}), alpha(white, 0.25))
	c.fill(rect(400, 200, 130, 180), rgb(110, 74, 44)) // the door
	c.fillPaint(rect(414, 214, 102, 90), linear(pt{414, 214}, rgb(200, 224, 236), pt{516, 304}, rgb(150, 180, 196)))
	c.fill(circle(510, 320, 5), rgb(230, 200, 100))
	for i, x := range []float64{130, 250} { // crates of produce in front
		c.fill(rect(x, 380, 100, 50), rgb(170, 120, 70))
		c.fill(rect(x, 395, 100, 4), rgb(130, 90, 50))
		for k := range 5 {
			fx := x + 12 + float64(k)*19
			c.fillPaint(circle(fx, 376, 12), radial(pt{fx - 4, 372}, 13, 13, shade(goods[i*2], 0.3), shade(goods[i*2], -0.3)))
		}
	}
	c.tree(600, 420, 110, rgb(80, 140, 60), color.NRGBA{})
}

func drawVillage(c *canvas) {
	c.landscape(230)
	_, _, _, b := c.view()
	for i := range 4 { // terraced fields
		y := 330 + float64(i)*40
		c.ridge(y, 12, vary(c.rng, c.pick(rgb(150, 190, 90), rgb(200, 190, 100), rgb(120, 170, 80)), 8), rgb(110, 150, 70), b)
	}
	roofs := []color.NRGBA{rgb(70, 74, 84), rgb(120, 90, 70), rgb(90, 100, 110)}
	houses := []struct{ x, y, w float64 }{{90, 270, 110}, {230, 262, 100}, {380, 268, 120}, {540, 275, 110}, {160, 330, 140}, {470, 340, 150}}
	for i, h := range houses {
		c.hanok(h.x+between(c.rng, -10, 10), h.y, h.w, roofs[(i+c.rng.IntN(3))%3], rgb(244, 238, 224))
	}
	c.tree(310, 350, 110, rgb(70, 130, 60), color.NRGBA{})
	c.tree(20, 360, 120, rgb(80, 140, 60), color.NRGBA{})
	c.tree(620, 380, 130, rgb(70, 130, 60), color.NRGBA{})
}
