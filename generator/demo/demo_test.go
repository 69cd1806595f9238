package demo

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
)

func writeDemo(t testing.TB, opt Options) string {
	t.Helper()
	dir := t.TempDir()
	if err := Write(dir, opt); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readTree returns every file under dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	a := readTree(t, writeDemo(t, Options{Cases: 2000, Seed: 7}))
	b := readTree(t, writeDemo(t, Options{Cases: 2000, Seed: 7}))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, x := range a {
		if y, ok := b[name]; !ok {
			t.Errorf("%s missing in the second run", name)
		} else if !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs with the same seed", name)
		}
	}
	c := readTree(t, writeDemo(t, Options{Cases: 2000, Seed: 8}))
	for _, name := range []string{"content/cases/2021.csv", "content/cases/2022.csv"} {
		if bytes.Equal(a[name], c[name]) {
			t.Errorf("%s is the same for seeds 7 and 8", name)
		}
	}
}

func TestRewriteKeepsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "content", "meetings", "2020", "M-2020-0101-old.md")
	keep := filepath.Join(dir, "themes", "default", "base.html")
	for _, p := range []string{stale, keep} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(dir, Options{Cases: 500}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale meeting survived: %v", err)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "x" {
		t.Errorf("file outside content/ was touched: %q %v", b, err)
	}
}

// siteConfig mirrors site.toml; every key must decode into it.
type siteConfig struct {
	Title       string
	Description string
	BaseURL     string `toml:"base_url"`
	Language    string
	Theme       []string
	Synthetic   bool
	Build       struct{ Date time.Time }
	District    struct {
		Name, Slug string
		Streets    []struct {
			Name, Slug  string
			Communities []struct {
				Name, Slug string
				Grids      []string
			}
		}
	}
	Categories []struct {
		Name, Slug    string
		Subcategories []string
		Sensitive     bool
	}
	Privacy struct {
		K                 int
		Mode              string
		CaseIDs           string   `toml:"case_ids"`
		PublicNumbers     []string `toml:"public_numbers"`
		TicketNumberRegex []string `toml:"ticket_number_regex"`
	}
	Stats struct {
		BasicallySatisfiedWeight float64 `toml:"basically_satisfied_weight"`
		NMin                     int     `toml:"n_min"`
	}
}

type meetingFM struct {
	ID, Hall, Kind, Title, Status, Topic string
	Start, End                           time.Time
	Cases                                []string
	Parties                              []struct {
		Role  string
		Count int
		Org   string
	}
}

type hallFM struct {
	Name, Slug, Community, Address string
	SizeM2                         int    `toml:"size_m2"`
	OpeningHours                   string `toml:"opening_hours"`
}

type pageFM struct {
	Title, Slug string
	Weight      int
}

// frontMatter decodes the +++ block of a content file into v (the fields these tests read;
// TestRealLoaders checks the whole format with gongshi's own loaders) and returns the body.
func frontMatter(t *testing.T, name string, data []byte, v any) string {
	t.Helper()
	s := string(data)
	end := strings.Index(s, "\n+++\n")
	if !strings.HasPrefix(s, "+++\n") || end < 0 {
		t.Fatalf("%s: no +++ front matter", name)
	}
	if _, err := toml.Decode(s[4:end+1], v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s[end+5:]
}

var (
	phoneRe = regexp.MustCompile(`1[3-9]\d{9}`)
	roomRe  = regexp.MustCompile(`\d+-\d+-\d+|\d+室|\d+单元|[张王李赵刘陈][师先]|老[张王李赵刘陈]|小[张王李赵刘陈]`)
	idRe    = regexp.MustCompile(`^\d{13}$`)
)

// wall returns a front-matter local datetime as the wall clock in UTC.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

type loaded struct {
	site     siteConfig
	header   []string
	rows     [][]string
	meetings map[string]meetingFM
	bodies   map[string]string
	files    map[string][]byte
}

func load(t *testing.T, dir string) *loaded {
	t.Helper()
	l := &loaded{files: readTree(t, dir), meetings: map[string]meetingFM{}, bodies: map[string]string{}}
	if _, err := toml.Decode(string(l.files["site.toml"]), &l.site); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(l.files))
	for name := range l.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := l.files[name]
		switch {
		case strings.HasPrefix(name, "content/cases/"):
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if l.header == nil {
				l.header = recs[0]
			} else if !slices.Equal(l.header, recs[0]) {
				t.Errorf("%s: header differs", name)
			}
			l.rows = append(l.rows, recs[1:]...)
		case strings.HasPrefix(name, "content/meetings/"):
			var m meetingFM
			body := frontMatter(t, name, data, &m)
			if want := "content/meetings/" + m.Start.Format("2006") + "/" + m.ID + ".md"; name != want {
				t.Errorf("%s: want path %s", name, want)
			}
			if _, dup := l.meetings[m.ID]; dup {
				t.Errorf("%s: duplicate meeting id", name)
			}
			l.meetings[m.ID], l.bodies[m.ID] = m, body
		case strings.HasPrefix(name, "content/halls/"):
			var h hallFM
			frontMatter(t, name, data, &h)
		case strings.HasPrefix(name, "content/pages/"):
			var p pageFM
			frontMatter(t, name, data, &p)
		}
	}
	return l
}

