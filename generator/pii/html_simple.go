package pii

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// scanSimple is the output gate's own tokenizer for the plain HTML that templates write. On
// the documents it accepts it hands the gate exactly the tokens golang.org/x/net/html's
// Tokenizer would (same text, names, attributes, offsets), in a fraction of the time and
// without an allocation per tag and attribute. It gives up, returning false, on anything
// outside that subset, and the caller then starts again with the full tokenizer:
//
//   - '\r' or NUL anywhere (newline and NUL conversion), an '&' that does not start a decimal
//     reference to a printable ASCII character ("&#43;"),
//   - '<' as the last byte, "<?", "</" not followed by a letter, a markup declaration other
//     than a comment or a DOCTYPE,
//   - an unquoted attribute value,
//   - a raw text element other than title, script and style, a script holding "<!--"
//     (the escaped script states),
//   - a document ending inside a tag, a comment, a DOCTYPE or raw text.
//
// The x/net/html function each step mirrors is named beside it; TestSimpleTokenizerMatches
// and FuzzGatePlain hold the two paths together.
func (g *htmlGate) scanSimple(data []byte) bool {
	if !simpleEntities(data) || bytes.IndexByte(data, '\r') >= 0 || bytes.IndexByte(data, 0) >= 0 {
		return false
	}
	pos := 0
	rawTag := ""
	for pos < len(data) {
		if rawTag != "" { // Next: readRawOrRCDATA, readScript
			end, ok := rawTextEnd(data, pos, rawTag)
			if !ok {
				return false
			}
			text := data[pos:end]
			if rawTag == "title" { // RCDATA: entities decoded
				text = g.unescape(text)
			}
			rawTag = ""
			if end > pos {
				g.text(text, pos, end-pos)
				pos = end
			}
			continue
		}
		// Next: text up to a '<' that starts a tag, a comment or a declaration
		lt := -1
		for i := pos; ; {
			j := bytes.IndexByte(data[i:], '<')
			if j < 0 {
				break
			}
			j += i
			if j+1 >= len(data) {
				return false
			}
			if c := data[j+1]; isASCIILetter(c) || c == '/' || c == '!' || c == '?' {
				lt = j
				break
			}
			i = j + 1
		}
		if lt < 0 {
			g.text(g.unescape(data[pos:]), pos, len(data)-pos)
			break
		}
		if lt > pos {
			g.text(g.unescape(data[pos:lt]), pos, lt-pos)
			pos = lt
		}
		switch c := data[lt+1]; {
		case isASCIILetter(c):
			end, raw, ok := g.simpleTag(data, lt, html.StartTagToken)
			if !ok {
				return false
			}
			if raw != "" {
				if raw != "title" && raw != "script" && raw != "style" {
					return false
				}
				rawTag = raw
			}
			pos = end
		case c == '/':
			if lt+2 >= len(data) || !isASCIILetter(data[lt+2]) {
				return false
			}
			end, _, ok := g.simpleTag(data, lt, html.EndTagToken)
			if !ok {
				return false
			}
			pos = end
		case c == '!':
			end, ok := g.simpleDeclaration(data, lt)
			if !ok {
				return false
			}
			pos = end
		default:
			return false
		}
	}
	g.flush()
	return true
}

