package pii

import "unicode/utf8"

// normText is the normalised view of a text (SPEC §3) with the maps back to the original.
//
// Every normalised rune comes from exactly one original rune (folding is one rune to one rune,
// deletion drops runes), so a normalised span maps to the original span from the start of its
// first rune to the end of its last rune.
type normText struct {
	s     string  // normalised text
	runes []rune  // normalised runes
	rb    []int32 // rune index -> byte offset in s (len(runes)+1 entries)
	b2r   []int32 // byte offset in s -> rune index (len(s)+1 entries; inside a rune: that rune)
	os    []int32 // rune index -> original start byte
	oe    []int32 // rune index -> original end byte
	buf   []byte
}

// dateMask replaces the runes of a date or time so that "2023-08-17 14:35" is not glued into a
// number; '#' is neutral for every detector.
const dateMask = '#'

func (nt *normText) reset() {
	nt.runes = nt.runes[:0]
	nt.rb = nt.rb[:0]
	nt.b2r = nt.b2r[:0]
	nt.os = nt.os[:0]
	nt.oe = nt.oe[:0]
	nt.buf = nt.buf[:0]
}

// normalise fills nt with the normalised view of text.
func (nt *normText) normalise(text string) { nt.normaliseAs(text, false) }

// normaliseAs is normalise; plain takes normalisePlain, the reference that the differential
// tests hold the fast paths to.
func (nt *normText) normaliseAs(text string, plain bool) {
	switch {
	case plain:
		nt.normalisePlain(text)
	case isASCII(text):
		nt.normaliseASCII(text)
	default:
		nt.normaliseMixed(text)
	}
}

// normalisePlain is normalise rune by rune.
func (nt *normText) normalisePlain(text string) {
	nt.reset()
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !invisible(r) {
			nt.runes = append(nt.runes, foldRune(r))
			nt.os = append(nt.os, int32(i))
			nt.oe = append(nt.oe, int32(i+size))
		}
		i += size
	}
	convertChineseNumerals(nt.runes)
	maskDates(nt.runes)
	for i, r := range nt.runes {
		nt.rb = append(nt.rb, int32(len(nt.buf)))
		n := len(nt.buf)
		nt.buf = utf8.AppendRune(nt.buf, r)
		for k := n; k < len(nt.buf); k++ {
			nt.b2r = append(nt.b2r, int32(i))
		}
	}
	nt.rb = append(nt.rb, int32(len(nt.buf)))
	nt.b2r = append(nt.b2r, int32(len(nt.runes)))
	nt.s = string(nt.buf)
}

