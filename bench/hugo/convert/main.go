// Command convert writes the published cases and the meetings of a gongshi site as a Hugo site,
// for the side-by-side benchmark of issue #9 (bench/hugo/run).
//
//	go run ./bench/hugo/convert --site DIR --out HUGODIR [--now 2006-01-02]
//
// The cases are exactly those gongshi publishes: the site goes through gongshi's own pipeline
// (config, cases and meetings loaders, the privacy guard with its k-anonymity rule, the
// statistics, site.Assemble), read-only, and every case of the assembled site becomes one
// Markdown page, content/cases/ID.md, with TOML front matter (id, date, community, category,
// subcategory, status, days to close, ...) and its summary and resolution as the body; every
// published meeting becomes content/meetings/ID.md with its minutes as the body. Each page's url
// is gongshi's, so that Hugo writes the same paths (cases/ID.html, meetings/ID/index.html). Cases carry the
// taxonomies communities and categories (terms are the slugs, titled by _index.md files), so
// Hugo writes a list page per community and per category, as gongshi does. Dates are shown as
// gongshi shows them (month, or quarter); the front-matter date is the first day of that
// period, never the day a case came in.
//
// HUGODIR is replaced: hugo.toml, content/ and themes/gongshi/ (the theme in bench/hugo/theme).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata"

	"github.com/BurntSushi/toml"

	"gongshi/bench/hugo"
	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
	"gongshi/generator/site"
	"gongshi/generator/stats"
)

func main() {
	fl := flag.NewFlagSet("convert", flag.ExitOnError)
	siteDir := fl.String("site", "", "a gongshi site root: site.toml, content/ (required)")
	out := fl.String("out", "", "the Hugo site to write, replaced (required)")
	nowFlag := fl.String("now", "", "today's date as 2006-01-02 (default: [build] date in site.toml, else today)")
	fl.Parse(os.Args[1:])
	if *siteDir == "" || *out == "" || fl.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/hugo/convert --site DIR --out HUGODIR [--now 2006-01-02]")
		os.Exit(2)
	}
	var now time.Time
	if *nowFlag != "" {
		t, err := time.Parse("2006-01-02", *nowFlag)
		if err != nil {
			fmt.Fprintf(os.Stderr, "--now %q: write the date as 2006-01-02\n", *nowFlag)
			os.Exit(2)
		}
		now = t
	}
	n, err := Convert(*siteDir, *out, now)
	if err != nil {
		fmt.Fprintln(os.Stderr, "convert:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d case pages and %d meetings (%d communities, %d categories) into %s\n",
		n.Cases, n.Meetings, n.Communities, n.Categories, *out)
}

// Counts says what Convert wrote.
type Counts struct{ Cases, Meetings, Communities, Categories int }

// Convert writes the Hugo site of the gongshi site at siteDir into out. A zero now means
// [build] date in site.toml, else today, as in a gongshi build.
func Convert(siteDir, out string, now time.Time) (Counts, error) {
	s, err := load(siteDir, now)
	if err != nil {
		return Counts{}, err
	}
	if err := os.RemoveAll(out); err != nil {
		return Counts{}, err
	}
	w := &writer{root: out}
	w.file("hugo.toml", configFile(s))
	w.file("content/_index.md", frontMatter(map[string]any{"title": s.Title}, s.Description))
	w.file("content/cases/_index.md", frontMatter(map[string]any{"title": "办理结果"}, ""))
	w.file("content/meetings/_index.md", frontMatter(map[string]any{"title": "议事会议"}, ""))
	w.file("content/communities/_index.md", frontMatter(map[string]any{"title": "社区"}, ""))
	w.file("content/categories/_index.md", frontMatter(map[string]any{"title": "分类"}, ""))
	for _, c := range s.Communities {
		w.file("content/communities/"+c.Slug+"/_index.md", frontMatter(map[string]any{"title": c.Name, "street": c.Street}, ""))
	}
	for _, c := range s.Categories {
		w.file("content/categories/"+c.Slug+"/_index.md", frontMatter(map[string]any{"title": c.Name}, ""))
	}
	for _, c := range s.Cases {
		w.file("content/cases/"+c.ID+".md", casePage(c))
	}
	for _, m := range s.Meetings {
		w.file("content/meetings/"+m.ID+".md", meetingPage(m))
	}
	if w.err == nil {
		w.err = os.CopyFS(filepath.Join(out, "themes", "gongshi"), mustSub(hugo.Theme, "theme"))
	}
	return Counts{len(s.Cases), len(s.Meetings), len(s.Communities), len(s.Categories)}, w.err
}

