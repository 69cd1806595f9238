package privacy

import "gongshi/generator/source"

// Guard passes free text on its way to publication. It collects what it found, with positions,
// so a build can refuse (and report every finding at once) or redact.
//
// The detectors of SPEC §4 plug in here (issue 4); until then Guard only strips characters that
// have no business in published text: zero-width characters, which hide identifiers from the eye
// and from simple pattern matching.
type Guard struct {
	findings source.List
}

// NewGuard returns a guard.
func NewGuard() *Guard { return &Guard{} }

// Text returns text, at pos in its source file, as it may be published.
func (g *Guard) Text(pos source.Pos, text string) string {
	return stripInvisible(text)
}

// Findings returns what the guard found so far, sorted by position.
func (g *Guard) Findings() source.List { return g.findings.Sort() }

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
