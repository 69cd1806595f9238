package pii

import "strings"

// Passports and permits (SPEC §4.7): hotword + E/G/D/S/P passport numbers or H/M permits;
// a bare E + 8 digits is a WARN. Permits written as digits only (台胞证 12345678) are
// classified by the digit-run engine with the same hotwords.

var passportHotwords = []string{
	"护照号码", "护照号", "护照", "回乡证号码", "回乡证号", "回乡证", "通行证号码", "通行证号", "通行证",
	"台胞证号码", "台胞证号", "台胞证", "旅行证", "证件号码", "证件号",
}

var permitWords = []string{"通行证", "证件"}

// passportValue returns the length of a passport or permit number at s[p:], or 0.
func passportValue(s string, p int) int {
	if p >= len(s) {
		return 0
	}
	c := s[p] &^ 0x20
	q := p + 1
	switch c {
	case 'E', 'G', 'D', 'S', 'P':
		if q < len(s) && isASCIILetter(s[q]) {
			q++
		}
		n := digitCount(s, q)
		if n < 7 || n > 8 {
			return 0
		}
		q += n
	case 'H', 'M':
		n := digitCount(s, q)
		if n < 8 || n > 10 {
			return 0
		}
		q += n
	case 'C', 'L', 'T':
		// 往来港澳通行证 C + 8 digits, 往来台湾通行证 L/T + 8 digits
		if q < len(s) && isASCIILetter(s[q]) {
			q++
		}
		n := digitCount(s, q)
		if n != 8 {
			return 0
		}
		q += n
	default:
		return 0
	}
	if q < len(s) && (isDigit(s[q]) || isASCIILetter(s[q])) {
		return 0
	}
	return q - p
}

func digitCount(s string, p int) int {
	n := 0
	for p+n < len(s) && isDigit(s[p+n]) {
		n++
	}
	return n
}

func (sc *scanner) scanPassports() {
	s := sc.nt.s
	for i := 0; i < len(s); i++ {
		c := s[i] &^ 0x20
		switch c {
		case 'E', 'G', 'D', 'S', 'P', 'H', 'M', 'C', 'L', 'T':
		default:
			continue
		}
		if i > 0 && (isASCIILetter(s[i-1]) || isDigit(s[i-1]) || s[i-1] == '_') {
			continue
		}
		n := passportValue(s, i)
		if n == 0 {
			continue
		}
		// C/L/T + 8 digits are mainland travel permits: they need 通行证 (or 证件), not 护照
		permit := c == 'C' || c == 'L' || c == 'T'
		if sc.passportHotwordBefore(i) && (!permit || sc.hasWordBefore(i, permitWords, 8)) {
			sc.add(KindPassportPermit, "PASSPORT", Block, i, i+n)
		} else if c == 'E' && n == 9 {
			sc.add(KindPassportPermit, "PASSPORT-BARE", Warn, i, i+n)
		}
		i += n - 1
	}
}

func (sc *scanner) passportHotwordBefore(p int) bool {
	t := strings.TrimRight(sc.nt.s[:p], " :(")
	t = strings.TrimSuffix(t, "是")
	t = strings.TrimSuffix(t, "为")
	t = strings.TrimRight(t, " :(")
	for _, h := range passportHotwords {
		if strings.HasSuffix(t, h) {
			return true
		}
	}
	return false
}
