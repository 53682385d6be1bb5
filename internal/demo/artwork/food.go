package artwork

import (
	"image/color"
	"math"
)

// The grains, mushrooms, nuts, roots, fruit and animal products.

func drawRice(c *canvas) {
	c.backdrop()
	dx := between(c.rng, -20, 20)
	c.sack(235+dx, 400, 200, 260, c.pick(rgb(236, 226, 204), rgb(214, 190, 150), rgb(230, 232, 226)), c.pick(rgb(200, 60, 50), rgb(60, 110, 80), rgb(240, 236, 220)))
	c.bowl(440+dx, 372, 95, 55, c.ceramic(), func(rx, ry float64) {
		c.grains(440+dx, 372, rx, ry, 40, 260, 10, 0.42, rgb(248, 247, 240))
	})
	for range 14 { // spilled grains
		x, y := 350+dx+between(c.rng, -60, 120), between(c.rng, 425, 450)
		c.fill(ellipse(x, y, 4.5, 2).rotated(pt{x, y}, between(c.rng, 0, 3)), rgb(246, 244, 236))
	}
}

func drawGlutinousRice(c *canvas) {
	c.backdrop()
	for i := range 7 { // a sheaf of ripe rice lying behind the bowl
		y := 300 + float64(i)*5
		stalk := curve(pt{110, y + 30}, pt{300, y - 10}, pt{470 + float64(i)*8, y + 20 + between(c.rng, -6, 6)}, 16)
		c.fill(stroke(2.5, stalk...), rgb(196, 170, 90))
		for _, p := range stalk[9:] { // the drooping ears
			for _, side := range []float64{-1, 1} {
				q := p.add(pt{3, side * 4})
				c.fill(ellipse(q.x, q.y, 6, 2.8).rotated(q, side*0.5), vary(c.rng, rgb(224, 186, 92), 10))
			}
		}
	}
	wood := vary(c.rng, rgb(150, 98, 58), 10)
	c.bowl(320, 350, 135, 80, wood, func(rx, ry float64) {
		c.grains(320, 350, rx, ry, 52, 420, 10, 0.62, rgb(252, 251, 247))
	})
	for range 18 {
		x, y := between(c.rng, 160, 480), between(c.rng, 436, 458)
		c.fill(ellipse(x, y, 4.5, 2.8).rotated(pt{x, y}, between(c.rng, 0, 3)), rgb(252, 251, 246))
	}
}

func drawMillet(c *canvas) {
	c.backdrop()
	for i := range 3 { // ears of foxtail millet
		base := pt{110 + float64(i)*40, 445 - float64(i)*14}
		tip := pt{base.x + 190, base.y - 85 + between(c.rng, -10, 10)}
		c.fill(stroke(3, base, base.add(tip.sub(base).mul(0.4))), rgb(150, 140, 70))
		mid := base.add(tip.sub(base).mul(0.4))
		ear := leafShape(mid, tip, 38)
		c.fillPaint(ear, linear(mid, rgb(214, 170, 70), tip, rgb(180, 130, 40)))
		for range 90 {
			t := between(c.rng, 0.05, 0.95)
			p := mid.add(tip.sub(mid).mul(t))
			w := 17 * math.Sin(t*math.Pi)
			p = p.add(pt{between(c.rng, -w, w) * 0.35, between(c.rng, -w, w)})
			c.fill(circle(p.x, p.y, 2.2), vary(c.rng, rgb(230, 190, 80), 16))
		}
	}
	c.bowl(390, 360, 140, 72, c.ceramic(), func(rx, ry float64) {
		c.grains(390, 360, rx, ry, 55, 1100, 5, 0.92, rgb(240, 196, 72))
	})
}

