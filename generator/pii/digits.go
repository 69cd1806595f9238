package pii

import (
	"strings"
	"unicode/utf8"
)

// The digit-run engine (SPEC §4.1). A run is a maximal sequence of digit groups joined by
// single separators (space, '-', '.'), optionally introduced by '+' or a "(+86)"/"(025)" group,
// optionally ending in X (resident IDs). Boundaries are checked in code: the rune before a run
// is never a digit, and the rune after it is never a digit or a letter. Runs are classified as a
// whole and never windowed into; only when a whole run is longer than any valid value is it
// split, and then only at its separators.

const (
	maxGroups = 12
	maxCanon  = 48
)

type digitRun struct {
	start, end int // byte span in the normalised text, prefix included
	canon      [maxCanon]byte
	n          int  // canonical length
	long       bool // longer than maxCanon: never classified
	plus       bool // written with '+'
	paren      bool // first group was in parentheses
	ngroups    int
	groups     [maxGroups]runGroup
}

type runGroup struct {
	cs    int // canonical index where the group starts
	bs    int // byte span of the group in the normalised text
	be    int
	sepTo int // byte offset where the separator after this group ends (next group start)
}

func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// letterPrefixOK lists the ASCII words that may touch a run: hotwords, not code prefixes.
var letterPrefixOK = [...]string{"qq", "tel", "vx", "wx", "phone", "mobile", "wechat", "weixin", "no"}

// scanDigitRuns finds all runs in the normalised text and hands each to classify.
func (sc *scanner) scanDigitRuns() {
	s := sc.nt.s
	for i := 0; i < len(s); {
		c := s[i]
		if !(isDigit(c) || c == '+' || c == '(') {
			i++
			continue
		}
		r := &sc.run
		*r = digitRun{}
		next, ok := sc.parseRun(s, i, r)
		if next <= i {
			next = i + 1
		}
		if ok {
			sc.classifyRun(r)
		}
		i = next
	}
}

// parseRun parses a run starting at i. It returns the offset to continue scanning from and
// whether the run is a candidate (boundaries hold, not a letter-prefixed code).
func (sc *scanner) parseRun(s string, i int, r *digitRun) (int, bool) {
	p := i
	r.start = i
	switch s[p] {
	case '(':
		q := p + 1
		if q < len(s) && s[q] == '+' {
			r.plus = true
			q++
		}
		ds := q
		for q < len(s) && isDigit(s[q]) && q-ds < 5 {
			q++
		}
		if q-ds < 1 || q-ds > 4 || q >= len(s) || s[q] != ')' {
			return i + 1, false
		}
		r.addGroup(s, ds, q)
		q++
		if q < len(s) && s[q] == ' ' {
			q++
		}
		if q >= len(s) || !isDigit(s[q]) {
			return i + 1, false
		}
		r.paren = true
		r.groups[0].sepTo = q
		p = q
	case '+':
		if p+1 >= len(s) || !isDigit(s[p+1]) {
			return i + 1, false
		}
		r.plus = true
		p++
	}
	// boundary before the run
	codePrefix := false
	if i > 0 {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case prev < utf8.RuneSelf && isDigit(byte(prev)):
			codePrefix = true // inside a longer number (only reachable after '(' or '+')
		case prev < utf8.RuneSelf && isASCIILetter(byte(prev)):
			codePrefix = !letterHotword(s[:i])
		case prev == '-' || prev == '_':
			if i >= 2 && (isDigit(s[i-2]) || isASCIILetter(s[i-2])) {
				codePrefix = true
			}
		}
	}
	// groups
	for {
		q := p
		for q < len(s) && isDigit(s[q]) {
			q++
		}
		hasX := false
		if q < len(s) && (s[q] == 'X' || s[q] == 'x') && q > p {
			hasX = true
			q++
		}
		r.addGroup(s, p, q)
		r.end = q
		if hasX || r.ngroups == maxGroups {
			break
		}
		nx := sepEnd(s, q)
		if nx < 0 {
			break
		}
		r.groups[r.ngroups-1].sepTo = nx
		p = nx
	}
	// boundary after the run
	if r.end < len(s) {
		c := s[r.end]
		if isDigit(c) || isASCIILetter(c) {
			// swallow the rest of the code so that it is not re-entered
			q := r.end
			for q < len(s) && (isDigit(s[q]) || isASCIILetter(s[q])) {
				q++
			}
			return q, false
		}
	}
	return r.end, !codePrefix
}

