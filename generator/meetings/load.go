package meetings

import (
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/schedule"
	"gongshi/generator/source"
)

var (
	slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	idRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

// Load reads halls, meetings and pages from fsys and checks them and their references to each
// other and to the configuration.
func Load(fsys fs.FS, cfg *config.Config) (*Set, source.List) { return (*Cache)(nil).Load(fsys, cfg) }

// Load is Load(fsys, cfg), decoding again only the front matter that the last Load of c did
// not decode.
func (c *Cache) Load(fsys fs.FS, cfg *config.Config) (*Set, source.List) {
	if c != nil {
		defer c.swap()
	}
	readDoc := func(fsys fs.FS, name string, tomlOnly bool, errs *source.List) *doc {
		d := c.read(fsys, name, tomlOnly, errs)
		if d != nil {
			d.cache = c
		}
		return d
	}
	var errs source.List
	s := &Set{}
	halls := map[string]*Hall{}
	brokenHalls := map[string]bool{} // halls whose file has errors: meetings in them are not reported again
	for _, name := range files(fsys, HallsDir, &errs, ".md", ".toml") {
		d := readDoc(fsys, name, strings.HasSuffix(name, ".toml"), &errs)
		if d == nil {
			continue
		}
		h, ok := loadHall(d, cfg, &errs)
		d.cache = nil // the loaded values keep d
		if h == nil || h.Slug == "" {
			if slug := rawValue(d.meta, "slug"); slug != "" {
				brokenHalls[slug] = true
			}
			continue
		}
		if other, dup := halls[h.Slug]; dup {
			errs.Add(h.At("slug"), "duplicate hall slug %q: %s uses it already", h.Slug, other.File)
			continue
		}
		halls[h.Slug] = h
		if ok {
			s.Halls = append(s.Halls, h)
		}
	}
	ids := map[string]*Meeting{}
	for _, name := range files(fsys, MeetingsDir, &errs, ".md") {
		d := readDoc(fsys, name, false, &errs)
		if d == nil {
			continue
		}
		m, ok := loadMeeting(d, halls, brokenHalls, &errs)
		d.cache = nil // the loaded values keep d
		if m == nil || m.ID == "" {
			// Its error is reported; keep its id so that cases naming it are not reported too.
			if id := rawValue(d.meta, "id"); id != "" {
				s.broken = append(s.broken, id)
			}
			continue
		}
		if other, dup := ids[m.ID]; dup {
			errs.Add(m.At("id"), "duplicate meeting id %q: %s uses it already", m.ID, other.File)
			continue
		}
		ids[m.ID] = m
		s.all = append(s.all, m)
		if ok {
			s.Meetings = append(s.Meetings, m)
		}
	}
	slugs := map[string]*Page{}
	for _, name := range files(fsys, PagesDir, &errs, ".md") {
		d := readDoc(fsys, name, false, &errs)
		if d == nil {
			continue
		}
		p, ok := loadPage(d, &errs)
		d.cache = nil // the loaded values keep d
		if p == nil {
			continue
		}
		if other, dup := slugs[p.Slug]; dup {
			errs.Add(p.At("slug"), "duplicate page slug %q: %s uses it already", p.Slug, other.File)
			continue
		}
		slugs[p.Slug] = p
		if ok {
			s.Pages = append(s.Pages, p)
		}
	}
	sort.Slice(s.Halls, func(i, j int) bool { return s.Halls[i].Slug < s.Halls[j].Slug })
	sort.Slice(s.Meetings, func(i, j int) bool {
		a, b := s.Meetings[i], s.Meetings[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.ID < b.ID
	})
	sort.Slice(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Slug < b.Slug
	})
	return s, errs.Sort()
}

// rawValue finds key = "value" at the top of a TOML text that could not be decoded, so that
// one broken file does not make every reference to it an error too.
func rawValue(meta, key string) string {
	for _, line := range strings.Split(meta, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			break
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) != key {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' {
			if end := strings.IndexByte(v[1:], '"'); end >= 0 {
				return v[1 : 1+end]
			}
		}
	}
	return ""
}