// fungus draws one ruffled, ear-shaped piece of black wood-ear fungus.
func (c *canvas) fungus(x, y, r float64) {
	col := vary(c.rng, rgb(52, 38, 34), 6)
	c.fillPaint(blob(c.rng, x, y, r, r*0.72, 0.14, 18), radial(pt{x - r*0.3, y - r*0.3}, r*1.2, r, shade(col, 0.2), shade(col, -0.55)))
	a := between(c.rng, 0, 2*math.Pi)
	c.fillPaint(blob(c.rng, x+math.Cos(a)*r*0.15, y+math.Sin(a)*r*0.1, r*0.55, r*0.38, 0.2, 10), radial(pt{x, y}, r*0.6, r*0.4, shade(col, -0.5), shade(col, 0.05)))
	for range 3 { // folds catching the light
		fx, fy := x+between(c.rng, -r*0.5, r*0.5), y+between(c.rng, -r*0.35, r*0.35)
		b := between(c.rng, 0, math.Pi)
		c.fill(stroke(r*0.05, curve(pt{fx - r*0.4*math.Cos(b), fy - r*0.3*math.Sin(b)}, pt{fx + r*0.2, fy - r*0.2}, pt{fx + r*0.4*math.Cos(b), fy + r*0.3*math.Sin(b)}, 8)...), alpha(rgb(160, 130, 120), 0.3))
	}
	c.soft(x-r*0.3, y-r*0.3, r*0.3, r*0.14, 0.1, alpha(rgb(220, 200, 190), 0.45))
}

func drawWoodEar(c *canvas) {
	c.backdrop()
	c.plate(320, 360, 220, vary(c.rng, c.pick(rgb(246, 244, 238), rgb(214, 226, 214)), 4))
	for i := range 18 {
		a := float64(i) * 2.4
		d := math.Sqrt(float64(18-i)/18) * 120
		c.fungus(320+math.Cos(a)*d, 350+math.Sin(a)*d*0.3-float64(i)*1.6, between(c.rng, 30, 42))
	}
	c.fungus(130, 440, 28)
	c.fungus(520, 446, 24)
}

// mushroom draws a shiitake standing at (x, y) with a cap of radius r; a
// turned one shows its gills.
func (c *canvas) mushroom(x, y, r float64, turned bool) {
	stem := rgb(234, 222, 198)
	c.shadow(x, y+r*0.3, r*1.05, r*0.28, 0.4)
	if turned {
		c.fill(ellipse(x, y, r, r*0.55), rgb(228, 212, 184))
		for i := range 30 {
			a := float64(i) / 30 * 2 * math.Pi
			c.fill(stroke(0.8, pt{x + math.Cos(a)*r*0.2, y + math.Sin(a)*r*0.11}, pt{x + math.Cos(a)*r*0.93, y + math.Sin(a)*r*0.51}), alpha(rgb(160, 130, 100), 0.5))
		}
		c.fill(stroke(r*0.1, arc(x, y, r, r*0.55, 0, 2*math.Pi, 36)...), rgb(110, 66, 40))
		c.fillPaint(ellipse(x, y, r*0.2, r*0.13), radial(pt{x, y}, r*0.2, r*0.13, stem, shade(stem, -0.2)))
		return
	}
	c.fillPaint(roundRect(x-r*0.18, y-r*0.35, r*0.36, r*0.62, r*0.12), linear(pt{x - r*0.2, 0}, stem, pt{x + r*0.2, 0}, shade(stem, -0.3)))
	cy := y - r*0.32
	c.fill(ellipse(x, cy+r*0.02, r*0.92, r*0.22), rgb(214, 196, 166)) // the gills under the rim
	brown := vary(c.rng, rgb(118, 70, 40), 10)
	c.fillPaint(dome(x, cy, r, r*0.18, r*0.55), radial(pt{x - r*0.25, cy - r*0.5}, r*1.1, r*0.7, shade(brown, 0.25), shade(brown, -0.5)))
	for range 9 { // the cracked pattern of the cap
		a := between(c.rng, math.Pi*1.12, math.Pi*1.88)
		d := between(c.rng, 0.25, 0.85)
		p := pt{x + math.Cos(a)*r*d, cy + r*0.1 + math.Sin(a)*r*0.55*d}
		q := p.add(pt{r * 0.14, 0}.rot(a + between(c.rng, -0.6, 0.6)))
		c.fill(stroke(r*0.035, p, p.add(q.sub(p).mul(0.5)).add(pt{1, -1}), q), alpha(rgb(236, 216, 188), 0.75))
	}
	c.fill(stroke(r*0.05, arc(x, cy, r*0.98, r*0.17, 0.05, math.Pi-0.05, 20)...), alpha(shade(brown, -0.3), 0.8))
}

