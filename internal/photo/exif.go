package photo

import (
	"bytes"
	"encoding/binary"
)

// orientation is the EXIF orientation tag (0x0112): how the stored pixels
// must be turned to display the photo upright. 1 is upright; 2–8 mirror
// and/or rotate; 5–8 swap width and height.
type orientation int

// swapsAxes reports whether the upright photo is the stored one turned on
// its side, so that its width is the stored height.
func (o orientation) swapsAxes() bool { return o >= 5 && o <= 8 }

// jpegOrientation returns the orientation recorded in the EXIF block (the
// APP1 segment starting "Exif\0\0") of the JPEG data b, or 1 when there is
// none or it cannot be read: a damaged EXIF block never makes a photo
// unusable.
func jpegOrientation(b []byte) orientation {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return 1
		}
		marker := b[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD7:
			i += 2 // markers without a length
			continue
		case marker == 0xDA || marker == 0xD9:
			return 1 // start of scan or end of image: no EXIF before the pixels
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads the orientation tag from the first IFD of the TIFF
// structure t that an EXIF block holds, or returns 1.
func tiffOrientation(t []byte) orientation {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[ifd:]))
	for k := range count {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		// An entry is tag (2), type (2), count (4), value (4); the
		// orientation is one SHORT (type 3) stored in the value's first
		// two bytes.
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if o := orientation(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}

// orient returns the planes turned upright according to o; for
// orientation 1 it returns them unchanged.
func (ps planes) orient(o orientation) planes {
	if o <= 1 || o > 8 {
		return ps
	}
	for i, p := range ps.c {
		ps.c[i] = orientPlane(p, o)
	}
	return ps
}

func orientPlane(p plane, o orientation) plane {
	sw, sh := p.w, p.h
	dw, dh := sw, sh
	if o.swapsAxes() {
		dw, dh = sh, sw
	}
	out := newPlane(dw, dh)
	for y := range dh {
		row := out.row(y)
		for x := range row {
			var sx, sy int
			switch o {
			case 2: // mirrored left to right
				sx, sy = sw-1-x, y
			case 3: // turned half a turn
				sx, sy = sw-1-x, sh-1-y
			case 4: // mirrored top to bottom
				sx, sy = x, sh-1-y
			case 5: // mirrored along the main diagonal
				sx, sy = y, x
			case 6: // needs a quarter turn clockwise
				sx, sy = y, sh-1-x
			case 7: // mirrored along the other diagonal
				sx, sy = sw-1-y, sh-1-x
			case 8: // needs a quarter turn anticlockwise
				sx, sy = sw-1-y, x
			}
			row[x] = p.pix[sy*p.stride+sx]
		}
	}
	return out
}