// load runs gongshi's pipeline up to the assembled site, as generator/build does, and fails
// where a build would fail before writing.
func load(siteDir string, now time.Time) (*site.Site, error) {
	fsys := os.DirFS(siteDir)
	cfg, err := config.Load(fsys)
	if err != nil {
		return nil, err
	}
	if now.IsZero() {
		now = cfg.Build.Date
	}
	if now.IsZero() {
		now = time.Now()
	}
	now = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, config.Location())

	recs, rep, rejected := cases.Load(fsys, cases.Dir, cfg)
	if rep.Problems > 0 {
		return nil, rejected
	}
	set, merrs := meetings.Load(fsys, cfg)
	if len(merrs) > 0 {
		return nil, merrs
	}
	key, err := caseIDKey(fsys, cfg)
	if err != nil {
		return nil, err
	}
	guard, err := privacy.NewGuard(cfg.Privacy)
	if err != nil {
		return nil, err
	}
	pub := privacy.Cases(guard, recs, cfg.Privacy.KAnonymity, privacy.IDs(cfg.Privacy.CaseIDs, key))
	halls, ms, pages := privacy.Content(guard, set, now)
	if failing := guard.Failing(); len(failing) > 0 {
		return nil, &privacy.Error{Findings: failing}
	}
	st, err := stats.Compute(pub, ms, cfg, now)
	if err != nil {
		return nil, err
	}
	return site.Assemble(site.Input{Config: cfg, Now: now, Cases: pub, Halls: halls, Meetings: ms, Pages: pages, Stats: st}), nil
}

// caseIDKey finds the key of hashed case ids as gongshi's build does: the environment
// variable, else privacy.case_id_key_file (absolute, or inside the site).
func caseIDKey(fsys fs.FS, cfg *config.Config) ([]byte, error) {
	if cfg.Privacy.CaseIDs != "hashed" {
		return nil, nil
	}
	if k := os.Getenv(privacy.KeyEnv); k != "" {
		return []byte(k), nil
	}
	kf := cfg.Privacy.CaseIDKeyFile
	var (
		key []byte
		err error
	)
	switch {
	case kf == "":
		err = errors.New("no key")
	case filepath.IsAbs(kf):
		key, err = os.ReadFile(kf)
	default:
		key, err = fs.ReadFile(fsys, path.Clean(kf))
	}
	if err != nil || len(bytes.TrimSpace(key)) == 0 {
		return nil, fmt.Errorf("privacy.case_ids = \"hashed\" needs a key (%s or privacy.case_id_key_file): %v", privacy.KeyEnv, err)
	}
	return bytes.TrimSpace(key), nil
}

// configFile is hugo.toml. It holds only keys that Hugo 0.111 and today's Hugo read alike:
// page sizes are given in the templates (.Paginate ... 20), not by paginate or [pagination].
func configFile(s *site.Site) string {
	var b strings.Builder
	enc := toml.NewEncoder(&b)
	enc.Encode(map[string]any{
		"baseURL":        baseURL(s.BaseURL),
		"title":          s.Title,
		"params":         map[string]string{"lang": s.Lang}, // not languageCode: deprecated since 0.158
		"hasCJKLanguage": true,
		"theme":          "gongshi",
		"disableAliases": true, // no redirect page for page/1/: gongshi writes none either
		"taxonomies":     map[string]string{"community": "communities", "category": "categories"},
		"outputs": map[string][]string{
			"home": {"HTML", "RSS"}, "section": {"HTML"}, "taxonomy": {"HTML"}, "term": {"HTML"}, "page": {"HTML"},
		},
	})
	return b.String()
}

func baseURL(u string) string {
	if u == "" {
		return "https://example.org/"
	}
	return u
}