func drawShiitake(c *canvas) {
	c.backdrop()
	c.basket(320, 425, 420, 44, rgb(196, 160, 96), func(cx, cy, rx, ry float64) {
		spots := []pt{{-0.55, -0.3}, {0.05, -0.45}, {0.6, -0.25}, {-0.3, 0.25}, {0.3, 0.3}}
		for _, p := range spots {
			c.mushroom(cx+p.x*rx+between(c.rng, -8, 8), cy+p.y*ry*1.6+between(c.rng, -4, 4), between(c.rng, 50, 62), false)
		}
	})
	c.mushroom(545, 448, 42, true)
	c.mushroom(100, 450, 36, false)
}

// pineBranch draws a twig of pine with bunches of needles, from base
// towards tip.
func (c *canvas) pineBranch(base, tip pt) {
	c.fill(stroke(5, curve(base, base.add(tip).mul(0.5).add(pt{0, -15}), tip, 12)...), rgb(110, 80, 50))
	for i := range 6 {
		p := base.add(tip.sub(base).mul(0.2 + float64(i)*0.15))
		for k := range 11 {
			a := -math.Pi/2 + (float64(k)-5)*0.22 + between(c.rng, -0.05, 0.05)
			if i%2 == 1 {
				a += math.Pi
			}
			c.fill(stroke(1.6, p, p.add(pt{math.Cos(a) * 55, math.Sin(a) * 40})), vary(c.rng, rgb(50, 100, 60), 12))
		}
	}
}

func drawPineNuts(c *canvas) {
	c.backdrop()
	c.pineBranch(pt{70, 330}, pt{290, 300})
	nut := rgb(240, 224, 184)
	kernel := func(p pt, l float64) {
		n := vary(c.rng, nut, 8)
		a := between(c.rng, 0, 2*math.Pi)
		slim := eggShape(p.x, p.y, l, 0).mapped(func(q pt) pt { return pt{q.x, p.y + (q.y-p.y)*0.62} })
		c.fillPaint(slim.rotated(p, a), radial(p.sub(pt{l * 0.15, l * 0.15}), l*0.6, l*0.5, shade(n, 0.25), shade(n, -0.3)))
		tip := p.add(pt{l * 0.5, 0}.rot(a))
		c.fill(circle(tip.x, tip.y, l*0.06), alpha(shade(n, -0.5), 0.8))
	}
	c.bowl(400, 362, 125, 62, c.ceramic(), func(rx, ry float64) {
		c.fillPaint(dome(400, 362, rx*0.97, ry*0.95, 42), linear(pt{0, 320}, shade(nut, -0.1), pt{0, 400}, shade(nut, -0.35)))
		for _, p := range c.inDome(400, 362, rx*0.93, ry*0.88, 42, 95) {
			kernel(p, 22)
		}
	})
	for _, p := range []pt{{180, 430}, {210, 446}, {244, 428}, {560, 448}} {
		c.shadow(p.x, p.y+5, 11, 3, 0.3)
		kernel(p, 22)
	}
}

// root draws one ginseng root lying from its neck at top along angle
// (0 points down), length l.
func (c *canvas) root(top pt, l, angle float64) {
	tan := vary(c.rng, rgb(226, 196, 146), 8)
	rot := func(p path) path { return p.rotated(top, angle) }
	c.soft(top.x, top.y+l*0.05, l*0.55, l*0.12, 0.2, alpha(black, 0.2))
	for range 12 { // fine rootlets
		s := pt{top.x + between(c.rng, -l*0.1, l*0.1), top.y + between(c.rng, l*0.45, l*0.9)}
		e := s.add(pt{between(c.rng, -l*0.3, l*0.3), between(c.rng, l*0.2, l*0.45)})
		c.fill(rot(stroke(1.3, curve(s, pt{(s.x + e.x) / 2, s.y + l*0.15}, e, 10)...)), shade(tan, -0.2))
	}
	for _, leg := range []float64{-1, 1} {
		c.fillPaint(rot(leafShape(pt{top.x + leg*l*0.05, top.y + l*0.4}, pt{top.x + leg*l*0.2, top.y + l*1.05}, l*0.13)), linear(top, tan, top.add(pt{0, l}), shade(tan, -0.25)))
	}
	body := leafShape(pt{top.x, top.y + l*0.02}, pt{top.x, top.y + l*0.75}, l*0.3)
	c.fill(rot(body.mapped(func(q pt) pt { return q.add(pt{0, 1.5}) })), shade(tan, -0.45))
	c.fillPaint(rot(body), linear(pt{top.x - l*0.1, 0}, shade(tan, 0.2), pt{top.x + l*0.12, 0}, shade(tan, -0.25)))
	for k := range 7 { // rings around the body
		y := top.y + l*(0.12+0.06*float64(k))
		c.fill(rot(stroke(1, pt{top.x - l*0.09, y}, pt{top.x + l*0.09, y + 2})), alpha(shade(tan, -0.45), 0.55))
	}
	c.fill(rot(stroke(l*0.06, top, pt{top.x, top.y - l*0.14})), shade(tan, -0.15))
	for k := range 4 { // the knobbly neck
		q := top.sub(pt{0, l * 0.035 * float64(k)})
		c.fill(rot(ellipse(q.x, q.y, l*0.04, l*0.015)), shade(tan, -0.3))
	}
}