func (r *digitRun) addGroup(s string, bs, be int) {
	if r.ngroups >= maxGroups {
		return
	}
	g := &r.groups[r.ngroups]
	g.cs, g.bs, g.be, g.sepTo = r.n, bs, be, be
	r.ngroups++
	for k := bs; k < be; k++ {
		if r.n >= maxCanon {
			r.long = true
			return
		}
		c := s[k]
		if c == 'x' {
			c = 'X'
		}
		r.canon[r.n] = c
		r.n++
	}
}

// sepEnd returns the offset after a separator at q that is followed by a digit, or -1.
// Separators: one '.', or up to three of ' ' and '-' holding at most one '-'.
func sepEnd(s string, q int) int {
	if q >= len(s) {
		return -1
	}
	if s[q] == '.' {
		if q+1 < len(s) && isDigit(s[q+1]) {
			return q + 1
		}
		return -1
	}
	dashes, k := 0, q
	for k < len(s) && k-q < 3 && (s[k] == ' ' || s[k] == '-') {
		if s[k] == '-' {
			dashes++
		}
		k++
	}
	if k == q || dashes > 1 || k >= len(s) || !isDigit(s[k]) {
		return -1
	}
	return k
}

// letterHotword reports whether the ASCII letters ending s form a hotword such as QQ or Tel.
func letterHotword(s string) bool {
	j := len(s)
	for j > 0 && isASCIILetter(s[j-1]) {
		j--
	}
	w := strings.ToLower(s[j:])
	for _, h := range letterPrefixOK {
		if w == h || (len(w) > len(h) && strings.HasSuffix(w, h) && h != "no" && h != "vx" && h != "wx") {
			return true
		}
	}
	return false
}

// canonRange returns the canonical digits of groups [g0, g1).
func (r *digitRun) canonRange(g0, g1 int) []byte {
	a := r.groups[g0].cs
	b := r.n
	if g1 < r.ngroups {
		b = r.groups[g1].cs
	}
	return r.canon[a:b]
}

// ticketLabels end immediately before a reference number (SPEC §4.1 ticket label exemption).
var ticketLabels = [...]string{
	"工单号码", "工单编号", "工单号", "工单", "编号", "单号", "受理号", "流水号", "案号", "案件号",
	"督办件", "督办号", "回访编号", "事件编号", "注册号", "注册代码", "发票号码", "发票代码", "网格编码",
	"编码", "代码", "订单号", "运单号", "合同号", "批次号", "档案号", "序号", "文号", "备案号", "登记号",
	"许可证号", "No.", "NO.", "no.", "No", "NO", "№",
}

// personalBeforeLabel are hotwords that make a following label personal (身份证编号).
var personalBeforeLabel = [...]string{"身份证", "证件", "护照", "电话", "手机", "卡", "账户", "微信", "QQ"}

// ticketLabelBefore reports whether a ticket label ends right before byte offset p.
func ticketLabelBefore(s string, p int) bool {
	t := trimFillerRight(s[:p])
	for _, l := range ticketLabels {
		if strings.HasSuffix(t, l) {
			rest := t[:len(t)-len(l)]
			for _, h := range personalBeforeLabel {
				if strings.HasSuffix(rest, h) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// trimFillerRight drops what may stand between a label and its value: spaces, ':', '为', '是'.
func trimFillerRight(t string) string {
	for {
		u := strings.TrimRight(t, " :")
		u = strings.TrimSuffix(u, "为")
		u = strings.TrimSuffix(u, "是")
		u = strings.TrimRight(u, " :")
		if u == t {
			return t
		}
		t = u
	}
}

// hasHotword reports whether one of words occurs in the SPEC window (12 runes before the value,
// 6 after).
func (sc *scanner) hasHotword(start, end int, words []string) bool {
	b := sc.nt.before(start, 12)
	a := sc.nt.after(end, 6)
	for _, w := range words {
		if strings.Contains(b, w) || strings.Contains(a, w) {
			return true
		}
	}
	return false
}