// files lists the files with one of the extensions under dir, recursively, sorted.
func files(fsys fs.FS, dir string, errs *source.List, exts ...string) []string {
	var out []string
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fs.SkipDir // the folder is optional
			}
			errs.Add(source.Pos{File: p}, "cannot read: %v", err)
			return nil
		}
		if strings.HasPrefix(e.Name(), ".") && p != dir {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		for _, x := range exts {
			if strings.HasSuffix(p, x) {
				out = append(out, p)
				return nil
			}
		}
		if !strings.HasSuffix(p, "~") {
			errs.Add(source.Pos{File: p}, "unexpected file: content here must end in %s", strings.Join(exts, " or "))
		}
		return nil
	})
	if err != nil {
		errs.Add(source.Pos{File: dir}, "cannot read: %v", err)
	}
	sort.Strings(out)
	return out
}

// read reads a file and cuts it into front matter and body, through c (a nil Cache: every time).
func (c *Cache) read(fsys fs.FS, name string, tomlOnly bool, errs *source.List) *doc {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		errs.Add(source.Pos{File: name}, "cannot read: %v", err)
		return nil
	}
	d, e := c.split(name, string(data), tomlOnly)
	errs.Append(e)
	return d
}

func loadHall(d *doc, cfg *config.Config, errs *source.List) (*Hall, bool) {
	var fm struct {
		Name         string  `toml:"name"`
		Slug         string  `toml:"slug"`
		Community    string  `toml:"community"`
		Address      string  `toml:"address"`
		SizeM2       float64 `toml:"size_m2"`
		OpeningHours string  `toml:"opening_hours"`
		schedule.Schedule
	}
	n := len(*errs)
	if !d.decode(&fm, errs) {
		return nil, false
	}
	h := &Hall{File: d.file, Name: fm.Name, Slug: fm.Slug, Address: fm.Address, SizeM2: fm.SizeM2,
		OpeningHours: fm.OpeningHours, Schedule: fm.Schedule, doc: d,
		Body: Text{Pos: source.Pos{File: d.file, Line: d.bodyLine}, Text: d.body}}
	required(d, errs, "name", fm.Name, "slug", fm.Slug, "community", fm.Community)
	if fm.Slug != "" && !slugRE.MatchString(fm.Slug) {
		errs.Add(d.at("slug"), "slug %q may hold only lower-case letters, digits and dashes", fm.Slug)
	}
	if fm.Community != "" {
		cm, ok := cfg.Community(fm.Community)
		if !ok {
			errs.Add(d.at("community"), "unknown community %q: use a community name or slug from site.toml", fm.Community)
		}
		h.Community = cm
	}
	if fm.SizeM2 < 0 {
		errs.Add(d.at("size_m2"), "size_m2 must not be negative")
	}
	var keys []source.Key // only to place a problem
	for _, p := range d.cache.validate(d, fm.Schedule) {
		if keys == nil {
			keys = source.KeyList(d.meta, d.metaLine)
		}
		line := source.NthLine(keys, p.Table, p.Index, p.Key)
		if line == 0 {
			line = d.metaLine
		}
		errs.Add(source.Pos{File: d.file, Line: line, Col: 1}, "%s", p.Error())
	}
	return h, len(*errs) == n
}