func drawGinseng(c *canvas) {
	c.backdrop()
	c.giftBox(300, 370, 360, 120, c.pick(rgb(130, 28, 30), rgb(40, 40, 44), rgb(150, 110, 50)), c.pick(rgb(170, 30, 36), rgb(40, 84, 64), rgb(40, 50, 90)))
	c.root(pt{190, 350}, 190, -1.3)
	c.root(pt{230, 392}, 170, -1.5)
	for i := range 5 { // a ginseng plant: five leaflets and red berries
		a := -math.Pi/2 + (float64(i)-2)*0.5
		c.leaf(pt{505, 300}, pt{505 + 80*math.Cos(a), 300 + 80*math.Sin(a)}, 32, rgb(80, 140, 60))
	}
	c.fill(stroke(3, curve(pt{490, 440}, pt{500, 370}, pt{505, 300}, 10)...), rgb(90, 120, 60))
	for range 11 {
		x, y := 505+between(c.rng, -14, 14), 298+between(c.rng, -12, 8)
		c.fillPaint(circle(x, y, 6), radial(pt{x - 2, y - 2}, 6, 6, rgb(250, 90, 70), rgb(170, 20, 20)))
	}
}

func drawHoney(c *canvas) {
	c.backdrop()
	amber := vary(c.rng, rgb(226, 150, 30), 10)
	c.jar(280, 400, 170, 210, amber, c.pick(rgb(200, 160, 60), rgb(150, 100, 60), rgb(60, 60, 60)), c.pick(rgb(246, 236, 210), rgb(60, 50, 40), rgb(250, 250, 245)), 0.86)
	c.shadow(480, 446, 130, 12, 0.35) // the dipper lying in front
	wood := rgb(196, 150, 96)
	c.fill(stroke(12, pt{370, 446}, pt{500, 430}), wood)
	c.fill(stroke(4, pt{375, 442}, pt{495, 427}), alpha(white, 0.25))
	for i := range 6 {
		x := 505 + float64(i)*11
		c.fillPaint(ellipse(x, 428, 7, 24-float64(i%2)*5), linear(pt{x - 7, 0}, shade(wood, 0.2), pt{x + 7, 0}, shade(wood, -0.35)))
	}
	c.fillPaint(ellipse(545, 455, 34, 8), linear(pt{0, 447}, alpha(amber, 0.95), pt{0, 463}, shade(amber, -0.3))) // a drop of honey
	c.fill(stroke(6, pt{540, 440}, pt{542, 452}), alpha(amber, 0.9))
	c.soft(538, 452, 12, 3, 0.2, alpha(white, 0.6))
}

// fruit draws a round fruit at (x, y), radius r, with a blush and
// lenticels, as Yanbian apple-pears have.
func (c *canvas) fruit(x, y, r float64, skin, blush color.NRGBA) {
	c.shadow(x+r*0.15, y+r*0.85, r*1.1, r*0.3, 0.45)
	c.fillPaint(blob(c.rng, x, y, r, r*0.94, 0.03, 8), radial(pt{x - r*0.35, y - r*0.35}, r*1.5, r*1.5, shade(skin, 0.25), shade(skin, -0.35)))
	c.soft(x+r*0.25, y-r*0.05, r*0.75, r*0.7, 0.2, alpha(blush, 0.55))
	for range 26 {
		a, d := between(c.rng, 0, 2*math.Pi), math.Sqrt(c.rng.Float64())*r*0.85
		c.fill(circle(x+math.Cos(a)*d, y+math.Sin(a)*d*0.95, r*0.015), alpha(rgb(250, 240, 200), 0.7))
	}
	c.soft(x-r*0.38, y-r*0.42, r*0.25, r*0.16, 0.1, alpha(white, 0.6))
	c.fill(stroke(r*0.06, pt{x, y - r*0.82}, pt{x + r*0.08, y - r*1.15}), rgb(100, 70, 40))
}

