package pii

import "strings"

// E-mail and WeChat (SPEC §4.9); the QQ hotwords used by the digit-run engine (§4.6).

var qqHotwords = []string{"QQ", "qq", "Qq", "qQ", "扣扣", "企鹅号"}

// wechatHotwords precede a WeChat ID. The ASCII ones (VX, WX) need a separator before the ID.
var wechatHotwords = []string{"微信", "威信", "薇信", "V信", "v信", "加微", "VX", "Vx", "vX", "vx", "WX", "Wx", "wX", "wx", "wechat", "WeChat", "Wechat", "WECHAT"}

func isEmailLocal(c byte) bool {
	return isDigit(c) || isASCIILetter(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isDomainChar(c byte) bool { return isDigit(c) || isASCIILetter(c) || c == '-' || c == '.' }

func isIDChar(c byte) bool { return isDigit(c) || isASCIILetter(c) || c == '_' || c == '-' }

// wechatHanRunes: every Han WeChat hotword holds one of them; every ASCII one starts with v or w.
const wechatHanRunes = "信微"

func (sc *scanner) scanContacts(cl textClass) {
	s := sc.nt.s
	if cl&hasAt != 0 && strings.IndexByte(s, '@') >= 0 {
		sc.scanEmails(s)
	}
	if cl.all(hasVW | hasUnderscore) {
		sc.scanWxid(s)
	}
	if cl&hasLetter != 0 && cl&(hasVW|hasWeChatHan) != 0 {
		sc.scanWeChatIDs(s)
	}
}

// scanEmails finds local@domain.tld around every '@' (after folding, so ＠ counts).
func (sc *scanner) scanEmails(s string) {
	for at := 0; at < len(s); at++ {
		if s[at] != '@' {
			continue
		}
		a := at
		for a > 0 && isEmailLocal(s[a-1]) {
			a--
		}
		for a < at && (s[a] == '.' || s[a] == '-') {
			a++
		}
		if a == at {
			continue
		}
		b := at + 1
		for b < len(s) && isDomainChar(s[b]) {
			b++
		}
		for b > at+1 && (s[b-1] == '.' || s[b-1] == '-') {
			b--
		}
		dom := s[at+1 : b]
		dot := strings.LastIndexByte(dom, '.')
		if dot <= 0 || strings.Contains(dom, "..") || len(dom)-dot-1 < 2 {
			continue
		}
		tld := dom[dot+1:]
		alpha := true
		for i := 0; i < len(tld); i++ {
			if !isASCIILetter(tld[i]) {
				alpha = false
			}
		}
		if !alpha {
			continue
		}
		if sc.d.publicEmail(s[a:b], dom) {
			at = b - 1
			continue
		}
		sc.add(KindEmail, "EMAIL", Block, a, b)
		at = b - 1
	}
}

func (d *Detector) publicEmail(addr, dom string) bool {
	dom = strings.ToLower(dom)
	for _, p := range d.publicEmailDomains {
		if dom == p || strings.HasSuffix(dom, "."+p) {
			return true
		}
	}
	return len(d.publicEmails) > 0 && d.publicEmails[strings.ToLower(addr)]
}

// scanWxid finds wxid_ + at least 10 letters or digits anywhere.
func (sc *scanner) scanWxid(s string) {
	for i := 0; i+5 <= len(s); {
		j := indexFold(s[i:], "wxid_")
		if j < 0 {
			return
		}
		a := i + j
		b := a + 5
		for b < len(s) && (isDigit(s[b]) || isASCIILetter(s[b])) {
			b++
		}
		if b-a-5 >= 10 && (a == 0 || !isIDChar(s[a-1])) {
			for b < len(s) && isIDChar(s[b]) {
				b++
			}
			sc.add(KindWeChat, "WECHAT-WXID", Block, a, b)
		}
		i = b
	}
}

// indexFold is an ASCII case-insensitive strings.Index for a lower-case needle.
func indexFold(s, lower string) int {
	for i := 0; i+len(lower) <= len(s); i++ {
		if s[i]|0x20 == lower[0] && strings.EqualFold(s[i:i+len(lower)], lower) {
			return i
		}
	}
	return -1
}

// scanWeChatIDs finds hotword + [A-Za-z][-_A-Za-z0-9]{5,19}.
func (sc *scanner) scanWeChatIDs(s string) {
	for _, h := range wechatHotwords {
		ascii := h[0] < 0x80
		for i := 0; ; {
			j := strings.Index(s[i:], h)
			if j < 0 {
				break
			}
			p := i + j + len(h)
			i = p
			if ascii && i-len(h) > 0 && (isDigit(s[i-len(h)-1]) || isASCIILetter(s[i-len(h)-1])) {
				continue // inside a code such as WXJD2023…
			}
			q := skipWeChatFiller(s, p)
			if ascii && q == p {
				continue // VX/WX need 号, ':', a space or 是/为 before the ID
			}
			if q >= len(s) || !isASCIILetter(s[q]) {
				continue
			}
			e := q
			for e < len(s) && isIDChar(s[e]) {
				e++
			}
			if n := e - q; n < 6 || n > 20 {
				continue
			}
			if strings.HasPrefix(strings.ToLower(s[q:e]), "wxid_") {
				continue // reported by scanWxid
			}
			sc.add(KindWeChat, "WECHAT-ID", Block, q, e)
		}
	}
}

// skipWeChatFiller skips 号/ID/账号, 是/为, ':', '(' and spaces after a WeChat hotword.
func skipWeChatFiller(s string, p int) int {
	for {
		q := p
		for _, f := range [...]string{"号码", "号", "账号", "ID", "id", "Id", "是", "为", ":", "(", " "} {
			if strings.HasPrefix(s[q:], f) {
				q += len(f)
			}
		}
		if q == p {
			return p
		}
		p = q
	}
}