type simpleAttr struct {
	k, v []byte
	vEnd int // end of the value's span in the document (Tokenizer.attr[i][1].end)
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

// skipSpace returns the offset of the first non-space byte from p, or -1 at the end of data
// (skipWhiteSpace).
func skipSpace(data []byte, p int) int {
	for p < len(data) && isHTMLSpace(data[p]) {
		p++
	}
	if p >= len(data) {
		return -1
	}
	return p
}

// simpleTag reads the start or end tag at lt and hands it to the gate. It returns the offset
// after the tag, the raw text element it opens (lower-case; readStartTag, startTagIn) and
// false where scanSimple gives up.
func (g *htmlGate) simpleTag(data []byte, lt int, tt html.TokenType) (int, string, bool) {
	p := lt + 1
	if tt == html.EndTagToken {
		p++
	}
	// readTagName
	nameStart, nameEnd := p, -1
	for ; p < len(data); p++ {
		if c := data[p]; isHTMLSpace(c) {
			nameEnd = p
			p++
			break
		} else if c == '/' || c == '>' {
			nameEnd = p
			break
		}
	}
	if nameEnd < 0 {
		return 0, "", false
	}
	// readTag
	g.attrs = g.attrs[:0]
	g.keys = g.keys[:0]
	if p = skipSpace(data, p); p < 0 {
		return 0, "", false
	}
	for {
		c := data[p]
		p++
		if c == '>' {
			break
		}
		p--
		// readTagAttrKey
		keyStart, keyEnd := p, -1
		for ; p < len(data); p++ {
			c := data[p]
			if c == '=' && p == keyStart {
				continue // an '=' before the name begins is part of it
			}
			if c == '=' || isHTMLSpace(c) || c == '/' || c == '>' {
				keyEnd = p
				break
			}
		}
		if keyEnd < 0 {
			return 0, "", false
		}
		// readTagAttrVal
		vStart, vEnd := p, p
		if p = skipSpace(data, p); p < 0 {
			return 0, "", false
		}
		switch c := data[p]; c {
		case '/':
			p++
		case '=':
			if p = skipSpace(data, p+1); p < 0 {
				return 0, "", false
			}
			switch q := data[p]; q {
			case '>':
			case '"', '\'':
				e := bytes.IndexByte(data[p+1:], q)
				if e < 0 {
					return 0, "", false
				}
				vStart, vEnd = p+1, p+1+e
				p = vEnd + 1
			default:
				return 0, "", false // unquoted value
			}
		}
		if tt == html.StartTagToken && keyEnd > keyStart && g.newKey(data[keyStart:keyEnd]) {
			g.attrs = append(g.attrs, simpleAttr{k: g.keys[len(g.keys)-(keyEnd-keyStart):], v: data[vStart:vEnd], vEnd: vEnd})
		}
		if p = skipSpace(data, p); p < 0 {
			return 0, "", false
		}
	}
	end := p
	// the keys were appended to g.keys, which may have moved: slice them again
	off := 0
	for i := range g.attrs {
		n := len(g.attrs[i].k)
		g.attrs[i].k = g.keys[off : off+n]
		off += n
	}
	name := append(g.name[:0], data[nameStart:nameEnd]...)
	lowerASCII(name)
	g.name = name
	if tt == html.StartTagToken {
		// readStartTag: self-closing when '/' ends the tag and is not the last character of
		// the last attribute's value
		if data[end-2] == '/' && (len(g.attrs) == 0 || end-2 != g.attrs[len(g.attrs)-1].vEnd-1) {
			tt = html.SelfClosingTagToken
		}
	}
	a := g.tagOpen(tt, name)
	typ := ""
	if len(g.attrs) > 0 && (a == atom.Script || mayHoldTag(data[lt:end])) {
		for _, at := range g.attrs {
			typ = g.attr(at.k, g.unescape(at.v), lt, typ)
		}
	}
	g.tagClose(tt, a, typ)
	raw := ""
	if tt != html.EndTagToken {
		switch string(name) {
		case "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp":
			raw = string(name)
		}
	}
	return end, raw, true
}

// newKey appends the lower-case key to g.keys and reports whether the tag has not had it
// before (readTag keeps the first of attributes with the same name).
func (g *htmlGate) newKey(k []byte) bool {
	n := len(g.keys)
	g.keys = append(g.keys, k...)
	key := g.keys[n:]
	lowerASCII(key)
	off := 0
	for _, a := range g.attrs {
		if bytes.Equal(g.keys[off:off+len(a.k)], key) {
			g.keys = g.keys[:n]
			return false
		}
		off += len(a.k)
	}
	return true
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// rawTextEnd returns where the raw text of rawTag that starts at pos ends: at "</" + rawTag
// (any case) + a space, '/' or '>' (readRawOrRCDATA, readRawEndTag). It gives up when there is
// none, and in a script holding "<!--" before it (readScript's escaped states).
func rawTextEnd(data []byte, pos int, rawTag string) (int, bool) {
	for i := pos; ; {
		j := bytes.Index(data[i:], []byte("</"))
		if j < 0 {
			return 0, false
		}
		j += i
		k := j + 2 + len(rawTag)
		if k >= len(data) {
			return 0, false
		}
		if bytes.EqualFold(data[j+2:k], []byte(rawTag)) {
			switch data[k] {
			case ' ', '\n', '\r', '\t', '\f', '/', '>':
				if rawTag == "script" && bytes.Contains(data[pos:j], []byte("<!--")) {
					return 0, false
				}
				return j, true
			}
		}
		i = j + 1
	}
}

// simpleDeclaration reads the comment or DOCTYPE at lt ("<!") and hands a comment to the gate
// (readMarkupDeclaration, readComment, readDoctype). It returns the offset after it.
func (g *htmlGate) simpleDeclaration(data []byte, lt int) (int, bool) {
	p := lt + 2
	if p+2 > len(data) {
		return 0, false
	}
	if data[p] != '-' || data[p+1] != '-' {
		if p+7 > len(data) || !bytes.EqualFold(data[p:p+7], []byte("DOCTYPE")) {
			return 0, false
		}
		e := bytes.IndexByte(data[p+7:], '>')
		if e < 0 || skipSpace(data, p+7) < 0 {
			return 0, false
		}
		return p + 7 + e + 1, true
	}
	p += 2
	start, end := p, -1
	dashes, beginning := 0, true
	for end < 0 {
		if p >= len(data) {
			return 0, false
		}
		c := data[p]
		p++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				end = p - len("-->")
				continue
			}
		case '!':
			if dashes >= 2 {
				if p >= len(data) {
					return 0, false
				}
				c = data[p]
				p++
				if c == '>' {
					end = p - len("--!>")
					continue
				} else if c == '-' {
					dashes = 1
					beginning = false
					continue
				}
			}
		}
		dashes = 0
		beginning = false
	}
	end = max(end, start)
	g.scanAlone(g.unescape(data[start:end]), g.base+lt, "comment", false)
	return p, true
}

