package pii

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The output gate (SPEC §2.3, §3): rendered HTML and JSON are scanned the way a reader sees
// them. Entities and \uXXXX escapes are decoded, text is joined across inline tags within a
// block element (<b>138</b>1234 5678 is one run), every attribute value is scanned on its own,
// and inline JSON (<script type="application/json">) is decoded and its strings scanned.

// TextFinding is a finding in a file scanned by ScanHTML or ScanJSON. Start and End index the
// decoded text that was scanned; Offset locates it in the input.
type TextFinding struct {
	Finding
	// Offset is the byte offset in the input of the finding when the source text had no
	// entities or escapes, otherwise of the start of the text node, attribute tag or JSON token.
	Offset int
	// Where says what was scanned: "text", "attr alt", "comment", "script", or a JSON path
	// such as "json $.items[2].title" (inside HTML: "script json $.…").
	Where string
	// Value is the masked value (MaskValue), never the raw one.
	Value string
	// Context is the text around the finding with every finding in it replaced by 〔…〕.
	Context string
}

// isBlock reports the elements that flush the text joined so far; everything else is inline.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Br, atom.Caption,
		atom.Dd, atom.Details, atom.Dialog, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Head, atom.Header, atom.Hr, atom.Html, atom.Li, atom.Main, atom.Nav, atom.Ol, atom.Option,
		atom.P, atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Tfoot,
		atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Ul, atom.Textarea, atom.Select, atom.Button,
		atom.Label, atom.Legend, atom.Meta, atom.Link, atom.Img, atom.Input, atom.Video, atom.Audio,
		atom.Iframe, atom.Object, atom.Svg, atom.Canvas, atom.Noscript:
		return true
	}
	return false
}

// skippedAttr reports the attributes that hold opaque machine values, never text.
func skippedAttr(name []byte) bool { return string(name) == "integrity" || string(name) == "nonce" }

type textSeg struct {
	bufStart int
	fileOff  int
	exact    bool // decoded text has the same bytes as the source: offsets can be refined
}

type htmlGate struct {
	d     *Detector
	out   []TextFinding
	buf   []byte
	segs  []textSeg
	base  int // offset of the scanned document within the outer input
	cache *memoCache

	script     atom.Atom // atom.Script or atom.Style inside one, else 0
	scriptJSON bool      // inside a script whose type is JSON

	// scratch of scanSimple
	dec   []byte
	name  []byte
	attrs []simpleAttr
	keys  []byte
}

// ScanHTML scans an HTML document (SPEC §3 output gate) and returns its findings in document
// order. Reading errors are returned; malformed HTML is scanned as well as it parses.
func (d *Detector) ScanHTML(r io.Reader) ([]TextFinding, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.ScanHTMLBytes(data), nil
}

// ScanHTMLBytes is ScanHTML of a document in memory, which it only reads.
func (d *Detector) ScanHTMLBytes(data []byte) []TextFinding {
	c := d.getCache()
	g := &htmlGate{d: d, cache: c}
	g.scan(data)
	d.caches.Put(c)
	return g.out
}

func (g *htmlGate) scan(data []byte) {
	if !g.d.plain {
		n := len(g.out)
		if g.scanSimple(data) {
			return
		}
		// not simple: start again with the full tokenizer
		g.out, g.buf, g.segs = g.out[:n], g.buf[:0], g.segs[:0]
		g.script, g.scriptJSON = 0, false
	}
	g.scanTokens(data)
}

// scanTokens scans data with the HTML tokenizer of golang.org/x/net/html.
func (g *htmlGate) scanTokens(data []byte) {
	z := html.NewTokenizer(bytes.NewReader(data))
	off := 0
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case html.ErrorToken:
			g.flush()
			return
		case html.TextToken:
			g.text(z.Text(), start, len(raw))
		case html.CommentToken:
			g.scanAlone(z.Text(), g.base+start, "comment", false)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := g.tagOpen(tt, name)
			typ := ""
			// A tag whose bytes hold nothing mayHold looks for, nor '&' or NUL (the only
			// ways to add bytes to a value), has no value worth scanning: only a script's
			// type is wanted from it.
			if !g.d.plain && a != atom.Script && !mayHoldTag(raw) {
				hasAttr = false
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				typ = g.attr(k, v, start, typ)
			}
			g.tagClose(tt, a, typ)
		}
	}
}

