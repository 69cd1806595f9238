package ical

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxLine is the longest a physical line may be, in octets without the CRLF (RFC 5545 3.1).
const MaxLine = 75

// text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks;
// other control characters but tab are dropped, and invalid UTF-8 becomes U+FFFD.
func text(s string) string { return string(appendText(nil, s)) }

func appendText(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			b = append(b, `\\`...)
		case c == ';':
			b = append(b, `\;`...)
		case c == ',':
			b = append(b, `\,`...)
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// CRLF: written once, as the LF below
		case c == '\n' || c == '\r':
			b = append(b, `\n`...)
		case c == '\t' || c >= 0x20 && c != 0x7f:
			b = append(b, c)
		}
	}
	return b
}

// fold writes a content line folded into physical lines of at most MaxLine octets, cutting only
// before the first byte of a UTF-8 character, each ended by CRLF; continuation lines start with a
// space, which counts in their length.
func fold(b *bytes.Buffer, line string) {
	w := writer{buf: b}
	w.write(line)
	w.end()
}

// writer writes content lines, folding them as they are written.
type writer struct {
	buf     *bytes.Buffer
	col     int    // octets on the current physical line
	scratch []byte // reused for escaping and formatting
}

// write adds s to the current content line, folding before a character that would pass MaxLine.
func (w *writer) write(s string) {
	for len(s) > 0 {
		room := MaxLine - w.col
		if len(s) <= room {
			w.buf.WriteString(s)
			w.col += len(s)
			return
		}
		cut := max(room, 0)
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		w.col = 1
		s = s[cut:]
	}
}

// end ends the content line.
func (w *writer) end() {
	w.buf.WriteString("\r\n")
	w.col = 0
}

// line writes NAME PARAMS ":" VALUE; value must already be escaped.
func (w *writer) line(name, params, value string) {
	w.write(name)
	w.write(params)
	w.write(":")
	w.write(value)
	w.end()
}

// text writes a content line with an escaped TEXT value.
func (w *writer) text(name, value string) {
	w.scratch = appendText(w.scratch[:0], value)
	w.write(name)
	w.write(":")
	w.write(string(w.scratch)) // the conversion does not escape: write copies
	w.end()
}

// local writes a date-time as wall-clock time in loc with TZID.
func (w *writer) local(name string, t time.Time, loc *time.Location) {
	w.scratch = t.In(loc).AppendFormat(w.scratch[:0], "20060102T150405")
	w.write(name)
	w.write(";TZID=" + TZID + ":")
	w.write(string(w.scratch))
	w.end()
}
