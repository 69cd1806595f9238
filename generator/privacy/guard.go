package privacy

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"gongshi/generator/config"
	"gongshi/generator/pii"
	"gongshi/generator/source"
)

// Finding is what the guard found at a position. It never holds the raw value: Masked is the
// value as it may appear in a report (138****5678, 张**).
type Finding struct {
	Pos      source.Pos
	Field    string // export column or front-matter key, "" for file text
	Offset   int    // character offset in the field, from 1; 0 for file text (Pos is exact)
	Kind     pii.Kind
	Rule     string
	Severity pii.Severity
	Masked   string
	Redacted bool // replaced by a mask in redact mode
	Gate     string
}

// String formats the finding as a report line (SPEC §6.2), never with the raw value.
func (f Finding) String() string {
	where := f.Pos.String()
	if f.Field != "" {
		where += fmt.Sprintf(" (%s, character %d)", f.Field, f.Offset)
	}
	return fmt.Sprintf("%s: PRIVACY %s kind=%s rule=%s value=%s", where, f.Severity, f.Kind, f.Rule, f.Masked)
}

// Guard passes free text on its way to publication: every text goes through the detectors of
// SPEC §4. In refuse mode it only records findings (the build then fails with all of them); in
// redact mode it also masks every BLOCK finding in the text it returns. It is safe for
// concurrent use.
type Guard struct {
	det    *pii.Detector
	redact bool
	strict bool

	mu       sync.Mutex
	findings []Finding
}

// NewGuard returns a guard configured by site.toml's [privacy] table.
func NewGuard(p config.Privacy) (*Guard, error) {
	det, err := pii.New(pii.Options{
		PublicNumbers:      p.PublicNumbers,
		PublicEmailDomains: p.PublicEmailDomains,
		PublicPersons:      p.PublicPersons,
		TicketNumberRegex:  p.TicketNumberRegex,
	})
	if err != nil {
		return nil, err
	}
	return &Guard{det: det, redact: p.Mode == "redact", strict: p.Strict()}, nil
}

// Fresh returns a guard of g's configuration with no findings, sharing g's detector, which is
// safe for concurrent use and whose memos of clean texts only save work: a builder that builds
// the same site again and again makes the detector once.
func (g *Guard) Fresh() *Guard { return &Guard{det: g.det, redact: g.redact, strict: g.strict} }

// Detector returns the detector, for the output gate.
func (g *Guard) Detector() *pii.Detector { return g.det }

// Text returns Markdown text from a content file, whose first character is at pos, as it may be
// published. It is scanned as written and as rendered (without emphasis delimiters).
func (g *Guard) Text(pos source.Pos, text string) string {
	return g.pass(pos, "", text)
}

// Field returns one field of a record (a CSV cell, a front-matter value) as it may be published.
func (g *Guard) Field(pos source.Pos, field, text string) string {
	return g.pass(pos, field, text)
}

func (g *Guard) pass(pos source.Pos, field, text string) string {
	text = stripInvisible(text)
	if text == "" {
		return text
	}
	var fs []pii.Finding
	if field == "" {
		fs = scanMarkdown(g.det, text)
	} else {
		fs = g.det.ScanField(text)
	}
	if len(fs) == 0 {
		return text
	}
	var block []pii.Finding
	var found []Finding
	for _, f := range fs {
		at := pos
		off := 0
		if field == "" {
			line, col := source.LineCol(text, f.Start)
			at.Line += line - 1
			if line == 1 && pos.Col > 0 {
				col += pos.Col - 1
			}
			at.Col = col
		} else {
			off = 1 + len([]rune(text[:f.Start]))
		}
		redacted := g.redact && f.Severity == pii.Block
		if redacted {
			block = append(block, f)
		}
		found = append(found, Finding{Pos: at, Field: field, Offset: off, Kind: f.Kind, Rule: f.Rule,
			Severity: f.Severity, Masked: pii.MaskValue(f.Kind, f.Value(text)), Redacted: redacted, Gate: "input"})
	}
	g.mu.Lock()
	g.findings = append(g.findings, found...)
	g.mu.Unlock()
	if len(block) > 0 {
		return g.det.Redact(text, block)
	}
	return text
}

// Findings returns everything the guard found, sorted by position.
func (g *Guard) Findings() []Finding {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := append([]Finding(nil), g.findings...)
	SortFindings(out)
	return out
}

// Failing returns the findings that fail the build: BLOCK findings that were not redacted, and
// WARN findings when fail_on includes WARN.
func (g *Guard) Failing() []Finding {
	var out []Finding
	for _, f := range g.Findings() {
		if (f.Severity == pii.Block && !f.Redacted) || (f.Severity == pii.Warn && g.strict) {
			out = append(out, f)
		}
	}
	return out
}

// SortFindings orders findings by position, then kind.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return a.Kind < b.Kind
	})
}

// Error is returned when the privacy guard fails a build: exit code 3.
type Error struct {
	Findings []Finding
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, f := range e.Findings {
		if i == source.MaxShown {
			fmt.Fprintf(&b, "... and %d more privacy findings", len(e.Findings)-i)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(f.String())
	}
	return b.String()
}

func stripInvisible(s string) string {
	clean := true
	for _, r := range s {
		if isInvisible(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if !isInvisible(r) {
			out = append(out, r)
		}
	}
	return string(out)
}

func isInvisible(r rune) bool {
	return r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x00AD
}
