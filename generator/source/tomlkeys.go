package source

import "strings"

// KeyLines maps each key path of a TOML document ("district.streets.communities.slug") to the line
// where it first appears, so that a loader can point at a key that has a bad value. The TOML
// decoder reports positions of syntax errors only; this covers the rest. firstLine is the line
// number of text's first line in its file (front matter starts after the opening "+++").
//
// It understands what gongshi's files use: [table], [[array.of.tables]], key = value, dotted and
// quoted keys, and skips multi-line strings and arrays. It is a locator, not a parser: the
// document has already been parsed by the TOML decoder.
func KeyLines(text string, firstLine int) map[string]int {
	lines := make(map[string]int)
	for _, k := range KeyList(text, firstLine) {
		if _, ok := lines[k.Path]; !ok {
			lines[k.Path] = k.Line
		}
	}
	return lines
}

// Key is a key or table header of a TOML document and its line.
type Key struct {
	Path   string
	Line   int
	Header bool // a [table] or [[array]] header
}

// KeyList lists the keys and table headers of a TOML document in order; see KeyLines.
func KeyList(text string, firstLine int) []Key {
	var keys []Key
	table := ""
	inMulti := "" // closing delimiter of a multi-line string, if inside one
	depth := 0    // bracket depth of a multi-line array value
	for i, raw := range strings.Split(text, "\n") {
		n := firstLine + i
		line := strings.TrimSpace(raw)
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		if depth > 0 {
			depth += bracketDelta(line)
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			name := strings.Trim(stripComment(line), "[] \t")
			table = normKey(name)
			keys = append(keys, Key{Path: table, Line: n, Header: true})
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			continue
		}
		key := normKey(line[:eq])
		if table != "" {
			key = table + "." + key
		}
		keys = append(keys, Key{Path: key, Line: n})
		val := strings.TrimSpace(line[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(val, q) && !strings.Contains(val[3:], q) {
				inMulti = q
			}
		}
		if strings.HasPrefix(val, "[") {
			depth = bracketDelta(stripComment(val))
		}
	}
	return keys
}

// NthLine returns the line of key in the n-th (0-based) table with header path table: for
// "[[district.streets.communities]]" tables, NthLine(keys, "district.streets.communities", 3,
// "slug") is the line of the fourth community's slug. It falls back to the header's line, and
// to 0 when there is no such table.
func NthLine(keys []Key, table string, n int, key string) int {
	seen := -1
	for i, k := range keys {
		if !k.Header || k.Path != table {
			continue
		}
		if seen++; seen != n {
			continue
		}
		for _, kk := range keys[i+1:] {
			if kk.Header {
				break
			}
			if kk.Path == table+"."+key {
				return kk.Line
			}
		}
		return k.Line
	}
	return 0
}

// Line returns the line of key path in lines, falling back to its closest parent table, then to 0.
func Line(lines map[string]int, path string) int {
	for path != "" {
		if n, ok := lines[path]; ok {
			return n
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

func normKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func stripComment(s string) string {
	inStr := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0 && c == inStr:
			inStr = 0
		case inStr == 0 && (c == '"' || c == '\''):
			inStr = c
		case inStr == 0 && c == '#':
			return s[:i]
		}
	}
	return s
}

func bracketDelta(s string) int {
	d := 0
	inStr := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0 && c == '\\':
			i++
		case inStr != 0 && c == inStr:
			inStr = 0
		case inStr == 0 && (c == '"' || c == '\''):
			inStr = c
		case inStr == 0 && c == '#':
			return d
		case inStr == 0 && c == '[':
			d++
		case inStr == 0 && c == ']':
			d--
		}
	}
	return d
}
