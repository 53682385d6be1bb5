package artwork

import (
	"image/color"
	"math"
)

// The handicrafts, and the produce basket drawn for unknown subjects.

// duck draws a carved wooden wedding duck (wonang) facing dir (1 right,
// -1 left), standing at (x, base), with painted wing, bill and collar.
func (c *canvas) duck(x, base, size, dir float64, wood, paint color.NRGBA) {
	c.shadow(x, base, size*0.62, size*0.09, 0.45)
	m := func(p path) path { return p.mapped(func(q pt) pt { return pt{x + (q.x-x)*dir, q.y} }) }
	s := size
	var body path // a plump body with a raised tail
	body.moveTo(x-s*0.62, base-s*0.5)
	body.cubeTo(x-s*0.55, base-s*0.18, x-s*0.32, base, x, base)
	body.cubeTo(x+s*0.32, base, x+s*0.56, base-s*0.12, x+s*0.52, base-s*0.36)
	body.cubeTo(x+s*0.48, base-s*0.52, x+s*0.1, base-s*0.46, x-s*0.2, base-s*0.42)
	body.cubeTo(x-s*0.4, base-s*0.4, x-s*0.52, base-s*0.44, x-s*0.62, base-s*0.5)
	c.fillPaint(m(body), radial(pt{x - s*0.05*dir, base - s*0.38}, s*0.7, s*0.45, shade(wood, 0.25), shade(wood, -0.4)))
	var neck path
	neck.moveTo(x+s*0.22, base-s*0.4)
	neck.cubeTo(x+s*0.3, base-s*0.62, x+s*0.28, base-s*0.7, x+s*0.32, base-s*0.8)
	neck.lineTo(x+s*0.52, base-s*0.8)
	neck.cubeTo(x+s*0.5, base-s*0.62, x+s*0.54, base-s*0.5, x+s*0.5, base-s*0.36)
	c.fillPaint(m(neck), linear(pt{0, base - s*0.85}, shade(wood, 0.15), pt{0, base - s*0.4}, shade(wood, -0.3)))
	c.fillPaint(m(ellipse(x+s*0.42, base-s*0.84, s*0.15, s*0.13)), radial(pt{x + s*0.38*dir, base - s*0.9}, s*0.16, s*0.16, shade(wood, 0.3), shade(wood, -0.3)))
	c.fill(m(leafShape(pt{x + s*0.5, base - s*0.82}, pt{x + s*0.74, base - s*0.78}, s*0.09)), paint)
	c.fill(m(circle(x+s*0.45, base-s*0.87, s*0.022)), black)
	c.fill(m(stroke(s*0.03, pt{x + s*0.31, base - s*0.7}, pt{x + s*0.53, base - s*0.68})), rgb(40, 90, 160))
	c.fillPaint(m(leafShape(pt{x - s*0.42, base - s*0.36}, pt{x + s*0.28, base - s*0.28}, s*0.2)), linear(pt{0, base - s*0.45}, shade(paint, 0.2), pt{0, base - s*0.2}, shade(paint, -0.3)))
	for k := range 5 { // carved feathers on the wing
		fx := x - s*0.25 + float64(k)*s*0.1
		c.fill(m(stroke(s*0.012, pt{fx, base - s*0.38}, pt{fx - s*0.08, base - s*0.26})), alpha(shade(paint, -0.5), 0.6))
	}
}

func drawWoodcraft(c *canvas) {
	c.backdrop()
	wood := vary(c.rng, rgb(176, 128, 82), 12)
	c.duck(205, 425, 180, 1, wood, c.pick(rgb(190, 40, 40), rgb(60, 130, 90)))
	c.duck(455, 415, 165, -1, shade(wood, -0.08), c.pick(rgb(40, 90, 160), rgb(210, 150, 40)))
}

func drawStrawCraft(c *canvas) {
	c.backdrop()
	straw := vary(c.rng, rgb(214, 180, 108), 8)
	c.basket(250, 420, 260, 130, straw, nil)
	c.fillPaint(dome(250, 290, 136, 34, 60), radial(pt{220, 240}, 150, 80, shade(straw, 0.2), shade(straw, -0.35)))
	for i := range 9 { // the lid's spiral coils
		c.fill(stroke(2, arc(250, 290-float64(i)*6, 130-float64(i)*14, 30-float64(i)*3, math.Pi, 2*math.Pi, 24)...), alpha(shade(straw, -0.4), 0.5))
	}
	c.fill(stroke(8, curve(pt{230, 236}, pt{250, 215}, pt{270, 236}, 10)...), shade(straw, -0.2))
	c.shadow(470, 440, 90, 18, 0.4) // a plaited coaster
	c.fill(ellipse(470, 430, 86, 26), shade(straw, -0.3))
	for i := range 8 {
		c.fill(stroke(3.5, arc(470, 428, 82-float64(i)*10, 24-float64(i)*3, 0, 2*math.Pi, 40)...), shade(straw, 0.15-0.05*float64(i%2)))
	}
}

