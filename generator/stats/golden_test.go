package stats

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar (then check them by hand)")

// TestGolden computes the figures of each testdata/*.txtar, a small table of cases checked by
// hand, and compares them with its want section: the definitions of issue 5 on tables small
// enough to count on paper, with their edge cases (no surveyed cases, every count suppressed, a
// month without cases, a case closed in a later month than it was received in). Each archive
// has a site.toml (communities, categories, k and the weight of "basically satisfied"), now
// (the build date), cases and want; its comment says how the numbers come about.
//
// A line of cases is: how many identical cases, community slug, category slug, channel,
// status, method (- for none), received and closed (2006-01-02T15:04, - for none), surveyed,
// solved and responded in time (yes, no or -), satisfaction (satisfied, basically,
// dissatisfied or -), collective (yes or no). Lines starting with # are comments.
//
// An archive may have meetings, one line per set of identical meetings: how many, kind, hall
// slug, status, start (2006-01-02T15:04) and the day the notice was posted (2006-01-02, - for
// none).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.txtar: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := map[string][]byte{}
			for _, f := range ar.Files {
				sec[f.Name] = f.Data
			}
			cfg, err := config.Load(fstest.MapFS{"site.toml": {Data: sec["site.toml"]}})
			if err != nil {
				t.Fatal(err)
			}
			now, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(string(sec["now"])), config.Location())
			if err != nil {
				t.Fatal(err)
			}
			cs := parseCases(t, cfg, string(sec["cases"]))
			s, err := Compute(cs, parseMeetings(t, string(sec["meetings"])), cfg, now)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(s)
			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want" {
						ar.Files[i].Data = []byte(got)
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(sec["want"]); got != want {
				t.Errorf("figures of %s:\n%s\nwant:\n%s", file, got, want)
			}
		})
	}
}

func parseMeetings(t *testing.T, text string) []*privacy.Meeting {
	t.Helper()
	var out []*privacy.Meeting
	halls := map[string]*privacy.Hall{}
	for i, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 6 {
			t.Fatalf("meetings line %d: %d fields, want 6", i+1, len(f))
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			t.Fatalf("meetings line %d: %v", i+1, err)
		}
		f = f[1:]
		if halls[f[1]] == nil {
			halls[f[1]] = &privacy.Hall{Slug: f[1], Name: f[1]}
		}
		start, err := time.ParseInLocation("2006-01-02T15:04", f[3], config.Location())
		if err != nil {
			t.Fatalf("meetings line %d: %v", i+1, err)
		}
		var noticed time.Time
		if f[4] != "-" {
			if noticed, err = time.ParseInLocation("2006-01-02", f[4], config.Location()); err != nil {
				t.Fatalf("meetings line %d: %v", i+1, err)
			}
		}
		for j := 0; j < n; j++ {
			out = append(out, &privacy.Meeting{ID: fmt.Sprintf("M%d-%d", i+1, j), Kind: meetings.Kind(f[0]), Hall: halls[f[1]],
				Status: meetings.Status(f[2]), Start: start, NoticedAt: noticed})
		}
	}
	return out
}

func parseCases(t *testing.T, cfg *config.Config, text string) []privacy.Case {
	t.Helper()
	var out []privacy.Case
	at := func(s string) time.Time {
		if s == "-" {
			return time.Time{}
		}
		v, err := time.ParseInLocation("2006-01-02T15:04", s, config.Location())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	answer := func(s string) cases.Answer {
		return map[string]cases.Answer{"yes": cases.Yes, "no": cases.No, "-": cases.Unknown}[s]
	}
	for i, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		// Two optional fields: the subcategory and the grid ("-" for none).
		if len(f) != 13 && len(f) != 15 {
			t.Fatalf("cases line %d: %d fields, want 13 or 15", i+1, len(f))
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			t.Fatalf("cases line %d: %v", i+1, err)
		}
		cm, ok := cfg.Community(f[1])
		if !ok {
			t.Fatalf("cases line %d: no community %s", i+1, f[1])
		}
		var cat *config.Category
		for j := range cfg.Categories {
			if cfg.Categories[j].Slug == f[2] {
				cat = &cfg.Categories[j]
			}
		}
		if cat == nil {
			t.Fatalf("cases line %d: no category %s", i+1, f[2])
		}
		c := privacy.Case{Community: cm, Category: cat, Channel: cases.Channel(f[3]), Status: cases.Status(f[4]),
			ReceivedAt: at(f[6]), ClosedAt: at(f[7]), Surveyed: f[8] == "yes", Solved: answer(f[9]),
			RespondedInTime: answer(f[10]), Collective: f[12] == "yes"}
		if f[5] != "-" {
			c.Method = cases.Method(f[5])
		}
		if len(f) == 15 {
			if f[13] != "-" {
				c.Subcategory = f[13]
			}
			if f[14] != "-" {
				c.Grid = f[14]
			}
		}
		if f[11] != "-" {
			c.Satisfaction = map[string]cases.Satisfaction{"satisfied": cases.Satisfied,
				"basically": cases.BasicallySatisfied, "dissatisfied": cases.Dissatisfied}[f[11]]
		}
		for k := 0; k < n; k++ {
			out = append(out, c)
		}
	}
	return out
}