func loadMeeting(d *doc, halls map[string]*Hall, brokenHalls map[string]bool, errs *source.List) (*Meeting, bool) {
	var fm struct {
		ID          string    `toml:"id"`
		Hall        string    `toml:"hall"`
		Kind        string    `toml:"kind"`
		Title       string    `toml:"title"`
		Start       localTime `toml:"start"`
		End         localTime `toml:"end"`
		Status      string    `toml:"status"`
		PostponedTo localTime `toml:"postponed_to"`
		Sequence    int       `toml:"sequence"`
		Updated     localTime `toml:"updated"`
		PublishAt   localTime `toml:"publish_at"`
		NoticedAt   localTime `toml:"noticed_at"`
		Topic       string    `toml:"topic"`
		Agenda      []string  `toml:"agenda"`
		Attendance  int       `toml:"attendance"`
		Cases       []string  `toml:"cases"`
		Parties     []Party   `toml:"parties"`
		Measures    []Measure `toml:"measures"`
	}
	n := len(*errs)
	if !d.decode(&fm, errs) {
		return nil, false
	}
	m := &Meeting{File: d.file, ID: fm.ID, Title: fm.Title, Start: fm.Start.t, End: fm.End.t,
		PostponedTo: fm.PostponedTo.t, Sequence: fm.Sequence, Updated: fm.Updated.t, PublishAt: fm.PublishAt.t, NoticedAt: fm.NoticedAt.t,
		Topic: fm.Topic, Agenda: fm.Agenda, Attendance: fm.Attendance, Cases: fm.Cases, Parties: fm.Parties,
		Measures: fm.Measures, doc: d, Body: Text{Pos: source.Pos{File: d.file, Line: d.bodyLine}, Text: d.body}}
	for key, v := range map[string]*localTime{"start": &fm.Start, "end": &fm.End, "postponed_to": &fm.PostponedTo,
		"updated": &fm.Updated, "publish_at": &fm.PublishAt, "noticed_at": &fm.NoticedAt} {
		if v.bad != "" {
			errs.Add(d.at(key), "%s: %s", key, v.bad)
		}
	}
	checkMeasures(d, m, errs)
	if m.Hall == nil && fm.Hall != "" && brokenHalls[fm.Hall] {
		// The hall file's own errors are reported; the meeting cannot be placed until it is fixed.
		return m, false
	}
	required(d, errs, "id", fm.ID, "hall", fm.Hall, "kind", fm.Kind, "title", fm.Title, "status", fm.Status)
	if fm.ID != "" && !idRE.MatchString(fm.ID) {
		errs.Add(d.at("id"), "id %q may hold only letters, digits, '-' and '_': it becomes the page's URL", fm.ID)
	}
	if fm.Hall != "" {
		if m.Hall = halls[fm.Hall]; m.Hall == nil && !brokenHalls[fm.Hall] {
			errs.Add(d.at("hall"), "unknown hall %q: use the slug of a file in %s", fm.Hall, HallsDir)
		}
	}
	if fm.Kind != "" {
		m.Kind = Kind(fm.Kind)
		if !contains(Kinds, m.Kind) {
			errs.Add(d.at("kind"), "unknown kind %q: use one of %s", fm.Kind, list(Kinds))
		}
	}
	if fm.Status != "" {
		m.Status = Status(fm.Status)
		if !contains(Statuses, m.Status) {
			errs.Add(d.at("status"), "unknown status %q: use one of %s", fm.Status, list(Statuses))
		}
	}
	if fm.Start.t.IsZero() && fm.Start.bad == "" {
		errs.Add(d.at("start"), "start is missing: add start = 2022-08-18T14:30:00")
	}
	if m.Status == Postponed && m.PostponedTo.IsZero() {
		// allowed: postponed to a date not yet known
	} else if !m.PostponedTo.IsZero() && m.Status != Postponed {
		errs.Add(d.at("postponed_to"), "postponed_to is set but status is %q: set status = \"postponed\", or remove postponed_to", m.Status)
	}
	if fm.Sequence < 0 {
		errs.Add(d.at("sequence"), "sequence must not be negative: start at 0 and add 1 on each change")
	}
	if fm.Attendance < 0 {
		errs.Add(d.at("attendance"), "attendance must not be negative")
	}
	if !m.End.IsZero() && !m.Start.IsZero() && m.End.Before(m.Start) {
		errs.Add(d.at("end"), "end %s is before start %s", m.End.Format("2006-01-02 15:04"), m.Start.Format("2006-01-02 15:04"))
	}
	if !m.NoticedAt.IsZero() && !m.Start.IsZero() && dayOf(m.NoticedAt).After(dayOf(m.Start)) {
		errs.Add(d.at("noticed_at"), "noticed_at %s is after the meeting's start on %s: a notice is posted before the meeting",
			m.NoticedAt.Format("2006-01-02"), m.Start.Format("2006-01-02"))
	}
	for _, p := range fm.Parties {
		if !contains(Roles, p.Role) {
			errs.Add(d.at("parties.role"), "parties.role is not a known role (the value is not shown: it may be a personal name): use one of %s", list(Roles))
		}
		if p.Count < 0 {
			errs.Add(d.at("parties.count"), "party count must not be negative")
		}
	}
	return m, len(*errs) == n
}

