package pii

import (
	"strings"
	"unicode/utf8"
)

// classifyRun decides what a digit run is (SPEC §4.2–§4.7, §5). Order matters: reference-number
// exemptions first, then hotword-bound kinds (QQ, WeChat), resident IDs and company codes, mobile,
// landline, bank card, then weak shapes that need a hotword.

// bankHotwords turn a Luhn-failing card-length number into a WARN.
var bankHotwords = []string{"卡号", "银行卡", "账号", "账户", "信用卡", "工资卡", "储蓄卡", "收款", "银行", "帐号", "帐户", "社保卡"}

// usccLabels precede company codes that may also look like IDs.
var usccLabels = []string{"信用代码", "纳税人识别号", "税号", "社会信用"}

func (sc *scanner) classifyRun(r *digitRun) {
	if r.long || r.n == 0 {
		return
	}
	s := sc.nt.s
	d := sc.d
	c := r.canon[:r.n]
	if ticketLabelBefore(s, r.start) || d.ticketMatch(c) || r.ipv4(s) {
		return
	}
	if unitAfter(s, r.end) {
		// 13800000000元 is money; in "13812345678 2次" only the last group is a count
		sc.splitRun(r, r.ngroups-1)
		return
	}
	if sc.hotwordDirectlyBefore(r.start, qqHotwords) {
		if allDigits(c) && c[0] != '0' && len(c) >= 5 && len(c) <= 11 {
			sc.add(KindQQ, "QQ", Block, r.start, r.end)
		}
		return
	}
	if (r.n == 8 || r.n == 10) && allDigits(c) && sc.passportHotwordBefore(r.start) {
		sc.add(KindPassportPermit, "PERMIT-DIGITS", Block, r.start, r.end)
		return
	}
	if sc.hotwordDirectlyBefore(r.start, wechatHotwords) && isMobile(stripCC(r, c)) {
		sc.add(KindWeChat, "WECHAT-ID", Block, r.start, r.end)
		return
	}
	if sc.classifyValue(r, c, 0, r.ngroups, true) {
		return
	}
	// a whole run longer than any value: split at separators only, strong kinds only
	if r.ngroups > 1 && r.n >= 12 {
		sc.splitRun(r, r.ngroups)
		return
	}
	if d.known != nil && r.n >= 5 && d.known(KindKnown, string(c)) {
		sc.add(KindKnown, "KNOWN", Block, r.start, r.end)
	}
}

// splitRun classifies the group sequences of the first ng groups of r, longest first, never the
// whole run; only strong kinds (checksum IDs and cards, mobiles, landlines with area code) count.
func (sc *scanner) splitRun(r *digitRun, ng int) {
	for g := 0; g < ng; {
		took := 1
		for l := ng - g; l >= 1; l-- {
			if g == 0 && l == r.ngroups {
				continue
			}
			if sc.classifyValue(r, r.canonRange(g, g+l), g, g+l, false) {
				took = l
				break
			}
		}
		g += took
	}
}

// classifyValue classifies canonical value c made of groups [g0, g1) of run r. Weak kinds
// (hotword-bound, WARN) are tried only for the whole run. It reports whether a rule claimed it.
func (sc *scanner) classifyValue(r *digitRun, c []byte, g0, g1 int, whole bool) bool {
	d := sc.d
	start, end := r.groups[g0].bs, r.groups[g1-1].be
	if whole {
		start, end = r.start, r.end
	}
	// resident ID and company code (never with a country code)
	if len(c) == 18 {
		if id18Shape(c, d.today) && id18Checksum(c) {
			if validUSCC(c) && sc.hasWordBefore(start, usccLabels, 16) {
				return true // a company code that happens to validate as an ID
			}
			sc.add(KindIDCard, "ID-18", Block, start, end)
			return true
		}
		if validUSCC(c) {
			return true
		}
		if whole && id18Shape(c, d.today) && validProvince(c[0], c[1]) && sc.hasHotword(start, end, idHotwords) {
			sc.add(KindIDCard, "ID-18-bad-check", Warn, start, end)
			return true
		}
	}
	if whole && len(c) == 15 && validID15(c, d.today) && sc.hasHotword(start, end, idHotwords) {
		sc.add(KindIDCard, "ID-15", Block, start, end)
		return true
	}
	if !allDigits(c) {
		return false
	}
	// phones: strip the country code
	v, cc := c, false
	if g0 == 0 {
		v, cc = stripCCFlag(r, c)
	}
	if isMobile(v) {
		if d.isPublicNumber(v, false) {
			return true
		}
		sc.add(KindMobile, "MOB-01", Block, start, end)
		return true
	}
	lv := v
	if cc && len(v) >= 9 && v[0] != '0' {
		var buf [maxCanon + 1]byte
		buf[0] = '0'
		lv = buf[:1+copy(buf[1:], v)]
	}
	off := len(c) - len(v) - (len(lv) - len(v)) // canonical index of lv[0] relative to c
	sepAt := func(i int) bool { return r.sepBefore(r.groups[g0].cs + off + i) }
	if local, ok := landline(lv, sepAt); ok {
		if d.isPublicNumber(lv[:areaCodeLen(lv)+len(local)], false) || d.lex.service[string(local)] {
			return true
		}
		e := extensionAfter(sc.nt.s, end)
		sc.add(KindLandline, "LAND-01", Block, start, e)
		return true
	}
	if len(c) >= 16 && len(c) <= 19 {
		if luhn(c) && strings.IndexByte("345689", c[0]) >= 0 {
			sc.add(KindBankCard, "BANK-LUHN", Block, start, end)
			return true
		}
		if whole && c[0] != '0' && sc.hasHotword(start, end, bankHotwords) {
			sc.add(KindBankCard, "BANK-HOTWORD", Warn, start, end)
			return true
		}
	}
	if cc && r.plus && len(v) >= 7 && len(v) <= 13 && !(len(c) >= 2 && c[0] == '8' && c[1] == '6') {
		// an international number written with '+' (not +86): a phone number in any case
		sc.add(KindMobile, "PHONE-INTL", Block, start, end)
		return true
	}
	if !whole {
		return false
	}
	if (len(v) == 7 || len(v) == 8) && v[0] >= '2' && v[0] <= '9' && !d.serviceNumber(v) {
		if d.isPublicNumber(v, true) {
			return true
		}
		if compactDate(v) && !sc.hotwordDirectlyBefore(start, tightPhoneLabels) {
			return false
		}
		if sc.hasHotword(start, end, phoneHotwords) {
			sc.add(KindLandline, "LAND-LOCAL", Block, start, extensionAfter(sc.nt.s, end))
			return true
		}
	}
	return false
}

