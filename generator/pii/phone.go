package pii

import "strings"

// Mobile numbers (SPEC §4.3) and landlines (§4.4), with the "not phones" list.

// phoneHotwords make a bare local number (7–8 digits) a landline.
var phoneHotwords = []string{"电话", "座机", "固话", "号码", "致电", "拨打", "回电", "联系方式", "手机", "来电号", "Tel", "TEL", "tel"}

// tightPhoneLabels must stand right before a compact-date-looking number to make it a phone.
var tightPhoneLabels = []string{"电话", "座机", "固话", "号码", "手机", "拨打", "致电", "回电"}

// isMobile reports the wide mobile range 1[3-9] + 9 digits.
func isMobile(c []byte) bool {
	return len(c) == 11 && c[0] == '1' && c[1] >= '3' && c[1] <= '9' && allDigits(c)
}

// areaCodeLen returns the length of a valid trunk-prefixed area code at the start of c
// (010, 02x, 0[3-9]xx), or 0.
func areaCodeLen(c []byte) int {
	if len(c) < 4 || c[0] != '0' {
		return 0
	}
	switch {
	case c[1] == '1' && c[2] == '0':
		return 3
	case c[1] == '2':
		return 3
	case c[1] >= '3' && c[1] <= '9':
		return 4
	}
	return 0
}

// landline checks a canonical number with area code. sepAt reports whether the writing had a
// separator before canonical index i (an extension must be separated). It returns the local
// number (for allowlist matching) and whether the number is a landline.
func landline(c []byte, sepAt func(int) bool) ([]byte, bool) {
	if !allDigits(c) {
		return nil, false
	}
	a := areaCodeLen(c)
	if a == 0 {
		return nil, false
	}
	rest := c[a:]
	if len(rest) == 0 || rest[0] < '2' {
		return nil, false
	}
	lens := []int{8}
	if a == 4 {
		lens = []int{8, 7}
	}
	for _, l := range lens {
		e := len(rest) - l
		if e == 0 {
			return rest, true
		}
		if e > 0 && e <= 5 && sepAt(a+l) {
			return rest[:l], true
		}
	}
	return nil, false
}

// serviceNumber reports public service numbers that are never personal: the configured list,
// 3-digit emergency numbers, 1xxxx government hotlines, 95xxx/96xxx, 100xx, 400/800 numbers.
func (d *Detector) serviceNumber(c []byte) bool {
	if d.lex.service[string(c)] {
		return true
	}
	switch {
	case len(c) == 3 && c[0] == '1':
		return true
	case len(c) == 5 && c[0] == '1':
		return true
	case len(c) >= 5 && len(c) <= 8 && c[0] == '9' && (c[1] == '5' || c[1] == '6'):
		return true
	case len(c) == 10 && (string(c[:3]) == "400" || string(c[:3]) == "800"):
		return true
	}
	return false
}

// isPublicNumber compares canonical digits with the public_numbers allowlist, also matching a
// bare local number against an allowlisted number with area code.
func (d *Detector) isPublicNumber(c []byte, local bool) bool {
	if len(d.publicNumbers) == 0 {
		return false
	}
	if d.publicNumbers[string(c)] {
		return true
	}
	if local {
		for n := range d.publicNumbers {
			if len(n) > len(c) && strings.HasSuffix(n, string(c)) && areaCodeLen([]byte(n)) == len(n)-len(c) {
				return true
			}
		}
	}
	return false
}

// compactDate reports an 8-digit yyyymmdd between 1950 and 2099 (a compact date, not a phone,
// unless a phone label stands right before it).
func compactDate(c []byte) bool {
	if len(c) != 8 || !allDigits(c) {
		return false
	}
	y, m, dd := atoi(c[:4]), atoi(c[4:6]), atoi(c[6:8])
	return y >= 1950 && y <= 2099 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31
}

// extensionAfter returns the end of an extension written after a landline ("转959",
// "分机 12", "ext.3"), or p when there is none.
func extensionAfter(s string, p int) int {
	q := p
	switch {
	case strings.HasPrefix(s[q:], "转"):
		q += len("转")
	case strings.HasPrefix(s[q:], "分机"):
		q += len("分机")
	case len(s)-q >= 3 && strings.EqualFold(s[q:q+3], "ext"):
		q += 3
		if q < len(s) && s[q] == '.' {
			q++
		}
	default:
		return p
	}
	for q < len(s) && (s[q] == ' ' || s[q] == ':') {
		q++
	}
	ds := q
	for q < len(s) && isDigit(s[q]) {
		q++
	}
	if n := q - ds; n < 1 || n > 5 || (q < len(s) && isASCIILetter(s[q])) {
		return p
	}
	return q
}