// text handles a text token: content is its decoded text, rawLen the length of its source.
func (g *htmlGate) text(content []byte, start, rawLen int) {
	if g.script != 0 {
		if g.script == atom.Style {
			return
		}
		if g.scriptJSON {
			if fs, err := g.d.scanJSON(content, g.base+start, "script ", g.cache); err == nil {
				g.out = append(g.out, fs...)
				return
			}
		}
		g.scanAlone(content, g.base+start, "script", rawLen == len(content))
		return
	}
	g.segs = append(g.segs, textSeg{bufStart: len(g.buf), fileOff: g.base + start, exact: len(content) == rawLen})
	n := len(g.buf)
	g.buf = append(g.buf, content...)
	for i := n; i < len(g.buf); i++ {
		if c := g.buf[i]; c == '\n' || c == '\r' || c == '\t' {
			g.buf[i] = ' ' // rendered as a space
		}
	}
}

// tagOpen handles the name of a tag (lower-case): a block element ends the text joined so far.
func (g *htmlGate) tagOpen(tt html.TokenType, name []byte) atom.Atom {
	a := atom.Lookup(name)
	if isBlock(a) || a == 0 && len(name) > 0 && tt != html.EndTagToken && isBlockCustom(name) {
		g.flush()
	}
	return a
}

// attr handles an attribute of a tag that starts at start (key lower-case, value decoded) and
// returns typ, or the value of a type attribute.
func (g *htmlGate) attr(k, v []byte, start int, typ string) string {
	if string(k) == "type" {
		typ = strings.ToLower(strings.TrimSpace(string(v)))
	}
	if skippedAttr(k) || len(v) == 0 {
		return typ
	}
	g.scanAttr(k, v, g.base+start)
	return typ
}

// tagClose follows scripts and styles, whose text is not page text.
func (g *htmlGate) tagClose(tt html.TokenType, a atom.Atom, typ string) {
	switch {
	case (a == atom.Script || a == atom.Style) && tt == html.StartTagToken:
		g.flush()
		g.script = a
		g.scriptJSON = a == atom.Script && (strings.HasSuffix(typ, "json") || strings.Contains(typ, "json+"))
	case (a == atom.Script || a == atom.Style) && tt == html.EndTagToken:
		g.script, g.scriptJSON = 0, false
	}
}

// mayHoldTag is mayHold for the raw bytes of a tag, whose attribute values are those bytes
// with entities decoded ('&') and NUL replaced by U+FFFD.
func mayHoldTag(raw []byte) bool {
	for _, c := range raw {
		if c >= utf8.RuneSelf || isDigit(c) || c == '@' || c == '_' || c == '&' || c == 0 {
			return true
		}
	}
	return false
}

// isBlockCustom treats unknown elements as inline; custom elements (with '-') as blocks.
func isBlockCustom(name []byte) bool { return bytes.IndexByte(name, '-') >= 0 }

func (g *htmlGate) flush() {
	if len(g.buf) == 0 {
		g.segs = g.segs[:0]
		return
	}
	fs := g.d.scanMemo(g.buf, g.cache)
	text := ""
	if len(fs) > 0 {
		text = string(g.buf)
	}
	for i, f := range fs {
		off := 0
		for _, s := range g.segs {
			if s.bufStart > f.Start {
				break
			}
			off = s.fileOff
			if s.exact {
				off += f.Start - s.bufStart
			}
		}
		g.out = append(g.out, newTextFinding(text, fs, i, off, "text"))
	}
	g.buf = g.buf[:0]
	g.segs = g.segs[:0]
}

// scanAttr scans an attribute value; its name makes where only when something is found.
func (g *htmlGate) scanAttr(name, value []byte, off int) {
	if len(bytes.TrimSpace(value)) == 0 || g.d.scanMemo(value, g.cache) == nil {
		return
	}
	g.scanAlone(value, off, "attr "+string(name), false)
}

func (g *htmlGate) scanAlone(b []byte, off int, where string, exact bool) {
	if len(bytes.TrimSpace(b)) == 0 {
		return
	}
	fs := g.d.scanMemo(b, g.cache)
	if len(fs) == 0 {
		return
	}
	text := string(b)
	for i, f := range fs {
		o := off
		if exact {
			o += f.Start
		}
		g.out = append(g.out, newTextFinding(text, fs, i, o, where))
	}
}

func newTextFinding(text string, fs []Finding, i, off int, where string) TextFinding {
	f := fs[i]
	return TextFinding{
		Finding: f,
		Offset:  off,
		Where:   where,
		Value:   MaskValue(f.Kind, f.Value(text)),
		Context: MaskedContext(text, fs, i, 12),
	}
}