// dump writes the figures of the 12-month window, of all time, of every month and community,
// and the community × month table, one row a line.
func dump(s *Site) string {
	var b strings.Builder
	row := func(name string, f Figures) {
		fmt.Fprintf(&b, "%s: received %s closed %s resolved %s collective %s proactive %s meeting %s surveyed %s\n", name,
			cnt(f.Received), cnt(f.Closed), cnt(f.Resolved), cnt(f.Collective), cnt(f.Proactive), cnt(f.Meeting), cnt(f.Surveyed))
		fmt.Fprintf(&b, "  response %s resolution %s satisfaction %s strict %s closure %s\n",
			rate(f.Response), rate(f.Resolution), rate(f.Satisfaction), rate(f.StrictSatisfaction), rate(f.Closure))
		fmt.Fprintf(&b, "  median %s p90 %s within-hour %s share %s\n", day(f.MedianDays), day(f.P90Days),
			cnt(f.WithinHour), rate(f.WithinHourShare))
	}
	fmt.Fprintf(&b, "window %s..%s\n", s.From.Format("2006-01-02"), s.To.AddDate(0, 0, -1).Format("2006-01-02"))
	row("window", s.Headline)
	row("all", s.All)
	for _, r := range s.ByMonth {
		name := "month " + r.Key
		if r.Key == s.Partial {
			name += " (partial)"
		}
		row(name, r.Figures)
	}
	for _, r := range s.ByCommunity {
		row("community "+r.Key, r.Figures)
	}
	g := s.ByCommunityMonth
	fmt.Fprintf(&b, "community-month %s\n", strings.Join(g.Cols, " "))
	for i, r := range g.Rows {
		var cells []string
		for _, c := range g.Cells[i] {
			cells = append(cells, cnt(c))
		}
		fmt.Fprintf(&b, "  %s %s\n", r, strings.Join(cells, " "))
	}
	for _, r := range s.BySubcategory {
		row("subcategory "+r.Key, r.Figures)
	}
	for _, r := range s.ByGrid {
		fmt.Fprintf(&b, "grid %s: received %s\n", r.Key, cnt(r.Received))
	}
	for _, r := range s.ByHandling {
		row("handling "+r.Key, r.Figures)
	}
	for _, rk := range s.Rankings {
		fmt.Fprintf(&b, "ranking %s n_min %d\n", rk.Def, rk.NMin)
		for _, r := range rk.Rows {
			fmt.Fprintf(&b, "  %s %s %s", r.Key, r.Standing, rate(r.Rate))
			if r.Standing == Ranked {
				fmt.Fprintf(&b, " rank %d wilson [%.4f, %.4f]", r.Rank, r.Low, r.High)
			}
			b.WriteString("\n")
		}
	}
	if len(s.MeetingsByKind.Cols) > 0 {
		for _, g := range []struct {
			name string
			g    MeetingGrid
		}{{"meetings-kind", s.MeetingsByKind}, {"meetings-hall", s.MeetingsByHall}} {
			fmt.Fprintf(&b, "%s %s\n", g.name, strings.Join(g.g.Cols, " "))
			for i, r := range g.g.Rows {
				var cells []string
				for _, c := range g.g.Cells[i] {
					cells = append(cells, cnt(c))
				}
				fmt.Fprintf(&b, "  %s %s total %s\n", r, strings.Join(cells, " "), cnt(g.g.Total[i]))
			}
			var cells []string
			for _, c := range g.g.Month {
				cells = append(cells, cnt(c))
			}
			fmt.Fprintf(&b, "  all %s\n", strings.Join(cells, " "))
		}
		for _, l := range s.LeadTime {
			fmt.Fprintf(&b, "lead %s: n %s no-notice %s late %d median %s p90 %s\n", l.Key, cnt(l.N), cnt(l.NoNotice), l.Late, day(l.Median), day(l.P90))
		}
	}
	return b.String()
}

func cnt(c Count) string {
	if c.Hidden {
		return "×"
	}
	return strconv.Itoa(c.N)
}

func rate(r Rate) string {
	switch {
	case r.Hidden:
		return "×"
	case r.None():
		return "—"
	}
	return fmt.Sprintf("%s/%d=%.1f%%", strconv.FormatFloat(math.Round(r.Num*1e4)/1e4, 'f', -1, 64), r.Den, r.Percent())
}

func day(d Days) string {
	switch {
	case d.Hidden:
		return "×"
	case d.None:
		return "—"
	}
	return strconv.FormatFloat(math.Round(d.Value*1e4)/1e4, 'f', -1, 64)
}
