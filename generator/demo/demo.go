// Package demo writes a seeded, deterministic, synthetic demo site for gongshi, modelled on
// the published account of Nanjing Jiangbei New Area's Yanjiang street (August 2022).
//
// Contract:
//
//   - Write(dir, opt) writes dir/site.toml and removes and rewrites
//     dir/content/{cases,halls,meetings,pages}; nothing else in dir is touched.
//   - The files follow the "Content formats" section of the repository README: case exports
//     as one CSV per year (content/cases/2021.csv, 2022.csv), halls and meetings as Markdown
//     with TOML front matter between +++ lines, pages likewise.
//   - The same Options give byte-identical files: all randomness comes from math/rand/v2 PCG
//     streams seeded with Options.Seed; neither the clock nor map iteration order is used.
//   - Case rows are streamed, so memory stays flat as Options.Cases grows; only the ids of
//     cases handled in meetings are kept, to be listed in the meeting files.
//   - Cases are received from 2021-01-01 to 2022-08-16 whatever their number; the build date
//     is 2022-08-17, meeting notices after it are scheduled (or cancelled, postponed).
//   - Every case whose method is a meeting names a meeting file of that kind, in a hall of
//     the same community, held after the case was received and before it was closed; each
//     meeting's cases list holds exactly the cases that name it.
//   - All data is synthetic. The caller columns 来电人 and 来电人电话 hold masked values only,
//     to exercise the importer that drops them; free text names roles and organisations,
//     never persons, and places down to a building, never a room; no phone numbers, plates,
//     ID numbers or addresses of homes appear anywhere.
package demo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options controls the size and the seed of the demo.
type Options struct {
	Cases int   // number of cases, default 12000
	Seed  int64 // default 1
}

// DefaultCases is the number of cases when Options.Cases is zero.
const DefaultCases = 12000

// contentDirs are the folders under content/ that Write owns.
var contentDirs = []string{"cases", "halls", "meetings", "pages"}

// Stream constants separate the random sequences of the generator's parts, so that a change
// in one part leaves the others' output alone.
const (
	streamVolume   = 0x5a1e_0001
	streamCases    = 0x5a1e_0002
	streamMeetings = 0x5a1e_0003
	streamMinutes  = 0x5a1e_0004
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// Write writes site.toml, the demo's case-id key (demo-case-id.key) and content/ (cases,
// halls, meetings, pages) into dir, creating folders. It removes and rewrites
// dir/content/{cases,halls,meetings,pages} so stale files never linger, but touches nothing
// else in dir.
func Write(dir string, opt Options) error {
	if opt.Cases < 0 {
		return fmt.Errorf("demo: negative number of cases %d", opt.Cases)
	}
	if opt.Cases == 0 {
		opt.Cases = DefaultCases
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if dir == "" {
		return errors.New("demo: empty directory")
	}
	content := filepath.Join(dir, "content")
	for _, sub := range contentDirs {
		p := filepath.Join(content, sub)
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if err := os.MkdirAll(p, 0o755); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	// The demo's case-id key: synthetic data, so it may live in the repository; a real site
	// keeps its key outside (see the README's privacy settings).
	if err := writeFile(filepath.Join(dir, "demo-case-id.key"), "gongshi demo key: synthetic data only, not a secret\n"); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "site.toml"), siteTOML()); err != nil {
		return err
	}
	sched := planMeetings(opt.Seed, meetingScale(opt.Cases))
	if err := writeCases(filepath.Join(content, "cases"), opt, sched); err != nil {
		return err
	}
	if err := writeMeetings(filepath.Join(content, "meetings"), opt.Seed, sched); err != nil {
		return err
	}
	if err := writeHalls(filepath.Join(content, "halls")); err != nil {
		return err
	}
	return writePages(filepath.Join(content, "pages"))
}

// meetingScale grows the number of meetings with the square root of the number of cases:
// 1 for the default 12,000 cases.
func meetingScale(cases int) float64 {
	return math.Sqrt(float64(cases) / DefaultCases)
}

// writeFile writes s to path, creating the parent folder.
func writeFile(path, s string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlStrings formats a one-line TOML array of strings.
func tomlStrings(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = tomlString(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
