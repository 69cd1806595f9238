package atom

import (
	"bytes"
	"unicode/utf8"
)

// writer builds the XML text of a feed.
type writer struct{ b bytes.Buffer }

func (w *writer) raw(s string) { w.b.WriteString(s) }

// indent writes two spaces per level.
func (w *writer) indent(level int) { w.b.WriteString("        "[:2*level]) }

// attr writes ` name="value"` with the value escaped.
func (w *writer) attr(name, value string) {
	w.b.WriteString(" " + name + `="`)
	escape(&w.b, value, true)
	w.b.WriteByte('"')
}

// elem writes <name>value</name> on a line of its own.
func (w *writer) elem(level int, name, value string) {
	w.indent(level)
	w.b.WriteString("<" + name + ">")
	escape(&w.b, value, false)
	w.b.WriteString("</" + name + ">\n")
}

// textElem writes an Atom text construct: <name type="text">value</name>.
func (w *writer) textElem(level int, name, value, typ string) {
	w.indent(level)
	w.b.WriteString("<" + name)
	w.attr("type", typ)
	w.b.WriteByte('>')
	escape(&w.b, value, false)
	w.b.WriteString("</" + name + ">\n")
}

// link writes <link rel="..." type="..." href="..."/>.
func (w *writer) link(level int, rel, typ, href string) {
	w.indent(level)
	w.b.WriteString("<link")
	w.attr("rel", rel)
	w.attr("type", typ)
	w.attr("href", href)
	w.b.WriteString("/>\n")
}

// person writes an Atom person construct.
func (w *writer) person(level int, name string, p Person) {
	w.indent(level)
	w.b.WriteString("<" + name + ">\n")
	w.elem(level+1, "name", p.Name)
	if p.URI != "" {
		w.elem(level+1, "uri", p.URI)
	}
	if p.Email != "" {
		w.elem(level+1, "email", p.Email)
	}
	w.indent(level)
	w.b.WriteString("</" + name + ">\n")
}

// escape writes s as XML character data, or as an attribute value when attr is set: &, < and >
// become entities, and " too in an attribute, where tab and line breaks become character
// references so that they survive attribute normalisation. CRLF and CR become LF; other control
// characters, and U+FFFE and U+FFFF, are dropped (XML 1.0 forbids or discourages them), and
// invalid UTF-8 becomes U+FFFD.
func escape(b *bytes.Buffer, s string, attr bool) {
	start := 0 // s[start:i] is to be written as it is
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && (c != '"' || !attr) && c != 0x7f {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if (r != utf8.RuneError || size > 1) && (r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000) {
				i += size
				continue
			}
		}
		b.WriteString(s[start:i])
		i += size
		start = i
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\r' && i < len(s) && s[i] == '\n':
			// CRLF: the LF follows
		case r == '\r' || r == '\n':
			b.WriteString(newline(attr))
		case r == '\t' && attr:
			b.WriteString("&#x9;")
		case r == '\t':
			b.WriteByte('\t')
		case r == utf8.RuneError && size == 1:
			b.WriteString("\uFFFD") // invalid UTF-8
		}
	}
	b.WriteString(s[start:])
}

func newline(attr bool) string {
	if attr {
		return "&#xA;"
	}
	return "\n"
}
