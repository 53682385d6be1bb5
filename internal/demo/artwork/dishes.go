package artwork

import (
	"image/color"
	"math"
)

// The prepared and preserved foods: kimchi, pastes, rice cakes, cold
// noodles, dried fish.

// cabbage draws a folded quarter of napa-cabbage kimchi lying at (x, y):
// pale ribbed stems fanning into red-coated leaves.
func (c *canvas) cabbage(x, y, l, angle float64) {
	red := vary(c.rng, rgb(222, 74, 40), 10)
	stem := rgb(246, 236, 200)
	o := pt{x, y}
	rot := func(p path) path { return p.rotated(o, angle) }
	for k := range 4 { // layers of leaves, from the back
		dy := (float64(k) - 1.5) * l * 0.07
		c.fillPaint(rot(leafShape(pt{x - l*0.5, y + dy}, pt{x + l*0.25, y + dy*1.6}, l*0.26)), linear(pt{x - l/2, 0}, stem, pt{x + l/4, 0}, shade(stem, -0.12)))
		c.fillPaint(rot(blob(c.rng, x+l*0.24, y+dy*1.6, l*0.24, l*0.12, 0.22, 10)), radial(pt{x + l*0.15, y + dy - l*0.1}, l*0.4, l*0.2, shade(red, 0.25), shade(red, -0.25)))
	}
	for range 10 { // the seasoning clinging to the stems
		q := pt{x + between(c.rng, -l*0.45, l*0.1), y + between(c.rng, -l*0.12, l*0.12)}
		c.fill(rot(ellipse(q.x, q.y, l*0.05, l*0.018)), alpha(shade(red, -0.1), 0.75))
	}
	c.soft(x-l*0.15, y-l*0.08, l*0.2, l*0.05, 0.1, alpha(white, 0.45))
}

func drawKimchi(c *canvas) {
	c.backdrop()
	c.onggi(185, 360, 180, 195, vary(c.rng, rgb(110, 64, 40), 8))
	c.plate(405, 385, 175, c.pick(rgb(246, 244, 238), rgb(214, 226, 214), rgb(236, 232, 222)))
	for i := range 7 {
		a := float64(i) * 2.3
		d := math.Sqrt(float64(7-i)/7) * 70
		c.cabbage(405+math.Cos(a)*d, 378+math.Sin(a)*d*0.3-float64(i)*4, between(c.rng, 110, 130), between(c.rng, -0.35, 0.35))
	}
	for range 24 { // sesame seeds
		x, y := 405+between(c.rng, -70, 70), 350+between(c.rng, -22, 22)
		c.fill(ellipse(x, y, 2.2, 1.3), rgb(250, 240, 210))
	}
}

// soybeans scatters n dried soybeans around (x, y).
func (c *canvas) soybeans(x, y, spread float64, n int) {
	for range n {
		px, py := x+between(c.rng, -spread, spread), y+between(c.rng, -spread, spread)*0.3
		col := vary(c.rng, rgb(222, 192, 120), 10)
		c.shadow(px+1, py+4, 8, 3, 0.3)
		c.fillPaint(ellipse(px, py, 7, 5.5), radial(pt{px - 2, py - 2}, 8, 7, shade(col, 0.3), shade(col, -0.3)))
		c.fill(ellipse(px+3.5, py, 1.5, 0.8), rgb(140, 100, 60))
	}
}

func drawDoenjang(c *canvas) {
	c.backdrop()
	c.onggi(210, 390, 230, 240, vary(c.rng, rgb(96, 58, 36), 8))
	paste := vary(c.rng, rgb(140, 90, 40), 10)
	c.bowl(430, 380, 95, 50, c.ceramic(), func(rx, ry float64) {
		c.fillPaint(dome(430, 380, rx*0.96, ry*0.94, 22), radial(pt{410, 360}, rx, 40, shade(paste, 0.2), shade(paste, -0.3)))
		for range 30 { // coarse bean pieces in the paste
			x, y := 430+between(c.rng, -70, 70), 372+between(c.rng, -12, 12)
			c.fill(ellipse(x, y, 4, 2.5), alpha(shade(paste, between(c.rng, -0.3, 0.3)), 0.8))
		}
	})
	c.soybeans(480, 450, 80, 12)
}