func TestConsistency(t *testing.T) {
	checkConsistency(t, load(t, writeDemo(t, Options{Cases: 3000, Seed: 3})))
}

func checkConsistency(t *testing.T, l *loaded) {
	want := []string{"id", "来电人", "来电人电话", "received_at", "responded_at", "closed_at", "street", "community", "grid",
		"category", "subcategory", "channel", "status", "method", "collective", "summary", "resolution", "solved",
		"satisfaction", "surveyed", "responded_in_time", "meeting"}
	if !slices.Equal(l.header, want) {
		t.Fatalf("header %v", l.header)
	}
	col := func(row []string, name string) string { return row[slices.Index(l.header, name)] }
	grids, subs, hallCom := map[string]map[string]bool{}, map[string]map[string]bool{}, map[string]string{}
	for _, st := range l.site.District.Streets {
		for _, c := range st.Communities {
			grids[c.Name] = map[string]bool{}
			for _, g := range c.Grids {
				grids[c.Name][g] = true
			}
		}
	}
	for _, c := range l.site.Categories {
		subs[c.Name] = map[string]bool{}
		for _, s := range c.Subcategories {
			subs[c.Name][s] = true
		}
	}
	for name, data := range l.files {
		if strings.HasPrefix(name, "content/halls/") {
			var h hallFM
			frontMatter(t, name, data, &h)
			hallCom[h.Slug] = h.Community
		}
		if phoneRe.Match(data) && !strings.HasSuffix(name, ".csv") {
			t.Errorf("%s: phone-like number %q", name, phoneRe.Find(data))
		}
	}
	pointing := map[string][]string{}
	ids := map[string]bool{}
	for _, row := range l.rows {
		id := col(row, "id")
		for i, cell := range row {
			if phoneRe.MatchString(cell) {
				t.Errorf("case %s: column %s looks like a phone number: %q", id, l.header[i], cell)
			}
		}
		for _, c := range []string{"summary", "resolution"} {
			if s := col(row, c); roomRe.MatchString(s) {
				t.Errorf("case %s: %s names a room or a person: %q", id, c, s)
			}
		}
		if !idRe.MatchString(id) || ids[id] {
			t.Errorf("case id %q malformed or duplicate", id)
		}
		ids[id] = true
		recv, err := time.Parse(timeLayout, col(row, "received_at"))
		if err != nil || recv.Format("20060102") != id[:8] || recv.Before(firstDay) || !recv.Before(buildDate) {
			t.Errorf("case %s: received_at %q (%v)", id, col(row, "received_at"), err)
		}
		var closed time.Time
		if s := col(row, "closed_at"); s != "" {
			if closed, err = time.Parse(timeLayout, s); err != nil || closed.Before(recv) || closed.After(cutoff) {
				t.Errorf("case %s: closed_at %q before received_at or after the export (%v)", id, s, err)
			}
		}
		if s := col(row, "responded_at"); s != "" {
			resp, err := time.Parse(timeLayout, s)
			if err != nil || resp.Before(recv) || (!closed.IsZero() && resp.After(closed)) {
				t.Errorf("case %s: responded_at %q out of order", id, s)
			}
		}
		st := col(row, "status")
		if closed.IsZero() != (st == "received" || st == "in_progress") {
			t.Errorf("case %s: status %s with closed_at %q", id, st, col(row, "closed_at"))
		}
		com := col(row, "community")
		if g := grids[com]; g == nil || !g[col(row, "grid")] {
			t.Errorf("case %s: community %q / grid %q not in site.toml", id, com, col(row, "grid"))
		}
		if s := subs[col(row, "category")]; s == nil || !s[col(row, "subcategory")] {
			t.Errorf("case %s: category %q / %q not in site.toml", id, col(row, "category"), col(row, "subcategory"))
		}
		if col(row, "surveyed") != "true" && (col(row, "solved") != "" || col(row, "satisfaction") != "") {
			t.Errorf("case %s: survey answers without a survey", id)
		}
		mid := col(row, "meeting")
		if mid == "" {
			if m := col(row, "method"); m != "direct" && m != "" {
				t.Errorf("case %s: method %s without a meeting", id, m)
			}
			continue
		}
		pointing[mid] = append(pointing[mid], id)
		m, ok := l.meetings[mid]
		switch {
		case !ok:
			t.Errorf("case %s: meeting %s does not exist", id, mid)
		case m.Kind != col(row, "method") || m.Status != "held":
			t.Errorf("case %s: method %s but meeting %s is a %s %s", id, col(row, "method"), mid, m.Status, m.Kind)
		case hallCom[m.Hall] != com:
			t.Errorf("case %s of %s: meeting %s in hall %s of %s", id, com, mid, m.Hall, hallCom[m.Hall])
		case wall(m.Start).Before(recv) || closed.IsZero() || wall(m.End).After(closed):
			t.Errorf("case %s (%s..%s): meeting %s at %v..%v", id, recv, closed, mid, m.Start, m.End)
		}
	}
	byHall := map[string][]meetingFM{}
	for _, m := range l.meetings {
		byHall[m.Hall] = append(byHall[m.Hall], m)
	}
	for h, ms := range byHall {
		slices.SortFunc(ms, func(a, b meetingFM) int { return a.Start.Compare(b.Start) })
		for i := 1; i < len(ms); i++ {
			if ms[i].Start.Before(ms[i-1].End) {
				t.Errorf("hall %s: meetings %s and %s overlap", h, ms[i-1].ID, ms[i].ID)
			}
		}
	}
	for id, m := range l.meetings {
		if !slices.Equal(m.Cases, pointing[id]) && len(m.Cases)+len(pointing[id]) > 0 {
			t.Errorf("meeting %s lists %v, cases pointing at it: %v", id, m.Cases, pointing[id])
		}
		if hallCom[m.Hall] == "" {
			t.Errorf("meeting %s: unknown hall %s", id, m.Hall)
		}
		for _, p := range m.Parties {
			if roleCN[p.Role] == "" || p.Count < 1 {
				t.Errorf("meeting %s: party %+v", id, p)
			}
		}
		body := l.bodies[id]
		if n := utf8.RuneCountInString(body); m.Status == "held" && (n < 300 || n > 900) {
			t.Errorf("meeting %s: minutes of %d characters", id, n)
		}
		for _, sec := range []string{"## 会议议题", "## 参会各方", "## 各方意见", "## 商定事项", "## 后续跟踪"} {
			if m.Status == "held" && !strings.Contains(body, sec) {
				t.Errorf("meeting %s: no %s", id, sec)
			}
		}
		if roomRe.MatchString(body) {
			t.Errorf("meeting %s names a room or a person: %q", id, roomRe.FindString(body))
		}
		if future := !wall(m.Start).Before(buildDate); future == (m.Status == "held") {
			t.Errorf("meeting %s at %v has status %s", id, m.Start, m.Status)
		}
	}
}

func BenchmarkWrite100k(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if err := Write(dir, Options{Cases: 100_000}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRealLoaders reads a demo with gongshi's own loaders, which are strict about every key and
// value of every format: the demo must load without a single error.
func TestRealLoaders(t *testing.T) {
	dir := writeDemo(t, Options{Cases: 3000, Seed: 5})
	fsys := os.DirFS(dir)
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, errs := cases.Load(fsys, cases.Dir, cfg)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	set, errs := meetings.Load(fsys, cfg)
	errs.Append(set.CheckRefs(recs))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(recs) != 3000 || len(set.Halls) == 0 || len(set.Meetings) == 0 || len(set.Pages) != 2 {
		t.Errorf("%d cases, %d halls, %d meetings, %d pages", len(recs), len(set.Halls), len(set.Meetings), len(set.Pages))
	}
	measures := 0
	for _, m := range set.Meetings {
		measures += len(m.Measures)
	}
	if measures == 0 {
		t.Error("no agreed measures in the minutes")
	}
}