// simpleEntities reports whether every '&' in data starts a reference numericEntity decodes,
// the only kind scanSimple takes.
func simpleEntities(data []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '&')
		if j < 0 {
			return true
		}
		i += j
		n, _ := numericEntity(data[i:])
		if n == 0 {
			return false
		}
		i += n
	}
}

// numericEntity returns the length and the character of the decimal reference to a printable
// ASCII character ("&#43;", at most 7 digits, with its ';') that starts b, or 0: what
// x/net/html's unescapeEntity makes of it, in text, comments and attribute values alike.
func numericEntity(b []byte) (int, byte) {
	if len(b) < 4 || b[0] != '&' || b[1] != '#' {
		return 0, 0
	}
	x, i := 0, 2
	for i < len(b) && i < 9 && isDigit(b[i]) {
		x = x*10 + int(b[i]-'0')
		i++
	}
	if i == 2 || i >= len(b) || b[i] != ';' || x < 0x20 || x > 0x7E {
		return 0, 0
	}
	return i + 1, byte(x)
}

// unescape decodes the references in b (a text, comment or attribute value of a document
// simpleEntities accepted, where every '&' starts one) into g.dec, which the next call reuses.
func (g *htmlGate) unescape(b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 {
		return b
	}
	out := g.dec[:0]
	for i := 0; i < len(b); {
		if b[i] == '&' {
			if n, c := numericEntity(b[i:]); n > 0 {
				out = append(out, c)
				i += n
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	g.dec = out
	return out
}
