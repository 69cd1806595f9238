package cases

import (
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// dateLayout is the canonical way to write a time.
const dateLayout = "2006-01-02 15:04"

// dates parses the times of one file. In the canonical layout (strict) only
// 2006-01-02 15:04[:05] (or with a T) is accepted; files an [[import]] table describes also
// take the forms real exports use:
//
//	2022-08-17, 2022/8/17 8:34, 2022.8.17 8:34:05, 2022年8月17日 8时34分, 20220817,
//	2022-08-17T08:34:05.123+08:00 (an offset or Z makes the time absolute), 8/17/2022 8:34 PM
//
// with day-first or month-first dates only when date_order says which (never a guess), Go
// layouts from date_layouts tried first, and Excel serial numbers (days since 1899-12-30) in
// .xlsx files or when date_layouts holds "excel". Times without an offset are in loc.
type dates struct {
	loc      *time.Location
	strict   bool
	serial   bool
	date1904 bool
	order    byte // 'd' day first, 'm' month first, 0 unknown
	layouts  []string
	zones    map[int]*time.Location
	hint     string // where to set date_order and date_layouts, for messages
}

// dateError says why a value is not a date; reason is a Reason key.
type dateError struct {
	reason string
	msg    string
}

func (d *dates) fail(reason, format string, args ...any) *dateError {
	return &dateError{reason: reason, msg: fmt.Sprintf(format, args...)}
}

// parse reads a trimmed, non-empty value.
func (d *dates) parse(b []byte) (time.Time, *dateError) {
	if d.strict {
		if t, ok := d.canonical(b); ok {
			return t, nil
		}
		if d.serial {
			if t, ok := d.excel(b); ok {
				return t, nil
			}
		}
		return time.Time{}, d.fail(ReasonBadDate, "bad date %q: write it as %s, e.g. 2022-08-17 08:34", b, dateLayout)
	}
	for _, l := range d.layouts {
		if l == "excel" {
			continue
		}
		if t, err := time.ParseInLocation(l, string(b), d.loc); err == nil {
			return t.In(d.loc), nil
		}
	}
	if d.serial {
		if t, ok := d.excel(b); ok {
			return t, nil
		}
	}
	return d.lenient(b)
}

// canonical parses 2006-01-02 15:04 with optional :05 and fraction, a space or T between.
func (d *dates) canonical(b []byte) (time.Time, bool) {
	if len(b) < 15 || b[4] != '-' || b[7] != '-' || (b[10] != ' ' && b[10] != 'T') {
		return time.Time{}, false
	}
	y, ok1 := digits(b[0:4])
	mo, ok2 := digits(b[5:7])
	dd, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	i := 11
	for b[10] == ' ' && i < len(b) && b[i] == ' ' { // Go's layouts take a run of spaces for one
		i++
	}
	c := clock{}
	n, ok := c.scan(b[i:], false)
	if !ok || i+n != len(b) || c.ampm != 0 {
		return time.Time{}, false
	}
	return d.make(y, mo, dd, c, 0, false)
}

// lenient parses the forms listed on dates.
func (d *dates) lenient(b []byte) (time.Time, *dateError) {
	bad := func() *dateError {
		if looksSerial(b) {
			return d.fail(ReasonBadDate, "bad date %q: this looks like an Excel serial date (days since 1899-12-30): add \"excel\" to date_layouts in %s", b, d.hint)
		}
		return d.fail(ReasonBadDate, "bad date %q: write it as 2022-08-17 08:34, or add its layout (a Go layout such as \"2006/1/2 15:04\") to date_layouts in %s", b, d.hint)
	}
	i, a := number(b, 0)
	var y, mo, dd int
	switch {
	case i == 8 && (len(b) == 8 || b[8] == ' ' || b[8] == 'T'):
		y, mo, dd = a/10000, a/100%100, a%100
	case i == 4 && i < len(b):
		sep := b[i]
		if sep != '-' && sep != '/' && sep != '.' && !hasAt(b, i, "年") {
			return time.Time{}, bad()
		}
		i += sepLen(b, i)
		j, m := number(b, i)
		if j-i < 1 || j-i > 2 || j >= len(b) {
			return time.Time{}, bad()
		}
		if sep < 0x80 && b[j] != sep || sep >= 0x80 && !hasAt(b, j, "月") {
			return time.Time{}, bad()
		}
		j += sepLen(b, j)
		k, day := number(b, j)
		if k-j < 1 || k-j > 2 {
			return time.Time{}, bad()
		}
		if hasAt(b, k, "日") {
			k += len("日")
		}
		y, mo, dd, i = a, m, day, k
	case (i == 1 || i == 2) && i < len(b):
		sep := b[i]
		if sep != '/' && sep != '-' && sep != '.' {
			return time.Time{}, bad()
		}
		j, m := number(b, i+1)
		if j-i-1 < 1 || j-i-1 > 2 || j >= len(b) || b[j] != sep {
			return time.Time{}, bad()
		}
		k, yy := number(b, j+1)
		switch {
		case k-j-1 == 2:
			return time.Time{}, d.fail(ReasonBadDate, "date %q has a two-digit year: export four-digit years", b)
		case k-j-1 != 4:
			return time.Time{}, bad()
		}
		switch d.order {
		case 'd':
			dd, mo = a, m
		case 'm':
			mo, dd = a, m
		default:
			return time.Time{}, d.fail(ReasonAmbiguousDate, "ambiguous date %q: %s could be day and month or month and day, and gongshi never guesses: set date_order = \"dmy\" or \"mdy\" in %s", b, b[:j], d.hint)
		}
		y, i = yy, k
	default:
		return time.Time{}, bad()
	}
	c := clock{}
	if i < len(b) {
		start := i
		for i < len(b) && (b[i] == ' ' || b[i] == 'T') {
			i++
		}
		if i == start && !hasAt(b, start-len("日"), "日") {
			return time.Time{}, bad()
		}
		n, ok := c.scan(b[i:], true)
		if !ok {
			return time.Time{}, bad()
		}
		i += n
	}
	off, zoned, n, ok := zone(b[i:])
	if !ok || i+n != len(b) {
		return time.Time{}, bad()
	}
	t, ok := d.make(y, mo, dd, c, off, zoned)
	if !ok {
		return time.Time{}, d.fail(ReasonBadDate, "bad date %q: no such day or time", b)
	}
	return t, nil
}

// make builds the time, checking the calendar; zoned times are absolute and shown in loc.
func (d *dates) make(y, mo, dd int, c clock, off int, zoned bool) (time.Time, bool) {
	if mo < 1 || mo > 12 || dd < 1 || dd > daysIn(mo, y) || c.h > 23 || c.m > 59 || c.s > 59 {
		return time.Time{}, false
	}
	h := c.h
	switch c.ampm {
	case 'a':
		if h < 1 || h > 12 {
			return time.Time{}, false
		}
		h %= 12
	case 'p':
		if h < 1 || h > 12 {
			return time.Time{}, false
		}
		h = h%12 + 12
	}
	if !zoned {
		return time.Date(y, time.Month(mo), dd, h, c.m, c.s, c.ns, d.loc), true
	}
	z, ok := d.zones[off]
	if !ok {
		if d.zones == nil {
			d.zones = map[int]*time.Location{}
		}
		z = time.FixedZone("", off)
		d.zones[off] = z
	}
	return time.Date(y, time.Month(mo), dd, h, c.m, c.s, c.ns, z).In(d.loc), true
}

// excel reads an Excel serial date with excelize's conversion.
func (d *dates) excel(b []byte) (time.Time, bool) {
	for _, c := range b {
		if (c < '0' || c > '9') && c != '.' {
			return time.Time{}, false
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || v < 1 || v >= 2958466 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(v, d.date1904)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, d.loc), true
}

// looksSerial reports whether b is a number in the range of Excel serial dates from 1900 on.
func looksSerial(b []byte) bool {
	j, v := number(b, 0)
	if j == 0 || j < len(b) && b[j] != '.' {
		return false
	}
	if j < len(b) {
		if k, _ := number(b, j+1); k != len(b) || k == j+1 {
			return false
		}
	}
	return j <= 7 && v >= 1 && v < 2958466
}

// clock is a time of day.
type clock struct {
	h, m, s, ns int
	ampm        byte // 'a', 'p' or 0
}

// scan reads H:MM[:SS[.fff]] (and, when lenient, 8时34分[5秒], AM/PM, 上午/下午) and
// returns how many bytes it took.
func (c *clock) scan(b []byte, lenient bool) (int, bool) {
	i := 0
	if lenient {
		if hasAt(b, 0, "上午") {
			c.ampm, i = 'a', len("上午")
		} else if hasAt(b, 0, "下午") {
			c.ampm, i = 'p', len("下午")
		}
	}
	j, h := number(b, i)
	if j-i < 1 || j-i > 2 || j >= len(b) {
		return 0, false
	}
	c.h = h
	cn := false // 时 分 秒
	switch {
	case b[j] == ':':
		j++
	case lenient && (hasAt(b, j, "时") || hasAt(b, j, "点")):
		cn = true
		j += len("时")
	default:
		return 0, false
	}
	k, m := number(b, j)
	if k-j != 2 && !(cn && k-j == 1) {
		return 0, false
	}
	c.m = m
	if cn && hasAt(b, k, "分") {
		k += len("分")
	}
	if !cn && k < len(b) && b[k] == ':' || cn && k < len(b) && b[k] >= '0' && b[k] <= '9' {
		if !cn {
			k++
		}
		l, s := number(b, k)
		if l-k != 2 && !(cn && l-k == 1) {
			return 0, false
		}
		c.s, k = s, l
		if cn && hasAt(b, k, "秒") {
			k += len("秒")
		}
		if !cn && k < len(b) && (b[k] == '.' || b[k] == ',') {
			l, f := number(b, k+1)
			if l == k+1 {
				return 0, false
			}
			scale := 1
			for n := l - k - 1; n < 9; n++ {
				scale *= 10
			}
			c.ns = f * scale // digits after the ninth are dropped, as time.Parse does
			k = l
		}
	}
	if lenient && c.ampm == 0 {
		e := k
		for e < len(b) && b[e] == ' ' {
			e++
		}
		if e+2 <= len(b) && (b[e]|0x20 == 'a' || b[e]|0x20 == 'p') && b[e+1]|0x20 == 'm' {
			c.ampm = b[e] | 0x20
			k = e + 2
		}
	}
	return k, true
}

// zone reads an optional Z, +08:00, +0800 or +08 (after optional spaces) and returns the
// offset in seconds, whether there was one, and the bytes taken.
func zone(b []byte) (off int, zoned bool, n int, ok bool) {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i == len(b) {
		return 0, false, i, true
	}
	switch b[i] {
	case 'Z', 'z':
		return 0, true, i + 1, true
	case '+', '-':
	default:
		if hasAt(b, i, "UTC") || hasAt(b, i, "GMT") {
			j := i + 3
			if j == len(b) {
				return 0, true, j, true
			}
			i = j
			if b[i] != '+' && b[i] != '-' {
				return 0, false, 0, false
			}
		} else {
			return 0, false, 0, false
		}
	}
	sign := 1
	if b[i] == '-' {
		sign = -1
	}
	j, hh := number(b, i+1)
	mm := 0
	switch j - i - 1 {
	case 2:
		if j < len(b) && b[j] == ':' {
			k, m := number(b, j+1)
			if k-j-1 != 2 {
				return 0, false, 0, false
			}
			mm, j = m, k
		}
	case 4:
		hh, mm = hh/100, hh%100
	default:
		return 0, false, 0, false
	}
	if hh > 14 || mm > 59 {
		return 0, false, 0, false
	}
	return sign * (hh*3600 + mm*60), true, j, true
}

// number reads the decimal digits of b from i and returns where they end and their value
// (at most 9 digits are summed, so it cannot overflow).
func number(b []byte, i int) (int, int) {
	v, j := 0, i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		if j-i < 9 {
			v = v*10 + int(b[j]-'0')
		}
		j++
	}
	return j, v
}

func digits(b []byte) (int, bool) {
	j, v := number(b, 0)
	return v, j == len(b)
}

func hasAt(b []byte, i int, s string) bool {
	return i >= 0 && i+len(s) <= len(b) && string(b[i:i+len(s)]) == s
}

// sepLen is the length of the date separator at b[i]: one byte, or a Chinese character.
func sepLen(b []byte, i int) int {
	if b[i] < 0x80 {
		return 1
	}
	return len("年")
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
