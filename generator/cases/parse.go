package cases

import (
	"bytes"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"gongshi/generator/config"
)

// record checks one row and fills r. It reports every problem of the row, not only the
// first, each at the row's line and the column of the field, and reports whether the row
// is good. It allocates only the strings the record keeps.
func (p *plan) record(fields [][]byte, row *Row, r *Record) bool {
	p.row, p.nbad, p.firstCol, p.firstReason, p.failedMask = row, 0, 1<<30, "", 0
	r.Pos = row
	for f := field(0); f < nFields; f++ {
		p.vals[f] = p.raw(fields, f)
	}
	for _, f := range required {
		if (p.col[f] >= 0 || p.fixed[f] != nil || p.dynamic) && len(p.vals[f]) == 0 && len(p.value(f)) == 0 {
			if _, ok := p.vocab[f].lookup(nil); !ok {
				p.bad(f, ReasonMissing, "required value is empty")
			}
		}
	}
	if id := p.value(fID); len(id) > 0 {
		r.ID = p.text(fID, id, nil)
		if bytes.IndexByte(id, 'E') > 0 {
			r.ID = integerID(r.ID)
		}
	}
	r.ReceivedAt = p.date(fReceivedAt)
	r.RespondedAt = p.date(fRespondedAt)
	r.ClosedAt = p.date(fClosedAt)
	if !r.ReceivedAt.IsZero() {
		if !r.ClosedAt.IsZero() && r.ClosedAt.Before(r.ReceivedAt) {
			p.bad(fClosedAt, ReasonClosedBefore, "closed_at %s is before received_at %s", p.value(fClosedAt), p.value(fReceivedAt))
		}
		if !r.RespondedAt.IsZero() && r.RespondedAt.Before(r.ReceivedAt) {
			p.bad(fRespondedAt, ReasonRespondedBefore, "responded_at %s is before received_at %s", p.value(fRespondedAt), p.value(fReceivedAt))
		}
	}
	p.places(r)
	r.Channel = Channel(p.word(fChannel))
	r.Status = Status(p.word(fStatus))
	r.Method = Method(p.word(fMethod))
	if r.Method == "" {
		r.Method = Direct
	}
	if r.Status == Resolved && r.ClosedAt.IsZero() && len(p.value(fReceivedAt)) > 0 && !p.failed(fClosedAt) {
		p.bad(fClosedAt, ReasonNotClosed, "a resolved case needs closed_at")
	}
	r.Collective = p.word(fCollective) == "true"
	r.Surveyed = p.word(fSurveyed) == "true"
	r.Solved = answer(p.word(fSolved))
	r.RespondedInTime = answer(p.word(fRespondedInTime))
	r.Satisfaction = Satisfaction(p.word(fSatisfaction))
	if !r.Surveyed && (r.Solved != Unknown || r.Satisfaction != "") {
		p.bad(fSurveyed, ReasonSurveyMismatch, "solved or satisfaction is given but surveyed is not true: callback answers count only for surveyed cases")
	}
	if v := p.value(fSummary); len(v) > 0 {
		r.Summary = p.text(fSummary, v, &p.l.summaries)
	}
	if v := p.value(fResolution); len(v) > 0 {
		r.Resolution = p.text(fResolution, v, &p.l.resolutions)
	}
	if v := p.value(fMeeting); len(v) > 0 {
		r.Meeting = p.text(fMeeting, v, &p.l.meetings)
	}
	return p.nbad == 0
}