// chili draws a dried red chili from stem to tip.
func (c *canvas) chili(stem, tip pt) {
	red := vary(c.rng, rgb(176, 24, 20), 12)
	mid := stem.add(tip).mul(0.5).add(pt{0, -16})
	pts := curve(stem, mid, tip, 16)
	c.shadow(mid.x, mid.y+22, tip.sub(stem).len()*0.5, 6, 0.3)
	for i := range pts[:len(pts)-1] { // taper towards the tip
		w := lerp(20, 3, float64(i)/float64(len(pts)-1))
		c.fill(stroke(w, pts[i], pts[i+1]), red)
	}
	c.fill(stroke(4, curve(pts[1], pts[3], pts[7], 6)...), alpha(rgb(255, 150, 130), 0.45))
	c.fill(stroke(6, stem, stem.sub(tip.sub(stem).mul(0.12))), rgb(80, 110, 50))
}

func drawChiliPaste(c *canvas) {
	c.backdrop()
	red := vary(c.rng, rgb(170, 30, 24), 10)
	x, y, w, h := 130.0, 220.0, 230.0, 170.0 // a gochujang tub
	c.shadow(x+w/2+10, y+h, w*0.62, 18, 0.5)
	c.fillPaint(poly(pt{x, y}, pt{x + w, y}, pt{x + w - 12, y + h}, pt{x + 12, y + h}), linear(pt{x, 0}, shade(red, 0.15), pt{x + w, 0}, shade(red, -0.3)))
	c.fillPaint(roundRect(x-8, y-28, w+16, 36, 8), linear(pt{0, y - 28}, shade(red, 0.25), pt{0, y + 8}, shade(red, -0.2)))
	c.labelCard(x+24, y+40, w-48, h-70, c.pick(rgb(250, 240, 220), rgb(240, 200, 60)))
	c.bowl(450, 380, 90, 50, c.ceramic(), func(rx, ry float64) {
		c.fillPaint(dome(450, 380, rx*0.96, ry*0.94, 26), radial(pt{430, 360}, rx, 40, shade(red, 0.15), shade(red, -0.4)))
		c.soft(430, 365, 30, 8, 0.2, alpha(white, 0.4))
	})
	for i := range 3 {
		c.chili(pt{90 + float64(i)*150, 452 - float64(i%2)*10}, pt{200 + float64(i)*150, 436 + float64(i%2)*12})
	}
}

// tteok draws a white cylinder of garaetteok lying at (x, y).
func (c *canvas) tteok(x, y, l, angle float64) {
	white := rgb(250, 248, 240)
	p := pt{x, y}
	c.fillPaint(roundRect(x-l/2, y-9, l, 18, 9).rotated(p, angle), linear(pt{0, y - 9}, white, pt{0, y + 9}, rgb(214, 210, 200)))
	end := p.add(pt{l/2 - 3, 0}.rot(angle))
	c.fill(ellipse(end.x, end.y, 5, 9).rotated(end, angle), rgb(236, 234, 226))
}

// songpyeon draws a half-moon rice cake.
func (c *canvas) songpyeon(x, y, r float64, col color.NRGBA) {
	c.shadow(x+2, y+r*0.5, r*1.1, r*0.3, 0.3)
	c.fillPaint(dome(x, y+r*0.3, r, r*0.25, r*0.9), radial(pt{x - r*0.3, y - r*0.3}, r*1.4, r*1.2, shade(col, 0.3), shade(col, -0.2)))
	c.fill(stroke(1.2, arc(x, y+r*0.28, r*0.9, r*0.2, math.Pi*0.1, math.Pi*0.9, 12)...), alpha(shade(col, -0.3), 0.5))
	c.soft(x-r*0.3, y-r*0.2, r*0.3, r*0.15, 0.1, alpha(white, 0.5))
}

func drawRiceCake(c *canvas) {
	c.backdrop()
	c.plate(320, 370, 230, c.ceramic())
	for i := range 5 {
		c.tteok(260+float64(i%2)*20, 330+float64(i)*14, 150, between(c.rng, -0.1, 0.1)-0.15)
	}
	pastels := []color.NRGBA{rgb(244, 186, 196), rgb(190, 220, 160), rgb(250, 246, 236), rgb(246, 222, 140), rgb(200, 180, 220)}
	for i := range 6 {
		c.songpyeon(410+float64(i%3)*44, 352+float64(i/3)*34, 26, pastels[(i+c.rng.IntN(5))%5])
	}
	for range 5 { // pine needles, as songpyeon are steamed on them
		p := pt{between(c.rng, 380, 520), between(c.rng, 400, 420)}
		c.fill(stroke(1.5, p, p.add(pt{40, 0}.rot(between(c.rng, -0.4, 0.4)))), rgb(60, 110, 60))
	}
}