// normaliseMixed is normalise for a text with runes beyond ASCII. It copies ASCII bytes as
// they are (invisible and foldRune leave every rune below 0x80 alone), works on local slices
// sized up front, and shares text as nt.s when normalisation changed nothing.
func (nt *normText) normaliseMixed(text string) {
	n := len(text) // runes ≤ bytes
	runes, os, oe := grow(nt.runes, n), grow(nt.os, n), grow(nt.oe, n)
	k := 0
	for i := 0; i < n; {
		if c := text[i]; c < utf8.RuneSelf {
			runes[k], os[k], oe[k] = rune(c), int32(i), int32(i+1)
			k++
			i++
			continue
		}
		var r rune
		size := 3
		if c := text[i]; (c >= 0xE1 && c <= 0xEC || c == 0xEE || c == 0xEF) && i+2 < n && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// Most of a Chinese text: three bytes whose every continuation is valid after
			// these leads (utf8.DecodeRuneInString's table), decoded inline.
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !invisible(r) {
			runes[k], os[k], oe[k] = foldRune(r), int32(i), int32(i+size)
			k++
		}
		i += size
	}
	runes, nt.os, nt.oe = runes[:k], os[:k], oe[:k]
	nt.runes = runes
	convertChineseNumerals(runes)
	maskDates(runes)
	buf, rb, b2r := nt.buf[:0], grow(nt.rb, k+1), nt.b2r[:0]
	for i, r := range runes {
		rb[i] = int32(len(buf))
		if r < utf8.RuneSelf {
			buf = append(buf, byte(r))
			b2r = append(b2r, int32(i))
			continue
		}
		if r >= 0x800 && r < 0x10000 && (r < 0xD800 || r > 0xDFFF) { // utf8.AppendRune's three bytes
			buf = append(buf, byte(0xE0|r>>12), byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
			b2r = append(b2r, int32(i), int32(i), int32(i))
			continue
		}
		m := len(buf)
		buf = utf8.AppendRune(buf, r)
		for ; m < len(buf); m++ {
			b2r = append(b2r, int32(i))
		}
	}
	rb[k] = int32(len(buf))
	b2r = append(b2r, int32(k))
	nt.buf, nt.rb, nt.b2r = buf, rb, b2r
	if string(buf) == text {
		nt.s = text // no copy; Scan drops it before the scanner goes back to the pool
	} else {
		nt.s = string(buf)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normaliseASCII is normalise for a text without a byte beyond ASCII: one rune a byte, no
// rune folded or deleted, no Chinese numeral; only dates and times change.
func (nt *normText) normaliseASCII(text string) {
	n := len(text)
	nt.runes = grow(nt.runes, n)
	nt.os, nt.oe = grow(nt.os, n), grow(nt.oe, n)
	nt.rb, nt.b2r = grow(nt.rb, n+1), grow(nt.b2r, n+1)
	nt.buf = append(nt.buf[:0], text...)
	runes, os, oe := nt.runes[:n], nt.os[:n], nt.oe[:n]
	for i := 0; i < n; i++ {
		runes[i] = rune(text[i])
		os[i] = int32(i)
		oe[i] = int32(i + 1)
	}
	maskDates(runes)
	buf, rb, b2r := nt.buf[:n], nt.rb[:n+1], nt.b2r[:n+1]
	masked := false
	for i := 0; i < n; i++ {
		if r := byte(runes[i]); r != buf[i] {
			buf[i] = r
			masked = true
		}
		rb[i] = int32(i)
		b2r[i] = int32(i)
	}
	rb[n], b2r[n] = int32(n), int32(n)
	if masked {
		nt.s = string(buf)
	} else {
		nt.s = text // no copy; Scan drops it before the scanner goes back to the pool
	}
}

// grow returns s with length n, reusing its array when it is large enough; the caller
// overwrites every element.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// origSpan maps a normalised byte span [a, b) to the original byte span.
func (nt *normText) origSpan(a, b int) (int, int) {
	ra, rz := int(nt.b2r[a]), int(nt.b2r[b-1])
	return int(nt.os[ra]), int(nt.oe[rz])
}

// before returns the text of the n runes before byte offset p.
func (nt *normText) before(p, n int) string {
	r := int(nt.b2r[p]) - n
	if r < 0 {
		r = 0
	}
	return nt.s[nt.rb[r]:p]
}

// after returns the text of the n runes starting at byte offset p.
func (nt *normText) after(p, n int) string {
	r := int(nt.b2r[p]) + n
	if r > len(nt.runes) {
		r = len(nt.runes)
	}
	return nt.s[p:nt.rb[r]]
}

// invisible reports the characters deleted by normalisation: zero-width characters, the soft
// hyphen, bidirectional controls and the BOM.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r >= 0x2066 && r <= 0x2069:
		return true
	}
	switch r {
	case 0xFEFF, 0x00AD, 0x180E, 0x034F:
		return true
	}
	return false
}

// foldRune maps one rune to one rune: full-width ASCII to ASCII (as width.Narrow does),
// the ideographic and other spaces to ' ', dash variants to '-', middle-dot variants to '·'.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000, r == 0x00A0, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F:
		return ' '
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63, r == 0xFE58:
		return '-'
	case r == 0x2022, r == 0x30FB, r == 0xFF65, r == 0x2027, r == 0x2219, r == 0x22C5:
		return '·'
	case r == 0xFE6B:
		return '@'
	case r == 0xFE55:
		return ':'
	}
	return r
}

// chineseDigit returns the digit of a Chinese numeral character, or -1.
func chineseDigit(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一', '幺', '壹':
		return 1
	case '二', '贰':
		return 2
	case '三', '叁':
		return 3
	case '四', '肆':
		return 4
	case '五', '伍':
		return 5
	case '六', '陆':
		return 6
	case '七', '柒':
		return 7
	case '八', '捌':
		return 8
	case '九', '玖':
		return 9
	}
	return -1
}