// places checks street, community, grid, category and subcategory against site.toml.
func (p *plan) places(r *Record) {
	street := p.value(fStreet)
	if len(street) > 0 {
		if _, ok := p.l.street[string(street)]; !ok {
			p.bad(fStreet, ReasonUnknownStreet, "unknown street %q%s: add it to site.toml under [[district.streets]]%s", street, p.from(fStreet), p.orMap(fStreet))
		}
	}
	if s := p.value(fCommunity); len(s) > 0 {
		cm, ok := p.l.community[string(s)]
		switch {
		case !ok:
			p.bad(fCommunity, ReasonUnknownCommunity, "unknown community %q%s: add it to site.toml under [[district.streets.communities]]%s", s, p.from(fCommunity), p.orMap(fCommunity))
		case len(street) > 0 && cm.Street.Name != string(street):
			p.bad(fCommunity, ReasonWrongStreet, "community %s belongs to %s, not %s", cm.Name, cm.Street.Name, street)
		default:
			r.Community = cm
		}
	}
	if g := p.value(fGrid); len(g) > 0 && r.Community != nil {
		r.Grid = lookupName(r.Community.Grids, g)
		if r.Grid == "" {
			p.bad(fGrid, ReasonUnknownGrid, "unknown grid %q of %s: add it to the community's grids in site.toml", g, r.Community.Name)
			r.Grid = string(g)
		}
	}
	if s := p.value(fCategory); len(s) > 0 {
		cat, ok := p.l.category[string(s)]
		if !ok {
			p.bad(fCategory, ReasonUnknownCategory, "unknown category %q%s: add it to site.toml under [[categories]]%s", s, p.from(fCategory), p.orMap(fCategory))
			return
		}
		r.Category = cat
		if sub := p.value(fSubcategory); len(sub) > 0 {
			r.Subcategory = lookupName(cat.Subcategories, sub)
			if r.Subcategory == "" {
				p.bad(fSubcategory, ReasonUnknownSub, "unknown subcategory %q of %s: add it to the category's subcategories in site.toml", sub, cat.Name)
				r.Subcategory = string(sub)
			}
		}
	}
}

// value returns the trimmed value of field f in the row, after the file's value mapping.
func (p *plan) value(f field) []byte {
	v := p.vals[f]
	if m := p.mapping[f]; m != nil {
		if to, ok := m.lookup(v); ok {
			return to.b
		}
	}
	return v
}

// raw returns the trimmed value of field f as the export writes it.
func (p *plan) raw(fields [][]byte, f field) []byte {
	i := p.col[f]
	if i < 0 {
		if f == fClosedAt && p.o311.on {
			if st := p.cell(fields, p.o311.status); bytes.EqualFold(st, []byte("closed")) {
				return p.cell(fields, p.o311.updated)
			}
			return nil
		}
		return p.fixed[f]
	}
	return p.cell(fields, i)
}

func (p *plan) cell(fields [][]byte, i int) []byte {
	if i >= len(fields) {
		return nil
	}
	return trimSpace(fields[i])
}

// trimSpace is bytes.TrimSpace, faster for text that starts and ends in Chinese.
func trimSpace(b []byte) []byte {
	for len(b) > 0 {
		c := b[0]
		if c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				break
			}
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if !unicode.IsSpace(r) && r != '\ufeff' {
			break
		}
		b = b[n:]
	}
	for len(b) > 0 {
		c := b[len(b)-1]
		if c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				break
			}
			b = b[:len(b)-1]
			continue
		}
		r, n := utf8.DecodeLastRune(b)
		if !unicode.IsSpace(r) {
			break
		}
		b = b[:len(b)-n]
	}
	return b
}

// from says what the export wrote when a value mapping changed it, for messages.
func (p *plan) from(f field) string {
	raw := p.vals[f]
	if v := p.value(f); !bytes.Equal(v, raw) {
		return " (mapped from " + strconv.Quote(string(raw)) + ")"
	}
	return ""
}

func (p *plan) orMap(f field) string {
	if p.imp == nil {
		return ""
	}
	return ", or map the export's value to one under [import.values." + f.String() + "]"
}

