package config

import (
	"errors"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"gongshi/generator/source"
)

// DecodeTOML decodes text (the whole of file, or its front matter starting at line firstLine)
// into v and reports, with positions, a syntax error or every key that v has no field for.
// Content loaders use it for front matter so that all of gongshi is strict in the same way.
// decoded is false when v could not be filled (a syntax or type error); unknown keys alone leave
// v filled, so the caller can go on checking the values and report everything at once.
func DecodeTOML(file, text string, firstLine int, v any) (md toml.MetaData, errs source.List, decoded bool) {
	md, err := toml.Decode(text, v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if msg == "" {
				msg = pe.Error()
			}
			// The decoder's line is one too far when the problem is a line break; its byte offset is exact.
			line, col := source.LineCol(text, pe.Position.Start)
			errs.Add(source.Pos{File: file, Line: firstLine + line - 1, Col: col}, "%s", strings.TrimSpace(msg))
		} else if m := lastKey.FindStringSubmatch(err.Error()); m != nil {
			// A type mismatch: the decoder names the key, not the line.
			msg := err.Error()[len(m[0]):]
			msg = strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(msg, ":")), "incompatible types: ")
			line := source.Line(source.KeyLines(text, firstLine), m[1])
			errs.Add(source.Pos{File: file, Line: line, Col: 1}, "%s: %s", m[1], msg)
		} else {
			errs.Add(source.Pos{File: file, Line: firstLine}, "%v", err)
		}
		return md, errs, false
	}
	lines := source.KeyLines(text, firstLine)
	reported := map[string]bool{}
	for _, k := range md.Undecoded() {
		path := k.String()
		if reported[parent(path)] {
			reported[path] = true // the table itself is already reported
			continue
		}
		reported[path] = true
		errs.Add(source.Pos{File: file, Line: source.Line(lines, path), Col: 1},
			"unknown key %s: remove it or check its spelling", path)
	}
	return md, errs, true
}

var lastKey = regexp.MustCompile(`^toml: line \d+ \(last key "([^"]+)"\)`)

func parent(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}