// convertChineseNumerals turns runs of ≥7 numeral characters (a single space or '-' may
// separate groups, and ASCII digits may be mixed in when at least three numerals are present)
// into ASCII digits. Dates (二〇二三年) and ordinary words are shorter and stay as they are.
func convertChineseNumerals(rs []rune) {
	for i := 0; i < len(rs); {
		if chineseDigit(rs[i]) < 0 {
			i++
			continue
		}
		// extend backwards over ASCII digits glued to the run ("138一二三…")
		st := i
		for st > 0 && rs[st-1] >= '0' && rs[st-1] <= '9' {
			st--
		}
		cn, dg := 0, i-st
		j, last := i, i
		for j < len(rs) {
			if chineseDigit(rs[j]) >= 0 {
				cn++
				j++
				last = j
			} else if rs[j] >= '0' && rs[j] <= '9' {
				dg++
				j++
				last = j
			} else if (rs[j] == ' ' || rs[j] == '-') && j+1 < len(rs) && (chineseDigit(rs[j+1]) >= 0 || (rs[j+1] >= '0' && rs[j+1] <= '9')) {
				j++
			} else {
				break
			}
		}
		if cn >= 7 || (cn >= 3 && cn+dg >= 7) {
			for k := i; k < last; k++ {
				if v := chineseDigit(rs[k]); v >= 0 {
					rs[k] = rune('0' + v)
				}
			}
		}
		if last <= i {
			last = i + 1
		}
		i = last
	}
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// digitsAt returns the number of ASCII digits starting at rs[i] and their value (capped).
func digitsAt(rs []rune, i int) (n, v int) {
	for i+n < len(rs) && isDigitRune(rs[i+n]) {
		if n < 6 {
			v = v*10 + int(rs[i+n]-'0')
		}
		n++
	}
	return n, v
}

// maskDates replaces dates (\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?) and times
// (\d{1,2}:\d{2}(:\d{2})?) with dateMask runes, checking digit boundaries and plausible values.
func maskDates(rs []rune) {
	for i := 0; i < len(rs); i++ {
		if !isDigitRune(rs[i]) || (i > 0 && isDigitRune(rs[i-1])) {
			continue
		}
		n, v := digitsAt(rs, i)
		if end := matchDate(rs, i, n, v); end > 0 {
			for k := i; k < end; k++ {
				rs[k] = dateMask
			}
			i = end - 1
			continue
		}
		if end := matchTime(rs, i, n, v); end > 0 {
			for k := i; k < end; k++ {
				rs[k] = dateMask
			}
			i = end - 1
			continue
		}
		i += n - 1
	}
}

func matchDate(rs []rune, i, n, year int) int {
	if n != 4 || year < 1900 || year > 2099 {
		return 0
	}
	p := i + 4
	if p >= len(rs) || !(rs[p] == '-' || rs[p] == '/' || rs[p] == '.' || rs[p] == '年') {
		return 0
	}
	sep1 := rs[p]
	p++
	mn, m := digitsAt(rs, p)
	if mn < 1 || mn > 2 || m < 1 || m > 12 {
		return 0
	}
	p += mn
	if p >= len(rs) || !(rs[p] == '-' || rs[p] == '/' || rs[p] == '.' || rs[p] == '月') {
		return 0
	}
	if (sep1 == '年') != (rs[p] == '月') {
		return 0
	}
	p++
	dn, d := digitsAt(rs, p)
	if dn < 1 || dn > 2 || d < 1 || d > 31 {
		return 0
	}
	p += dn
	if p < len(rs) && rs[p] == '日' {
		p++
	} else if p < len(rs) && (isDigitRune(rs[p]) || rs[p] == '-' && p+1 < len(rs) && isDigitRune(rs[p+1]) && sep1 == '-') {
		return 0
	}
	return p
}

func matchTime(rs []rune, i, n, hour int) int {
	if n < 1 || n > 2 || hour > 24 {
		return 0
	}
	p := i + n
	if p+2 >= len(rs) || rs[p] != ':' {
		return 0
	}
	mn, m := digitsAt(rs, p+1)
	if mn != 2 || m > 59 {
		return 0
	}
	p += 3
	if p+2 < len(rs) && rs[p] == ':' {
		if sn, sv := digitsAt(rs, p+1); sn == 2 && sv <= 59 {
			p += 3
		}
	}
	if p < len(rs) && isDigitRune(rs[p]) {
		return 0
	}
	return p
}

// normaliseString returns the normalised form of s (for configuration values).
func normaliseString(s string) string {
	var nt normText
	nt.normalise(s)
	return nt.s
}