func drawColdNoodles(c *canvas) {
	c.backdrop()
	steel := c.pick(rgb(200, 204, 210), rgb(214, 180, 110))
	c.bowl(320, 320, 215, 120, steel, func(rx, ry float64) {
		broth := rgb(196, 156, 110)
		c.fillPaint(ellipse(320, 322, rx*0.95, ry*0.9), radial(pt{300, 316}, rx, ry, shade(broth, 0.15), shade(broth, -0.2)))
		for range 5 { // ice
			p := pt{between(c.rng, 160, 470), between(c.rng, 320, 344)}
			c.fill(roundRect(p.x, p.y, 20, 15, 4), alpha(white, 0.5))
		}
		noodle := vary(c.rng, rgb(92, 74, 64), 8)
		c.fill(dome(320, 316, 120, 26, 46), shade(noodle, -0.2))
		for i := range 70 { // a nest of buckwheat noodles
			a := between(c.rng, 0, 2*math.Pi)
			r := between(c.rng, 20, 115)
			var pts []pt
			for k := range 12 {
				t := a + float64(k)*0.18
				h := 46 * (1 - (r/120)*(r/120)) * math.Max(0, -math.Sin(t)*0.5+0.5)
				pts = append(pts, pt{320 + math.Cos(t)*r, 316 + math.Sin(t)*r*0.22 - h*0.9 - float64(i)*0.05})
			}
			c.fill(stroke(2.6, pts...), shade(noodle, between(c.rng, -0.15, 0.3)))
		}
		for k := range 14 { // cucumber strips
			p := pt{236 + float64(k%7)*9, 290 + float64(k/7)*7}
			c.fill(stroke(4, p, p.add(pt{40, -12})), c.pick(rgb(90, 150, 70), rgb(200, 226, 160)))
		}
		for k := range 3 { // pear slices
			p := pt{372 + float64(k)*8, 290 - float64(k)*4}
			c.fill(leafShape(p, p.add(pt{56, -6}), 16), rgb(250, 246, 226))
		}
		c.fillPaint(poly(pt{340, 306}, pt{410, 298}, pt{420, 316}, pt{350, 322}), linear(pt{340, 298}, rgb(150, 90, 70), pt{420, 322}, rgb(110, 60, 45)))
		c.fill(ellipse(320, 268, 38, 20), rgb(252, 252, 246)) // half an egg
		c.fillPaint(circle(320, 264, 13), radial(pt{316, 260}, 14, 14, rgb(252, 212, 84), rgb(230, 160, 30)))
		for range 24 {
			c.fill(ellipse(between(c.rng, 260, 380), between(c.rng, 280, 300), 1.8, 1.1), rgb(250, 240, 210))
		}
	})
}

// pollack draws a dried pollack lying from head to tail.
func (c *canvas) pollack(head, tail pt) {
	col := vary(c.rng, rgb(206, 168, 110), 10)
	d := tail.sub(head)
	n := pt{-d.y, d.x}.mul(1 / d.len())
	c.fillPaint(leafShape(head.sub(d.mul(0.04)), tail.sub(d.mul(0.08)), d.len()*0.2), linear(head.add(n.mul(20)), shade(col, 0.2), head.sub(n.mul(20)), shade(col, -0.3)))
	t0 := tail.sub(d.mul(0.1))
	c.fill(poly(t0, tail.add(n.mul(22)), tail.add(d.mul(0.02)), tail.sub(n.mul(22))), shade(col, -0.15))
	for k := 1; k < 8; k++ { // flaky texture along the body
		p := head.add(d.mul(0.12 * float64(k)))
		c.fill(stroke(1, p.add(n.mul(8)), p.sub(n.mul(8)).add(d.mul(0.04))), alpha(shade(col, -0.35), 0.5))
	}
	eye := head.add(d.mul(0.06)).add(n.mul(4))
	c.fill(circle(eye.x, eye.y, 3.5), rgb(60, 40, 30))
	c.fill(stroke(1.2, head.add(d.mul(0.14)).add(n.mul(12)), head.add(d.mul(0.16)).sub(n.mul(12))), alpha(shade(col, -0.5), 0.6))
}

func drawDriedFish(c *canvas) {
	c.backdrop()
	mat := rgb(200, 170, 110) // a straw mat
	c.shadow(330, 420, 270, 30, 0.4)
	c.fill(poly(pt{80, 300}, pt{580, 300}, pt{600, 440}, pt{60, 440}), mat)
	for i := range 24 {
		y := 300 + float64(i)*140/24
		c.fill(rect(70, y, 520, 2), alpha(shade(mat, -0.3), 0.4))
	}
	for i := range 4 {
		y := 320 + float64(i)*30
		c.pollack(pt{120 + float64(i%2)*14, y}, pt{540 - float64(i%2)*10, y + 8})
	}
	for _, x := range []float64{230, 420} { // the straw rope that ties them
		c.fill(stroke(6, pt{x, 305}, pt{x + 10, 435}), rgb(170, 130, 70))
	}
}
