package pii

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Token masks (SPEC §6.3).
const (
	MaskID      = "〔证件号已隐去〕"
	MaskPhone   = "〔电话已隐去〕"
	MaskBank    = "〔银行卡号已隐去〕"
	MaskContact = "〔联系方式已隐去〕"
	MaskPlate   = "〔车牌已隐去〕"
	MaskAddress = "〔具体门牌已隐去〕"
	MaskPerson  = "〔居民〕"
	MaskOther   = "〔已隐去〕"
)

// Redact returns text with every finding in fs replaced by its token mask: 〔电话已隐去〕,
// 〔具体门牌已隐去〕 …; a surname + honorific becomes 某 + honorific (张师傅 → 某师傅); a name after a
// role or label is dropped (网格员李强 → 网格员), or becomes 〔居民〕 after a colon. Findings must
// come from Scan on the same text; overlapping or out-of-range findings are skipped. Pass only the
// findings to mask (usually the BLOCK ones).
func (d *Detector) Redact(text string, fs []Finding) string {
	if len(fs) == 0 {
		return text
	}
	sorted := make([]Finding, len(fs))
	copy(sorted, fs)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var b strings.Builder
	b.Grow(len(text) + 16*len(fs))
	pos := 0
	for _, f := range sorted {
		if f.Start < pos || f.End > len(text) || f.Start >= f.End {
			continue
		}
		b.WriteString(text[pos:f.Start])
		b.WriteString(d.mask(text, f))
		pos = f.End
	}
	b.WriteString(text[pos:])
	return b.String()
}

func (d *Detector) mask(text string, f Finding) string {
	switch f.Kind {
	case KindIDCard, KindPassportPermit:
		return MaskID
	case KindMobile, KindLandline:
		return MaskPhone
	case KindBankCard:
		return MaskBank
	case KindEmail, KindWeChat, KindQQ:
		return MaskContact
	case KindPlate:
		return MaskPlate
	case KindAddressRoom, KindAddressUnit, KindAddressStreet:
		return MaskAddress
	case KindName:
		return d.maskName(text, f)
	}
	return MaskOther
}

func (d *Detector) maskName(text string, f Finding) string {
	v := normaliseString(text[f.Start:f.End])
	switch f.Rule {
	case "NAME-HON":
		rs := []rune(v)
		for k := 1; k < len(rs); k++ {
			if l, _ := d.lex.honorifics.match(rs, k); l > 0 && k+l == len(rs) {
				return "某" + string(rs[k:])
			}
		}
	case "NAME-LABEL":
		before := text[:f.Start]
		if r, _ := utf8.DecodeLastRuneInString(before); r == ':' || r == '：' || r == ' ' || r == '　' {
			return MaskPerson
		}
		return "" // the label or role stays: 网格员李强 → 网格员
	}
	return MaskPerson
}

// MaskValue masks a value for reports (SPEC §6.2 partial style): 138****5678, 张**, h***@163.com.
// It never returns the raw value, and never more than a few characters of it.
func MaskValue(kind Kind, value string) string {
	rs := []rune(value)
	n := len(rs)
	if n == 0 {
		return ""
	}
	stars := func(k int) string { return strings.Repeat("*", max(k, 1)) }
	var out string
	switch kind {
	case KindMobile, KindLandline, KindIDCard, KindBankCard, KindQQ, KindPassportPermit, KindKnown:
		var ds []rune
		for _, r := range rs {
			r = foldRune(r)
			if r >= '0' && r <= '9' || r == 'X' || r == 'x' || r >= 'A' && r <= 'Z' {
				ds = append(ds, r)
			}
		}
		switch m := len(ds); {
		case m >= 11:
			out = string(ds[:3]) + stars(m-7) + string(ds[m-4:])
		case m >= 7:
			out = string(ds[:2]) + stars(m-4) + string(ds[m-2:])
		default:
			out = stars(m)
		}
	case KindEmail:
		at := strings.LastIndexAny(value, "@＠")
		if at > 0 {
			lr, _ := utf8.DecodeRuneInString(value)
			out = string(lr) + "***" + value[at:]
		} else {
			out = stars(n)
		}
	case KindName:
		out = string(rs[0]) + stars(n-1)
	case KindPlate:
		if n >= 4 {
			out = string(rs[:2]) + "***" + string(rs[n-1])
		} else {
			out = stars(n)
		}
	default: // addresses, WeChat, anything else: a short prefix
		keep := min(2, n/3)
		out = string(rs[:keep]) + stars(n-keep)
	}
	if out == value || (n >= 3 && strings.Contains(out, value)) {
		return stars(n)
	}
	return out
}