// MaskedContext returns up to radius runes on each side of finding fs[i] in text, with every
// finding in that window replaced by 〔…〕, for reports (SPEC §6.2 ctx=…).
func MaskedContext(text string, fs []Finding, i, radius int) string {
	if i < 0 || i >= len(fs) {
		return ""
	}
	f := fs[i]
	a := f.Start
	for n := 0; n < radius && a > 0; n++ {
		a--
		for a > 0 && !isRuneStart(text[a]) {
			a--
		}
	}
	b := f.End
	for n := 0; n < radius && b < len(text); n++ {
		b++
		for b < len(text) && !isRuneStart(text[b]) {
			b++
		}
	}
	var sb strings.Builder
	if a > 0 {
		sb.WriteString("…")
	}
	pos := a
	for _, o := range fs {
		if o.End <= pos || o.Start >= b {
			continue
		}
		if o.Start > pos {
			sb.WriteString(text[pos:o.Start])
		}
		sb.WriteString("〔…〕")
		pos = o.End
	}
	if pos < b {
		sb.WriteString(text[pos:b])
	}
	if b < len(text) {
		sb.WriteString("…")
	}
	return sb.String()
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }

// ScanJSON walks every string (and number) of a JSON document, keys included, with \uXXXX
// escapes decoded, and scans each on its own; strings holding markup are scanned as HTML.
func (d *Detector) ScanJSON(data []byte) ([]TextFinding, error) {
	c := d.getCache()
	defer d.caches.Put(c)
	return d.scanJSON(data, 0, "", c)
}

func (d *Detector) scanJSON(data []byte, base int, prefix string, c *memoCache) ([]TextFinding, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var out []TextFinding
	for {
		tok, err := dec.ReadToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch tok.Kind() {
		case '"':
			depth := dec.StackDepth()
			kind, n := dec.StackIndex(depth)
			isKey := kind == '{' && n%2 == 1
			out = append(out, d.scanJSONString(tok.String(), data, base, int(dec.InputOffset()), prefix, dec, isKey, c)...)
		case '0':
			s := tok.String()
			fs := d.scanMemoString(s, c)
			if len(fs) == 0 {
				continue
			}
			where := prefix + "json " + jsonPath(dec, false)
			end := int(dec.InputOffset())
			for i := range fs {
				out = append(out, newTextFinding(s, fs, i, base+end-len(s)+fs[i].Start, where))
			}
		}
	}
}

// jsonPath writes where the decoder is as $.items[2].title; key leaves out the name just read.
func jsonPath(dec *jsontext.Decoder, key bool) string {
	var b strings.Builder
	b.WriteByte('$')
	level := 0
	depth := dec.StackDepth()
	for tok := range dec.StackPointer().Tokens() {
		level++
		kind, _ := dec.StackIndex(level)
		if kind == '[' {
			b.WriteString("[" + tok + "]")
		} else if !(key && level == depth) {
			b.WriteString("." + tok)
		}
	}
	return b.String()
}

// scanJSONString scans the JSON string v that ends at offset end of data; prefix, stack and
// key say where it is, for the findings.
func (d *Detector) scanJSONString(v string, data []byte, base, end int, prefix string, dec *jsontext.Decoder, key bool, c *memoCache) []TextFinding {
	// locate the opening quote of the token that ends at end
	start := end - 1
	for start > 0 {
		start--
		if data[start] == '"' {
			bs := 0
			for k := start - 1; k >= 0 && data[k] == '\\'; k-- {
				bs++
			}
			if bs%2 == 0 {
				break
			}
		}
	}
	rawLen := end - start - 2
	if strings.ContainsAny(v, "<>") || strings.Contains(v, "&") && strings.Contains(v, ";") {
		g := &htmlGate{d: d, base: base + start + 1, cache: c}
		g.scan([]byte(v))
		where := ""
		if len(g.out) > 0 {
			where = prefix + "json " + jsonPath(dec, key)
		}
		for i := range g.out {
			g.out[i].Where = where + " " + g.out[i].Where
			if rawLen != len(v) {
				g.out[i].Offset = base + start
			}
		}
		return g.out
	}
	fs := d.scanMemoString(v, c)
	if len(fs) == 0 {
		return nil
	}
	where := prefix + "json " + jsonPath(dec, key)
	out := make([]TextFinding, 0, len(fs))
	for i := range fs {
		off := base + start
		if rawLen == len(v) {
			off += 1 + fs[i].Start
		}
		out = append(out, newTextFinding(v, fs, i, off, where))
	}
	return out
}
