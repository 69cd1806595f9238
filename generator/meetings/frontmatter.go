package meetings

import (
	"strings"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// doc is a content file split into TOML front matter and a Markdown body, keeping line numbers:
// the front matter's first line and the body's first line are lines of the file.
type doc struct {
	file      string
	meta      string
	metaLine  int // line of meta's first line in the file
	body      string
	bodyLine  int
	keyLines  map[string]int
	hasFences bool
	cache     *Cache // nil: decode every time
}

// split cuts a file into front matter between "+++" lines and body. A .toml file is front matter
// only.
func split(file, text string, tomlOnly bool) (*doc, source.List) {
	var errs source.List
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	d := &doc{file: file, metaLine: 1}
	if tomlOnly {
		d.meta = text
	} else {
		if !strings.HasPrefix(text, "+++\n") {
			errs.Add(source.Pos{File: file, Line: 1, Col: 1}, "missing front matter: the file must start with a line \"+++\", the TOML fields, and another \"+++\"")
			return nil, errs
		}
		rest := text[4:]
		end := strings.Index(rest, "\n+++\n")
		if end < 0 {
			if strings.HasSuffix(rest, "\n+++") {
				end = len(rest) - 4
			} else {
				errs.Add(source.Pos{File: file, Line: 1, Col: 1}, "front matter is not closed: add a line \"+++\" after the TOML fields")
				return nil, errs
			}
		}
		d.meta = rest[:end+1]
		d.metaLine = 2
		d.hasFences = true
		if after := end + 5; after <= len(rest) {
			d.body = rest[after:]
		}
		d.bodyLine = d.metaLine + strings.Count(d.meta, "\n") + 1
	}
	d.keyLines = source.KeyLines(d.meta, d.metaLine)
	return d, errs
}

// decode decodes the front matter strictly into v, adding problems to errs. It reports whether v
// was filled (unknown keys alone do not stop the checks of the other values).
func (d *doc) decode(v any, errs *source.List) bool {
	if d.cache != nil {
		return d.cache.decode(d, v, errs)
	}
	_, e, ok := config.DecodeTOML(d.file, d.meta, d.metaLine, v)
	errs.Append(e)
	return ok
}

// at returns the position of a front-matter key.
func (d *doc) at(key string) source.Pos {
	line := source.Line(d.keyLines, key)
	if line == 0 {
		line = d.metaLine
	}
	return source.Pos{File: d.file, Line: line, Col: 1}
}
