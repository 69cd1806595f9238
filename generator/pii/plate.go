package pii

import "unicode/utf8"

// Licence plates (GA 36-2018, SPEC §4.8): province + letter + optional separator + an ordinary
// 5-character sequence, a 6-character new-energy sequence (small: D/F-type letter first; large:
// letter last), or 4 characters + 挂/学/警/港/澳. Letters I and O never occur. An ordinary
// sequence with fewer than 3 digits is a WARN.

func isProvinceRune(r rune) bool {
	switch r {
	case '京', '津', '沪', '渝', '冀', '豫', '云', '辽', '黑', '湘', '皖', '鲁', '新', '苏', '浙', '赣',
		'鄂', '桂', '甘', '晋', '蒙', '陕', '吉', '闽', '贵', '粤', '青', '藏', '川', '宁', '琼', '使', '领':
		return true
	}
	return false
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 32
	}
	return c
}

// plateLetter reports [A-HJ-NP-Z].
func plateLetter(c byte) bool { c = upper(c); return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' }

// nevLetter reports the new-energy type letters [A-HJK].
func nevLetter(c byte) bool { c = upper(c); return c >= 'A' && c <= 'K' && c != 'I' }

func isAlnum(c byte) bool { return isDigit(c) || isASCIILetter(c) }

func (sc *scanner) scanPlates() {
	s := sc.nt.s
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isProvinceRune(r) {
			i += size
			continue
		}
		start := i
		p := i + size
		i = p
		if p < len(s) && s[p] == ' ' {
			p++
		} else if len(s)-p >= 2 && s[p:p+2] == "·" {
			p += 2
		}
		if p >= len(s) || !plateLetter(s[p]) {
			continue
		}
		p++
		if p < len(s) && (s[p] == '.' || s[p] == '-' || s[p] == ' ') {
			p++
		} else if len(s)-p >= 2 && s[p:p+2] == "·" {
			p += 2
		}
		q := p
		for q < len(s) && isAlnum(s[q]) && q-p < 7 {
			q++
		}
		n := q - p
		seq := s[p:q]
		for k := 0; k < n; k++ {
			if c := upper(seq[k]); c == 'I' || c == 'O' {
				n = -1
				break
			}
		}
		switch {
		case n == 6 && (q >= len(s) || !isAlnum(s[q])):
			if nevLetter(seq[0]) && (plateLetter(seq[1]) || isDigit(seq[1])) && allDigits([]byte(seq[2:])) {
				sc.add(KindPlate, "PLATE-NEV", Block, start, q)
			} else if allDigits([]byte(seq[:5])) && nevLetter(seq[5]) {
				sc.add(KindPlate, "PLATE-NEV", Block, start, q)
			}
		case n == 5 && (q >= len(s) || !isAlnum(s[q])):
			sc.addOrdinaryPlate(seq, start, q)
		case n == 4:
			if r2, sz := utf8.DecodeRuneInString(s[q:]); r2 == '挂' || r2 == '学' || r2 == '警' || r2 == '港' || r2 == '澳' {
				sc.addOrdinaryPlate(seq, start, q+sz)
			}
		}
	}
}

func (sc *scanner) addOrdinaryPlate(seq string, start, end int) {
	digits := 0
	for k := 0; k < len(seq); k++ {
		if isDigit(seq[k]) {
			digits++
		}
	}
	switch {
	case digits >= 3:
		sc.add(KindPlate, "PLATE", Block, start, end)
	case digits >= 1:
		sc.add(KindPlate, "PLATE-FEW-DIGITS", Warn, start, end)
	}
}
