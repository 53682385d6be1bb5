// Package chinatime is the one time zone maeul dates things in: China
// Standard Time, UTC+8, which the whole country keeps without daylight
// saving. Days, months and years of sales, links, periods, promotions and
// reports are China's, whatever the server's zone.
package chinatime

import "time"

// Offset is China Standard Time's offset from UTC.
const Offset = 8 * time.Hour

// Zone is China Standard Time as a fixed zone, so that no host's tz
// database is needed.
var Zone = time.FixedZone("CST", int(Offset/time.Second))