// checkMeasures checks the agreed measures of a meeting: each says what, who (a role or a
// department) and by when, no earlier than the meeting.
func checkMeasures(d *doc, m *Meeting, errs *source.List) {
	var keys []source.Key // made when a problem is to be placed
	for i := range m.Measures {
		ms := &m.Measures[i]
		at := func(key string) source.Pos {
			if keys == nil {
				keys = source.KeyList(d.meta, d.metaLine)
			}
			if l := source.NthLine(keys, "measures", i, key); l > 0 {
				return source.Pos{File: d.file, Line: l, Col: 1}
			}
			return d.at("measures")
		}
		if strings.TrimSpace(ms.What) == "" {
			errs.Add(at("what"), "measures[%d]: what is missing: say what was agreed", i)
		}
		if strings.TrimSpace(ms.Owner) == "" {
			errs.Add(at("owner"), "measures[%d]: owner is missing: name a role (e.g. property_manager) or a department", i)
		}
		for key, v := range map[string]*localDate{"due": &ms.Due, "done_at": &ms.DoneAt} {
			if v.bad != "" {
				errs.Add(at(key), "measures[%d].%s: %s", i, key, v.bad)
			}
		}
		switch {
		case ms.Due.t.IsZero() && ms.Due.bad == "":
			errs.Add(at("due"), "measures[%d]: due is missing: add due = 2022-09-30", i)
		case !m.Start.IsZero() && ms.Due.t.Before(dayOf(m.Start)):
			errs.Add(at("due"), "measures[%d]: due %s is before the meeting on %s: a measure is agreed at the meeting",
				i, ms.Due.t.Format("2006-01-02"), m.Start.Format("2006-01-02"))
		}
		switch ms.Status {
		case "":
			ms.Status = MeasureOpen
		case MeasureOpen, MeasureDone:
		default:
			errs.Add(at("status"), "measures[%d]: status %q: use open or done (overdue follows from the due date)", i, ms.Status)
		}
		if ms.Status == MeasureDone && ms.DoneAt.t.IsZero() {
			errs.Add(at("status"), "measures[%d]: a done measure needs done_at = the date it was done", i)
		}
	}
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func loadPage(d *doc, errs *source.List) (*Page, bool) {
	var fm struct {
		Title  string `toml:"title"`
		Slug   string `toml:"slug"`
		Weight int    `toml:"weight"`
	}
	n := len(*errs)
	if !d.decode(&fm, errs) {
		return nil, false
	}
	if fm.Slug == "" {
		fm.Slug = strings.TrimSuffix(path.Base(d.file), ".md")
	}
	required(d, errs, "title", fm.Title)
	if !slugRE.MatchString(fm.Slug) {
		errs.Add(d.at("slug"), "slug %q may hold only lower-case letters, digits and dashes", fm.Slug)
	}
	return &Page{File: d.file, Title: fm.Title, Slug: fm.Slug, Weight: fm.Weight, doc: d,
		Body: Text{Pos: source.Pos{File: d.file, Line: d.bodyLine}, Text: d.body}}, len(*errs) == n
}

// required reports each empty value of the key/value pairs kv.
func required(d *doc, errs *source.List, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if strings.TrimSpace(kv[i+1]) == "" {
			errs.Add(d.at(kv[i]), "%s is missing: add %s = \"...\" to the front matter", kv[i], kv[i])
		}
	}
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func list[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