// casePage is a case as a Markdown page.
func casePage(c *site.Case) string {
	fm := map[string]any{
		"title":       "工单 " + c.ID,
		"id":          c.ID,
		"url":         c.URL, // gongshi's URL, so that Hugo writes the same path (cases/ID.html)
		"date":        periodStart(c.Received, c.ByQuarter),
		"received":    period(c.Received, c.ByQuarter),
		"community":   c.Community.Name,
		"category":    c.Category.Name,
		"status":      string(c.Status),
		"channel":     string(c.Channel),
		"communities": []string{c.Community.Slug},
		"categories":  []string{c.Category.Slug},
		"collective":  c.Collective,
	}
	if c.Subcategory != "" {
		fm["subcategory"] = c.Subcategory
	}
	if c.Method != "" {
		fm["method"] = string(c.Method)
	}
	if !c.Closed.IsZero() {
		fm["closed"] = period(c.Closed, c.ByQuarter)
		fm["days_to_close"] = c.DaysToClose
	}
	if c.Meeting != nil {
		fm["meeting"] = map[string]string{"id": c.Meeting.ID, "title": c.Meeting.Title, "url": c.Meeting.URL}
	}
	if c.Surveyed {
		fm["solved"] = map[cases.Answer]string{cases.Yes: "yes", cases.No: "no"}[c.Solved]
		fm["satisfaction"] = string(c.Satisfaction)
	}
	body := "## 诉求\n\n" + paragraph(c.Summary, "（无摘要）") + "\n\n## 办理结果\n\n" + paragraph(c.Resolution, "（无办理结果）") + "\n"
	return frontMatter(fm, body)
}

// meetingPage is a meeting as a Markdown page, its notice or minutes as the body.
func meetingPage(m *site.Meeting) string {
	fm := map[string]any{
		"title":     m.Title,
		"id":        m.ID,
		"url":       m.URL,
		"date":      m.Start,
		"hall":      m.Hall.Name,
		"community": m.Hall.Community.Name,
		"kind":      string(m.Kind),
		"status":    string(m.Status),
	}
	if m.Topic != "" {
		fm["topic"] = m.Topic
	}
	if len(m.Agenda) > 0 {
		fm["agenda"] = m.Agenda
	}
	if m.Attendance > 0 {
		fm["attendance"] = m.Attendance
	}
	var cs []map[string]string
	for _, c := range m.Cases {
		cs = append(cs, map[string]string{"id": c.ID, "url": c.URL})
	}
	if len(cs) > 0 {
		fm["cases"] = cs
	}
	return frontMatter(fm, m.Body)
}

// paragraph keeps free text from being read as Markdown block structure (a heading, a quote,
// a list item, a setext underline) and gives a placeholder for empty text.
func paragraph(text, empty string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return empty
	}
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("  \n")
		}
		b.WriteString(literal(strings.TrimSpace(line)))
	}
	return b.String()
}

// orderedItem matches the start of an ordered list item: "1. " or "1) ".
var orderedItem = regexp.MustCompile(`^[0-9]{1,9}[.)]( |$)`)

func literal(line string) string {
	switch {
	case line == "":
		return line
	case strings.ContainsRune("#>=", rune(line[0])):
		return `\` + line
	case strings.ContainsRune("-+*", rune(line[0])) && (len(line) == 1 || line[1] == ' ' || line[1] == line[0]):
		return `\` + line
	case orderedItem.MatchString(line):
		i := strings.IndexAny(line, ".)")
		return line[:i] + `\` + line[i:]
	}
	return line
}

func period(t time.Time, byQuarter bool) string {
	if byQuarter {
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
	}
	return t.Format("2006-01")
}

func periodStart(t time.Time, byQuarter bool) time.Time {
	m := t.Month()
	if byQuarter {
		m = (m-1)/3*3 + 1
	}
	return time.Date(t.Year(), m, 1, 0, 0, 0, 0, t.Location())
}

// frontMatter is a Markdown file: fm as TOML between +++ lines, then body.
func frontMatter(fm map[string]any, body string) string {
	var b strings.Builder
	b.WriteString("+++\n")
	if err := toml.NewEncoder(&b).Encode(fm); err != nil {
		panic(err) // only strings, numbers, booleans, times and lists of them
	}
	b.WriteString("+++\n")
	if body != "" {
		b.WriteString(body)
		if !strings.HasSuffix(body, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// writer writes files under root, keeping the first error.
type writer struct {
	root string
	err  error
}

func (w *writer) file(name, data string) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.root, filepath.FromSlash(name))
	if w.err = os.MkdirAll(filepath.Dir(p), 0o755); w.err == nil {
		w.err = os.WriteFile(p, []byte(data), 0o644)
	}
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