func drawDoll(c *canvas) {
	c.backdrop()
	c.zoom(0.88, pt{320, 440}, pt{320, 455}) // the doll is tall: step back
	skirt := vary(c.rng, c.pick(rgb(210, 50, 80), rgb(60, 90, 170), rgb(200, 60, 40), rgb(120, 60, 140)), 8)
	jacket := vary(c.rng, c.pick(rgb(246, 210, 70), rgb(120, 190, 120), rgb(250, 240, 230), rgb(240, 170, 190)), 8)
	cx := 320.0
	c.fillPaint(ellipse(cx, 440, 110, 18), linear(pt{0, 425}, rgb(120, 70, 40), pt{0, 455}, rgb(80, 44, 24))) // stand
	c.shadow(cx, 440, 120, 20, 0.4)
	var sk path // chima: a bell from the chest to the floor
	sk.moveTo(cx-40, 230)
	sk.cubeTo(cx-70, 300, cx-110, 380, cx-105, 435)
	sk.cubeTo(cx-40, 450, cx+40, 450, cx+105, 435)
	sk.cubeTo(cx+110, 380, cx+70, 300, cx+40, 230)
	c.fillPaint(sk, radial(pt{cx - 40, 320}, 150, 200, shade(skirt, 0.25), shade(skirt, -0.35)))
	for _, x := range []float64{-50, -15, 25, 60} { // pleats
		c.fill(stroke(1.5, pt{cx + x*0.4, 250}, pt{cx + x*1.4, 440}), alpha(shade(skirt, -0.4), 0.4))
	}
	var jk path // jeogori: a short jacket
	jk.moveTo(cx-34, 190)
	jk.lineTo(cx+34, 190)
	jk.cubeTo(cx+46, 210, cx+48, 240, cx+44, 252)
	jk.lineTo(cx-44, 252)
	jk.cubeTo(cx-48, 240, cx-46, 210, cx-34, 190)
	c.fillPaint(jk, linear(pt{cx - 40, 0}, shade(jacket, 0.2), pt{cx + 40, 0}, shade(jacket, -0.2)))
	stripes := []color.NRGBA{rgb(220, 50, 50), rgb(250, 200, 40), rgb(60, 160, 80), rgb(60, 100, 200), rgb(240, 120, 170), rgb(250, 250, 250)}
	for _, s := range []float64{-1, 1} { // sleeves in saekdong stripes, shoulder to wrist
		sh, wr := pt{cx + s*36, 202}, pt{cx + s*84, 262}
		d := wr.sub(sh)
		n := pt{-d.y, d.x}.mul(13 / d.len())
		for k, col := range stripes {
			a, b := sh.add(d.mul(float64(k)/6)), sh.add(d.mul(float64(k+1)/6))
			c.fill(poly(a.add(n), b.add(n), b.sub(n), a.sub(n)), col)
		}
		c.fill(poly(wr.add(n), wr.add(n).add(d.mul(0.08)), wr.sub(n).add(d.mul(0.08)), wr.sub(n)), jacket)
		c.fill(circle(wr.x+d.x*0.14, wr.y+d.y*0.14, 8), rgb(246, 222, 200))
	}
	c.fill(poly(pt{cx - 10, 192}, pt{cx, 214}, pt{cx + 10, 192}), rgb(250, 250, 250)) // collar
	c.fill(stroke(6, pt{cx + 2, 216}, pt{cx + 14, 280}), shade(skirt, -0.1))          // goreum
	c.fill(stroke(6, pt{cx + 2, 216}, pt{cx + 24, 268}), shade(skirt, -0.1))
	c.fill(stroke(14, pt{cx, 176}, pt{cx, 192}), rgb(246, 222, 200)) // neck and head
	c.fillPaint(ellipse(cx, 150, 32, 38), radial(pt{cx - 8, 140}, 40, 44, rgb(252, 232, 214), rgb(232, 196, 170)))
	var hair path
	hair.moveTo(cx-33, 150)
	hair.cubeTo(cx-36, 100, cx+36, 100, cx+33, 150)
	hair.cubeTo(cx+26, 124, cx-26, 124, cx-33, 150)
	c.fill(hair, rgb(30, 26, 28))
	c.fill(stroke(1.2, pt{cx, 114}, pt{cx, 126}), rgb(90, 80, 80))             // the parting
	c.fill(stroke(3.5, pt{cx - 46, 128}, pt{cx - 26, 122}), rgb(230, 190, 60)) // binyeo
	for _, s := range []float64{-1, 1} {
		c.fill(stroke(2.4, pt{cx + s*9 - 4, 152}, pt{cx + s*9 + 4, 152}), rgb(50, 40, 40))
		c.soft(cx+s*16, 164, 7, 4, 0.1, alpha(rgb(240, 120, 120), 0.5))
	}
	c.fill(stroke(2, curve(pt{cx - 5, 170}, pt{cx, 173}, pt{cx + 5, 170}, 6)...), rgb(200, 80, 80))
}

func drawBasket(c *canvas) {
	c.backdrop()
	c.basket(320, 420, 380, 80, rgb(186, 140, 80), func(cx, cy, rx, ry float64) {
		c.fillPaint(circle(cx-rx*0.45, cy-34, 56), radial(pt{cx - rx*0.5, cy - 60}, 70, 70, rgb(170, 220, 140), rgb(70, 130, 60))) // cabbage
		for k := range 4 {
			c.fill(stroke(2, curve(pt{cx - rx*0.45, cy + 10}, pt{cx - rx*0.45 + float64(k-2)*20, cy - 40}, pt{cx - rx*0.45 + float64(k-2)*30, cy - 80}, 8)...), alpha(rgb(230, 250, 210), 0.6))
		}
		for i := range 3 {
			c.fruit(cx+rx*0.1+float64(i)*40, cy-30+float64(i%2)*14, 34, rgb(220, 60, 40), rgb(180, 20, 20)) // tomatoes
		}
		for i := range 3 { // carrots, tops up
			s := pt{cx + rx*0.45 + float64(i)*22, cy - 70 + float64(i)*6}
			for k := range 3 {
				c.leaf(s, s.add(pt{float64(k-1) * 18, -50}), 12, rgb(80, 150, 60))
			}
			c.fillPaint(leafShape(s, s.add(pt{40, 110}), 30), linear(s, rgb(250, 150, 50), s.add(pt{40, 110}), rgb(220, 100, 30)))
		}
	})
}