func drawApplePear(c *canvas) {
	c.backdrop()
	skin := vary(c.rng, rgb(214, 204, 96), 8)
	blush := vary(c.rng, rgb(200, 80, 50), 10)
	c.basket(320, 420, 380, 70, rgb(186, 140, 80), func(cx, cy, rx, ry float64) {
		for _, p := range []pt{{-0.5, 0}, {0.05, -0.2}, {0.5, 0}} {
			c.fruit(cx+p.x*rx, cy+p.y*ry-42, 62, skin, blush)
		}
	})
	c.leaf(pt{385, 305}, pt{465, 268}, 34, rgb(80, 140, 60))
	c.fruit(555, 410, 46, skin, blush)
	c.shadow(110, 440, 50, 12, 0.4) // a halved fruit showing its flesh
	c.fill(ellipse(110, 428, 48, 42), shade(skin, -0.1))
	c.fillPaint(ellipse(110, 424, 44, 38), radial(pt{110, 424}, 44, 38, rgb(252, 248, 230), rgb(238, 228, 196)))
	for k := range 5 {
		a := float64(k) / 5 * 2 * math.Pi
		p := pt{110 + math.Cos(a)*9, 424 + math.Sin(a)*8}
		c.fill(ellipse(p.x, p.y, 4, 2).rotated(p, a), rgb(110, 70, 40))
	}
}

// berry draws a blueberry with its bloom and crown.
func (c *canvas) berry(x, y, r float64) {
	col := vary(c.rng, rgb(58, 66, 118), 10)
	c.fillPaint(circle(x, y, r), radial(pt{x - r*0.4, y - r*0.4}, r*1.6, r*1.6, rgb(120, 130, 170), shade(col, -0.4)))
	c.soft(x-r*0.3, y-r*0.35, r*0.35, r*0.25, 0.1, alpha(white, 0.45))
	a := between(c.rng, 0, math.Pi)
	cx, cy := x+r*0.15, y-r*0.1
	for k := range 5 {
		t := a + float64(k)/5*2*math.Pi
		c.fill(stroke(r*0.1, pt{cx, cy}, pt{cx + math.Cos(t)*r*0.25, cy + math.Sin(t)*r*0.25}), rgb(30, 30, 50))
	}
}

func drawBlueberry(c *canvas) {
	c.backdrop()
	c.leaf(pt{440, 440}, pt{560, 415}, 40, rgb(70, 130, 70))
	c.leaf(pt{440, 440}, pt{520, 372}, 34, rgb(80, 140, 70))
	c.bowl(310, 350, 160, 85, c.ceramic(), func(rx, ry float64) {
		c.fill(dome(310, 350, rx*0.97, ry*0.95, 44), rgb(40, 42, 80))
		for _, p := range c.inDome(310, 350, rx*0.92, ry*0.85, 44, 130) {
			c.berry(p.x, p.y, 14)
		}
	})
	for _, p := range []pt{{110, 430}, {140, 452}, {530, 455}, {575, 440}, {490, 462}} {
		c.shadow(p.x+3, p.y+10, 16, 5, 0.35)
		c.berry(p.x, p.y, 14)
	}
}

// eggShape returns an egg lying at (x, y), length l, its narrow end
// turned by angle from the right.
func eggShape(x, y, l, angle float64) path {
	ry, blunt, narrow := l*0.38, l*0.45, l*0.55
	x0 := x - l/2 + blunt // where the halves meet
	var p path
	p.moveTo(x0, y-ry)
	p.cubeTo(x0-blunt*kappa, y-ry, x0-blunt, y-ry*kappa, x0-blunt, y)
	p.cubeTo(x0-blunt, y+ry*kappa, x0-blunt*kappa, y+ry, x0, y+ry)
	p.cubeTo(x0+narrow*0.6, y+ry, x0+narrow, y+ry*0.45, x0+narrow, y)
	p.cubeTo(x0+narrow, y-ry*0.45, x0+narrow*0.6, y-ry, x0, y-ry)
	return p.rotated(pt{x, y}, angle)
}

