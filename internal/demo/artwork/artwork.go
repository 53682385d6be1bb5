// Package artwork draws the product pictures of the demo shop.
//
// The demo data set has about 130 products, village stores and villages,
// and a shop without pictures does not look like one. Draw paints a
// recognisable picture of a subject (a bowl of rice, a jar of honey, a
// Korean village) procedurally, with anti-aliased vector shapes, in the
// style of a product photo: a soft wall, a wooden table or a linen cloth,
// the product on a plate, in a bowl or in its package, a soft shadow. The
// seed varies colours and composition so that two products of the same
// subject do not look identical; the same seed always gives the same
// picture.
package artwork

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/jpeg"
	"math/rand/v2"
)

// The subjects Draw knows. Any other subject draws a basket of produce.
const (
	Rice          = "rice"
	GlutinousRice = "glutinous_rice"
	Millet        = "millet"
	WoodEar       = "wood_ear"
	Shiitake      = "shiitake"
	PineNuts      = "pine_nuts"
	Ginseng       = "ginseng"
	Honey         = "honey"
	ApplePear     = "apple_pear"
	Blueberry     = "blueberry"
	Eggs          = "eggs"
	Chicken       = "chicken"
	Kimchi        = "kimchi"
	Doenjang      = "doenjang"
	ChiliPaste    = "chili_paste"
	RiceCake      = "rice_cake"
	ColdNoodles   = "cold_noodles"
	DriedFish     = "dried_fish"
	Woodcraft     = "woodcraft"
	StrawCraft    = "straw_craft"
	Doll          = "doll"
	FarmStay      = "farm_stay"
	Picking       = "picking"
	VillageTour   = "village_tour"
	Tickets       = "tickets"
	Store         = "store"   // a village shop front, for store cover photos
	Village       = "village" // a village among mountains, for village pages
)

// subjects maps each subject to the function that draws it, in the order
// Subjects lists them.
var subjects = []struct {
	name string
	draw func(*canvas)
}{
	{Rice, drawRice},
	{GlutinousRice, drawGlutinousRice},
	{Millet, drawMillet},
	{WoodEar, drawWoodEar},
	{Shiitake, drawShiitake},
	{PineNuts, drawPineNuts},
	{Ginseng, drawGinseng},
	{Honey, drawHoney},
	{ApplePear, drawApplePear},
	{Blueberry, drawBlueberry},
	{Eggs, drawEggs},
	{Chicken, drawChicken},
	{Kimchi, drawKimchi},
	{Doenjang, drawDoenjang},
	{ChiliPaste, drawChiliPaste},
	{RiceCake, drawRiceCake},
	{ColdNoodles, drawColdNoodles},
	{DriedFish, drawDriedFish},
	{Woodcraft, drawWoodcraft},
	{StrawCraft, drawStrawCraft},
	{Doll, drawDoll},
	{FarmStay, drawFarmStay},
	{Picking, drawPicking},
	{VillageTour, drawVillageTour},
	{Tickets, drawTickets},
	{Store, drawStore},
	{Village, drawVillage},
}

// Subjects returns the subjects Draw knows, in a stable order.
func Subjects() []string {
	names := make([]string, len(subjects))
	for i, s := range subjects {
		names[i] = s.name
	}
	return names
}

// Draw returns a w×h picture of subject. The seed varies colours and
// composition; the same subject, seed and size always give the same
// pixels. An unknown subject draws a basket of produce. Sizes below 1×1
// are treated as 1×1; the picture is designed for 4:3 and other shapes
// extend its background.
func Draw(subject string, seed uint64, w, h int) image.Image {
	h64 := fnv.New64a()
	h64.Write([]byte(subject))
	rng := rand.New(rand.NewPCG(seed, h64.Sum64()))
	c := newCanvas(max(w, 1), max(h, 1), rng)
	draw := drawBasket
	for _, s := range subjects {
		if s.name == subject {
			draw = s.draw
		}
	}
	draw(c)
	c.finish()
	return c.img
}

// JPEG returns Draw's picture encoded as a JPEG of quality 85.
func JPEG(subject string, seed uint64, w, h int) []byte {
	var buf bytes.Buffer
	// Encoding an in-memory image into a buffer cannot fail.
	_ = jpeg.Encode(&buf, Draw(subject, seed, w, h), &jpeg.Options{Quality: 85})
	return buf.Bytes()
}