// word returns the canonical value of a field with a fixed vocabulary, or "" when it is
// empty or unknown (reported).
func (p *plan) word(f field) string {
	v := p.vals[f]
	w, ok := p.vocab[f].lookup(v)
	if ok {
		return w.s
	}
	if len(v) == 0 {
		return ""
	}
	switch f {
	case fCollective, fSurveyed:
		p.bad(f, ReasonUnknownValue, "unknown value %q: use true or false%s", v, p.orMap(f))
	case fSolved, fRespondedInTime:
		p.bad(f, ReasonUnknownValue, "unknown value %q: use yes, no or leave it empty%s", v, p.orMap(f))
	default:
		values, _ := config.CaseField(f.String())
		p.bad(f, ReasonUnknownValue, "unknown value %q: use one of %s%s", v, joinComma(values), p.orMap(f))
	}
	return ""
}

func answer(s string) Answer {
	switch s {
	case "yes":
		return Yes
	case "no":
		return No
	}
	return Unknown
}

// date reads a date field; a bad or future date is reported and gives the zero time.
func (p *plan) date(f field) time.Time {
	v := p.value(f)
	if len(v) == 0 {
		return time.Time{}
	}
	t, err := p.dates.parse(v)
	if err != nil {
		p.bad(f, err.reason, "%s", err.msg)
		return time.Time{}
	}
	if t.After(p.l.future) {
		p.bad(f, ReasonFutureDate, "%s %s is in the future: check the date, or the time zone of the export", f, v)
		return time.Time{}
	}
	return t
}

// text returns a free-text value as a string the record may keep: valid UTF-8 (bad bytes
// become U+FFFD, counted), without NUL bytes, not longer than MaxFieldBytes.
func (p *plan) text(f field, v []byte, in *interner) string {
	switch {
	case len(v) > MaxFieldBytes:
		p.bad(f, ReasonRowTooLong, "the value is %d bytes long, more than the %d accepted: a quote is probably left open", len(v), MaxFieldBytes)
		return ""
	case bytes.IndexByte(v, 0) >= 0:
		p.bad(f, ReasonNUL, "the value holds a NUL byte: the file is damaged or is not text")
		return ""
	}
	if !utf8.Valid(v) {
		v = bytes.ToValidUTF8(v, []byte("\uFFFD"))
	}
	if n := bytes.Count(v, []byte("\uFFFD")); n > 0 {
		p.file.Replaced += n
	}
	if in != nil {
		return in.get(v)
	}
	return string(v)
}

// bad reports a problem with field f of the current row.
func (p *plan) bad(f field, reason, format string, args ...any) {
	pos := p.row.At(f.String())
	p.l.errs.Add(pos, f.String()+": "+format, args...)
	p.nbad++
	if pos.Col < p.firstCol {
		p.firstCol, p.firstReason = pos.Col, reason
	}
	p.failedMask |= 1 << f
}

func (p *plan) failed(f field) bool { return p.failedMask&(1<<f) != 0 }

func lookupName(names []string, b []byte) string {
	for _, n := range names {
		if n == string(b) {
			return n
		}
	}
	return ""
}

// integerID turns an id that a spreadsheet wrote in exponent form (2.022081700123E+12)
// back into its digits, when it is a whole number.
func integerID(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != float64(int64(v)) || v < 0 || v > 1<<53 {
		return s
	}
	return strconv.FormatInt(int64(v), 10)
}

// interner keeps one copy of values that repeat (standard replies, meeting ids), so that a
// million records of a few thousand distinct texts stay small. It gives up on a field whose
// values hardly repeat (after internProbe lookups, fewer than a third were found), since
// looking them up would cost time and save nothing.
type interner struct {
	m             map[string]string
	lookups, hits int
	off           bool
}

const (
	internMax   = 1 << 16
	internProbe = 1 << 15
)

func (in *interner) get(b []byte) string {
	if in.off {
		return string(b)
	}
	in.lookups++
	if s, ok := in.m[string(b)]; ok {
		in.hits++
		return s
	}
	if in.lookups == internProbe && in.hits*3 < in.lookups {
		in.off, in.m = true, nil
		return string(b)
	}
	s := string(b)
	if in.m == nil {
		in.m = map[string]string{}
	}
	if len(in.m) < internMax {
		in.m[s] = s
	}
	return s
}

func joinComma(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x)
	}
	return b.String()
}
