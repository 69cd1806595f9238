package cases

import (
	"strings"
	"unicode/utf8"
)

// vocab maps the values an export writes in one field to the values gongshi uses: the
// canonical words of the field, the built-in words of real exports, and an [[import]]
// table's [import.values.FIELD]. Lookups do not allocate.
type vocab struct {
	fast  []term // the canonical values, tried first
	exact map[string]term
	fold  map[string]term // keys lower-cased (ASCII), for exports that capitalise
	buf   []byte          // scratch for folding
}

// term is a value to use, as a string and as bytes, so that lookups need not convert.
type term struct {
	s string
	b []byte
}

func newVocab() *vocab {
	return &vocab{exact: map[string]term{}, fold: map[string]term{}}
}

// add maps from to to; earlier additions of the same key are replaced.
func (v *vocab) add(from, to string, fold bool) {
	w := term{to, []byte(to)}
	v.exact[from] = w
	if fold {
		v.fold[foldString(from)] = w
	}
}

// lookup returns the value that b means and whether it is known.
func (v *vocab) lookup(b []byte) (term, bool) {
	if v == nil {
		return term{}, false
	}
	for _, t := range v.fast {
		if len(t.s) == len(b) && t.s == string(b) {
			return t, true
		}
	}
	if w, ok := v.exact[string(b)]; ok {
		return w, true
	}
	if len(v.fold) == 0 {
		return term{}, false
	}
	v.buf = foldBytes(v.buf[:0], b)
	w, ok := v.fold[string(v.buf)]
	return w, ok
}

func foldString(s string) string { return string(foldBytes(nil, []byte(s))) }

// foldBytes appends b with ASCII letters in lower case and runs of white space made one space.
func foldBytes(dst, b []byte) []byte {
	space := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\t' || c == '_' {
				space = true
				continue
			}
			if space && len(dst) > 0 {
				dst = append(dst, ' ')
			}
			space = false
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		i += n
		if r == '\u3000' {
			space = true
			continue
		}
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, b[i-n:i]...)
	}
	return dst
}

// canonicalValues are the values of the fields with a fixed vocabulary, as the canonical
// layout writes them. Booleans and answers are matched without regard to case, as before.
func canonicalValues(f field) (values []string, fold bool) {
	switch f {
	case fChannel:
		return names(Channels), false
	case fStatus:
		return names(Statuses), false
	case fMethod:
		return names(Methods), false
	case fSatisfaction:
		return names([]Satisfaction{Satisfied, BasicallySatisfied, Dissatisfied}), false
	case fCollective, fSurveyed, fSolved, fRespondedInTime:
		return nil, true
	}
	return nil, false
}

func names[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// builtinValues are the words real exports use, accepted in files an [[import]] table
// describes (the canonical layout accepts canonical values only).
func builtinValues(f field) map[string]string {
	switch f {
	case fStatus:
		return map[string]string{
			"已受理": "received", "受理": "received", "待受理": "received", "待办理": "received", "已登记": "received", "new": "received",
			"办理中": "in_progress", "处理中": "in_progress", "在办": "in_progress", "未办结": "in_progress",
			"open": "in_progress", "in progress": "in_progress", "pending": "in_progress",
			"已办结": "resolved", "办结": "resolved", "已完成": "resolved", "已解决": "resolved", "已回复": "resolved",
			"已答复": "resolved", "closed": "resolved", "completed": "resolved",
			"未解决": "unresolved", "无法解决": "unresolved",
			"已撤销": "withdrawn", "撤销": "withdrawn", "已撤回": "withdrawn", "撤回": "withdrawn", "撤单": "withdrawn",
			"cancelled": "withdrawn", "canceled": "withdrawn",
		}
	case fChannel:
		return map[string]string{
			"12345热线": "hotline", "12345": "hotline", "热线": "hotline", "电话": "hotline",
			"睦邻邻里群": "neighbour_group", "邻里群": "neighbour_group", "微信群": "neighbour_group",
			"议事厅": "hall", "来访": "hall",
			"网格巡查": "grid_patrol", "巡查": "grid_patrol", "网格员上报": "grid_patrol",
		}
	case fMethod:
		return map[string]string{
			"直接办理": "direct", "联席会办": "joint_meeting", "现场会办": "onsite_meeting",
			"有请当事人会办": "parties_meeting", "四方会谈": "parties_meeting", "云上会办": "cloud_meeting", "云会办": "cloud_meeting",
		}
	case fSatisfaction:
		return map[string]string{
			"满意": "satisfied", "非常满意": "satisfied", "基本满意": "basically_satisfied",
			"不满意": "dissatisfied", "非常不满意": "dissatisfied",
			"very satisfied": "satisfied", "basically satisfied": "basically_satisfied",
			"not satisfied": "dissatisfied", "unsatisfied": "dissatisfied",
		}
	case fSolved, fRespondedInTime:
		return map[string]string{"是": "yes", "否": "no", "已解决": "yes", "未解决": "no", "及时": "yes", "不及时": "no", "y": "yes", "n": "no"}
	case fCollective, fSurveyed:
		return map[string]string{"是": "true", "否": "false", "y": "true", "n": "false"}
	}
	return nil
}

// booleanWords and answerWords are what the canonical layout accepts, in lower case.
var (
	booleanWords = map[string]string{"": "false", "false": "false", "0": "false", "no": "false", "true": "true", "1": "true", "yes": "true"}
	answerWords  = map[string]string{"yes": "yes", "true": "yes", "1": "yes", "no": "no", "false": "no", "0": "no"}
)

// buildVocab returns the vocabulary of field f in a file: canonical values, then (for an
// [[import]] table) the built-in words and the table's own mapping, which wins.
func buildVocab(f field, imported bool, mapping map[string]string) *vocab {
	values, fold := canonicalValues(f)
	if values == nil && !fold && mapping == nil {
		return nil
	}
	v := newVocab()
	for _, s := range values {
		v.add(s, s, imported)
		v.fast = append(v.fast, v.exact[s])
	}
	switch f {
	case fCollective, fSurveyed:
		for k, s := range booleanWords {
			v.add(k, s, true)
		}
	case fSolved, fRespondedInTime:
		for k, s := range answerWords {
			v.add(k, s, true)
		}
	}
	if imported {
		for k, s := range builtinValues(f) {
			v.add(k, s, true)
		}
	}
	for k, s := range mapping {
		v.add(strings.TrimSpace(k), s, true)
	}
	if mapping != nil {
		v.fast = nil // a mapping may give a canonical word another meaning
	}
	return v
}