// unitAfter reports a unit of quantity right after a run: 13800000000元 is money, not a phone.
func unitAfter(s string, p int) bool {
	r, _ := utf8.DecodeRuneInString(s[p:])
	return p < len(s) && strings.ContainsRune("元万亿千百人户件次吨个辆台套条天年月米平%‰斤份本张位只根块岁度秒克倍", r)
}

// ipv4 reports a dotted quad (192.168.81.197): four groups of 1–3 digits up to 255 joined by
// dots, which would otherwise canonicalise to an 11-digit "mobile".
func (r *digitRun) ipv4(s string) bool {
	if r.ngroups != 4 || r.paren || r.plus {
		return false
	}
	for g := 0; g < 4; g++ {
		gr := r.groups[g]
		if n := gr.be - gr.bs; n < 1 || n > 3 || atoi([]byte(s[gr.bs:gr.be])) > 255 {
			return false
		}
		if g < 3 && (gr.sepTo != gr.be+1 || s[gr.be] != '.') {
			return false
		}
	}
	return true
}

// sepBefore reports whether a separator precedes canonical index i (a group starts there).
func (r *digitRun) sepBefore(i int) bool {
	for g := 1; g < r.ngroups; g++ {
		if r.groups[g].cs == i {
			return true
		}
	}
	return false
}

// stripCC removes a country code: 0086…, +86…, 86 written as its own group, or 86 + a mobile.
func stripCC(r *digitRun, c []byte) []byte {
	v, _ := stripCCFlag(r, c)
	return v
}

func stripCCFlag(r *digitRun, c []byte) ([]byte, bool) {
	switch {
	case len(c) > 4 && string(c[:4]) == "0086":
		return c[4:], true
	case len(c) > 2 && c[0] == '8' && c[1] == '6':
		if r.plus || (r.ngroups > 1 && r.groups[1].cs == 2) || (len(c) == 13 && isMobile(c[2:])) {
			return c[2:], true
		}
	case r.plus && len(c) > 3:
		// another country code: +852 …, +1 …; report as international
		return c, true
	}
	return c, false
}

// luhn verifies the Luhn checksum.
func luhn(c []byte) bool {
	sum, dbl := 0, false
	for i := len(c) - 1; i >= 0; i-- {
		v := int(c[i] - '0')
		if dbl {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		dbl = !dbl
	}
	return sum%10 == 0
}

func (d *Detector) ticketMatch(c []byte) bool {
	for _, re := range d.ticketRe {
		if re.Match(c) {
			return true
		}
	}
	return false
}

// hasWordBefore reports whether one of words occurs within n runes before byte offset p.
func (sc *scanner) hasWordBefore(p int, words []string, n int) bool {
	b := sc.nt.before(p, n)
	for _, w := range words {
		if strings.Contains(b, w) {
			return true
		}
	}
	return false
}

// hotwordDirectlyBefore reports whether one of words ends right before p, allowing the filler
// of trimHotwordFiller (号, 号码, 是, 为, ':', '(', spaces) in between.
func (sc *scanner) hotwordDirectlyBefore(p int, words []string) bool {
	t := trimHotwordFiller(sc.nt.s[:p])
	for _, w := range words {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	return false
}

func trimHotwordFiller(t string) string {
	for {
		u := strings.TrimRight(t, " :(")
		for _, f := range [...]string{"号码", "号", "账号", "是", "为", "ID", "id"} {
			u = strings.TrimSuffix(u, f)
		}
		u = strings.TrimRight(u, " :(")
		if u == t {
			return t
		}
		t = u
	}
}