// egg draws an egg lying at (x, y), length l, turned by angle.
func (c *canvas) egg(x, y, l, angle float64, col color.NRGBA) {
	c.shadow(x+l*0.05, y+l*0.32, l*0.55, l*0.14, 0.4)
	c.fillPaint(eggShape(x, y, l, angle), radial(pt{x - l*0.15, y - l*0.15}, l*0.7, l*0.55, shade(col, 0.3), shade(col, -0.3)))
	c.soft(x-l*0.14, y-l*0.16, l*0.16, l*0.08, 0.1, alpha(white, 0.5))
}

func drawEggs(c *canvas) {
	c.backdrop()
	shells := []color.NRGBA{rgb(214, 168, 122), rgb(236, 222, 196), rgb(200, 150, 104), rgb(226, 196, 160)}
	shell := func() color.NRGBA { return vary(c.rng, shells[c.rng.IntN(len(shells))], 6) }
	c.basket(300, 425, 380, 90, rgb(190, 150, 90), func(cx, cy, rx, ry float64) {
		for i := range 16 { // straw
			a := between(c.rng, -0.4, 0.4) + float64(i%2)*math.Pi
			s := pt{cx + between(c.rng, -rx, rx)*0.85, cy + between(c.rng, -ry, ry)*0.6}
			c.fill(stroke(2, s, s.add(pt{44, 0}.rot(a))), rgb(226, 196, 120))
		}
		for i := range 8 { // two rows, the back one first
			row, k := i/4, i%4
			x := cx - rx*0.66 + float64(k)*rx*0.44 + float64(row)*rx*0.1
			y := cy - 26 + float64(row)*24
			c.egg(x, y, 72, -math.Pi/2+between(c.rng, -0.35, 0.35), shell())
		}
	})
	c.egg(545, 440, 72, 0.3, shell())
	c.egg(95, 446, 66, -0.2, shell())
}

func drawChicken(c *canvas) {
	c.backdrop()
	c.plate(320, 380, 230, c.ceramic())
	gold := vary(c.rng, rgb(200, 120, 50), 10)
	for range 12 { // herbs around the bird
		a := between(c.rng, 0, 2*math.Pi)
		p := pt{320 + math.Cos(a)*180, 384 + math.Sin(a)*50}
		c.leaf(p, p.add(pt{26, 0}.rot(a+1)), 12, rgb(70, 130, 60))
	}
	for _, s := range []float64{-1, 1} { // drumsticks with their bone ends
		c.fill(stroke(10, pt{320 + s*120, 350}, pt{320 + s*165, 318}), rgb(246, 236, 220))
		c.fill(circle(320+s*167, 316, 8), rgb(246, 236, 220))
		c.fillPaint(ellipse(320+s*100, 362, 66, 40).rotated(pt{320 + s*100, 362}, s*0.55), radial(pt{320 + s*90, 345}, 70, 45, shade(gold, 0.25), shade(gold, -0.4)))
	}
	c.fillPaint(ellipse(320, 345, 130, 74), radial(pt{290, 310}, 150, 90, shade(gold, 0.35), shade(gold, -0.45)))
	for range 12 { // browned, crisp patches
		p := pt{320 + between(c.rng, -100, 100), 345 + between(c.rng, -50, 40)}
		c.soft(p.x, p.y, between(c.rng, 10, 22), between(c.rng, 6, 12), 0.2, alpha(shade(gold, -0.5), 0.35))
	}
	c.soft(295, 312, 52, 16, 0.2, alpha(rgb(255, 236, 190), 0.7))
	for _, s := range []float64{-1, 1} { // wings
		c.fillPaint(ellipse(320+s*98, 330, 42, 22).rotated(pt{320 + s*98, 330}, -s*0.45), radial(pt{320 + s*90, 320}, 40, 24, shade(gold, 0.2), shade(gold, -0.4)))
	}
	for _, p := range []pt{{205, 405}, {440, 410}} { // lemon wedges
		c.fill(dome(p.x, p.y, 26, 6, 20), rgb(240, 210, 60))
		c.fill(dome(p.x, p.y-2, 21, 4, 15), rgb(250, 236, 150))
	}
}
