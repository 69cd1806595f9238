package build

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"strings"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/privacy"
	"gongshi/generator/render"
	"gongshi/generator/site"
	"gongshi/generator/source"
	"gongshi/generator/theme"
)

// Incremental builds a site into memory again and again (for the dev server), each time doing
// only what the changes since the previous build require. Whatever it reuses, the files of a
// successful build are byte for byte those Run writes from the same inputs, and the same inputs
// fail it with the same errors, except that no privacy report is written.
//
// What it keeps between builds, each reused only while its inputs are unchanged:
//   - the inputs (site.toml, content/, themes/), read again when their size or time changes or
//     when a caller names them; the loaders read this snapshot, never the disk, so what was
//     compared is what was built;
//   - the configuration (site.toml);
//   - the case exports as loaded and passed through the privacy guard, and the order in which
//     the site lists them (site.CaseOrder) (site.toml, the exports, the case id key and the date);
//   - halls, meetings and pages as loaded and checked against the cases, and the decoded front
//     matter of every content file and the problems of every hall's schedule (meetings.Cache:
//     only the files that changed are decoded and checked);
//   - each meeting as guarded, while its file and hall are unchanged;
//   - the figures of the cases;
//   - the privacy detector, and what it memoises of clean texts (site.toml and the date);
//   - the theme, and what each page template reads (render.Deps);
//   - what the files that are not pages were made of (render.Cache): the search index, which
//     re-tokenises only the documents that changed and sorts them again only when their order
//     may have changed (search.Builder), each case's document of it, the case files of the open
//     data, which follow the published cases (opendata.Cache), and the sitemap;
//   - the last good site: its files, a fingerprint of each page's data, and the key of each case
//     page and list of cases (render.Deps.CaseKeys), whose fingerprint is kept without its being
//     taken again while the key, the case exports, site.toml, the theme and the day are the same;
//     the pages' by their index in render.Jobs while the site lists the same pages.
//
// Everything else (guarding halls, the meeting figures, assembling the view model, listing the
// pages, the open data but the case files, calendars, feeds) runs every time; the open data and
// the search index beside the listing of the pages. Each page is rendered again only when its fingerprint changed (see
// render.Deps); every other file is written again and compared. Only files whose bytes changed
// go through the output gate again, all of them when site.toml changed.
type Incremental struct {
	opt  IncrementalOptions
	seed maphash.Seed
	in   *snapshot

	cfgSum uint64
	cfg    *config.Config

	cases   *caseCache
	meet    *meetCache
	content *contentCache
	stats   *statsCache

	extras *render.Cache   // the search index and open data of the last build
	front  *meetings.Cache // the decoded front matter of the content files

	themeSum uint64
	th       *theme.Theme
	deps     *render.Deps
	salt     uint64

	last      *Output
	lastModel *site.Site // the view model of last
	modelKey  uint64     // its inputs: all but the theme, and the day
	siteFiles []string   // the files of last written by render.SiteExtras
	lastOK    bool       // the last Build succeeded
	lastDay   time.Time  // the wall-clock day of the last Build
	gatedCfg  uint64     // site.toml of the last good build, whose files all passed the gate
	// The pages of the last good build, with their fingerprints and case keys
	// (render.Deps.CaseKeys), and what else their fingerprints were taken with: a case page whose
	// key is the same, with the same inputs, keeps its fingerprint without its being taken again.
	pages   *lastPages
	caseEnv caseEnv

	guard    *privacy.Guard // made for guardCfg on the real date guardDay; see newGuard
	guardCfg *config.Config
	guardDay int
}

// caseEnv is what a case page's fingerprint depends on besides its key: the case exports as
// loaded and guarded, site.toml, the theme and the day.
type caseEnv struct {
	cases *caseCache
	cfg   *config.Config
	deps  *render.Deps
	salt  uint64
	now   time.Time
}

// IncrementalOptions configure an Incremental.
type IncrementalOptions struct {
	Site fs.FS     // the site root
	Now  time.Time // --now; zero means [build] date in site.toml, else Today
	// Today returns the wall-clock date; nil means time.Now.
	Today func() time.Time
	// CaseIDKey returns the key of hashed case ids; it is called again whenever site.toml or the
	// exports change. Nil means no key.
	CaseIDKey func() ([]byte, error)
}

// Output is a site built in memory.
type Output struct {
	Files    map[string][]byte // every file of the site; never changed once returned
	Changed  []string          // added or changed since the previous good build, sorted
	Removed  []string          // gone since the previous good build, sorted
	Inputs   []string          // input files added, changed or removed since the previous build
	Rendered int               // pages rendered; the others kept their bytes
	// Fingerprinted is how many pages were fingerprinted; the others are case pages that kept
	// the fingerprint of the last good build (render.Deps.CaseKeys).
	Fingerprinted int
	// RenderedPages are the paths of the pages rendered, sorted.
	RenderedPages []string
	Summary       *Summary

	siteFiles []string // written by render.SiteExtras
}

type caseCache struct {
	key      uint64
	recs     []cases.Record
	rep      *cases.Report
	errs     source.List
	caseKey  []byte
	pub      []privacy.Case // nil until needed
	order    []int          // site.CaseOrder(pub), nil until needed
	findings []privacy.Finding
}

type meetCache struct {
	key  uint64
	set  *meetings.Set
	errs source.List
}

// NewIncremental returns a builder; nothing is read until Build.
func NewIncremental(o IncrementalOptions) *Incremental {
	if o.Today == nil {
		o.Today = time.Now
	}
	return &Incremental{opt: o, seed: maphash.MakeSeed(), extras: &render.Cache{}, front: &meetings.Cache{}}
}

// Last returns the last good build, or nil.
func (b *Incremental) Last() *Output { return b.last }

// Build builds the site again. hints name input files known to have changed (slash paths
// relative to the site root), which are read again whatever their size and time. On error the
// last good build stays as it was.
func (b *Incremental) Build(hints []string) (*Output, error) {
	return b.BuildContext(context.Background(), hints)
}

// BuildContext is Build, given up with ctx's error soon after ctx is done.
func (b *Incremental) BuildContext(ctx context.Context, hints []string) (*Output, error) {
	sum := &Summary{Held: map[string]int{}}
	clock := time.Now()
	step := func(name string) error {
		now := time.Now()
		sum.Steps = append(sum.Steps, Step{name, now.Sub(clock)})
		clock = now
		return ctx.Err()
	}
	h := map[string]bool{}
	for _, p := range hints {
		h[p] = true
	}
	in, changed, err := readInputs(b.opt.Site, b.in, h, b.seed)
	if err != nil {
		return nil, err
	}
	b.in = in
	out := &Output{Inputs: changed, Summary: sum}
	if err := step("read"); err != nil {
		return out, err
	}
	wall := b.opt.Today()
	day := time.Date(wall.Year(), wall.Month(), wall.Day(), 0, 0, 0, 0, time.UTC)
	if len(changed) == 0 && b.lastOK && day.Equal(b.lastDay) {
		// Nothing to do: the same inputs on the same day give the same site.
		return &Output{Files: b.last.Files, Summary: b.last.Summary}, nil
	}
	b.lastOK, b.lastDay = false, day

	cfgSum := in.sum(b.seed, func(p string) bool { return p == config.File })
	if b.cfg == nil || cfgSum != b.cfgSum {
		b.cfg, b.cases, b.meet = nil, nil, nil
		cfg, err := config.Load(in)
		if err != nil {
			var l source.List
			if errors.As(err, &l) {
				return out, &ContentError{l}
			}
			return out, &ContentError{source.List{{Pos: source.Pos{File: config.File}, Msg: err.Error()}}}
		}
		b.cfg, b.cfgSum = cfg, cfgSum
	}
	cfg := b.cfg
	now := today(Options{Now: b.opt.Now, Today: wall}, cfg)
	sum.Now = now

	// Only the theme changed since the last good build: its view model stands.
	modelKey := in.sum(b.seed, func(p string) bool { return !strings.HasPrefix(p, theme.Dir+"/") }) ^ uint64(now.UnixNano())
	var s *site.Site
	if b.last != nil && b.modelKey == modelKey {
		s = b.lastModel
		last := b.last.Summary
		*sum = Summary{Held: last.Held, Exports: last.Exports, CasesRead: last.CasesRead, Published: last.Published,
			StatsOnly: last.StatsOnly, Rejected: last.Rejected, Halls: last.Halls, Meetings: last.Meetings,
			Upcoming: last.Upcoming, Warnings: last.Warnings, Privacy: last.Privacy, Now: now, Steps: sum.Steps}
	} else if s, err = b.model(in, cfg, now, wall, sum, step); err != nil {
		return out, err
	}
	guard, err := b.newGuard(cfg)
	if err != nil {
		return out, &ContentError{source.List{{Pos: source.Pos{File: config.File}, Msg: err.Error()}}}
	}
	if err := b.loadTheme(in, cfg); err != nil {
		return out, err
	}
	env := caseEnv{cases: b.cases, cfg: cfg, deps: b.deps, salt: b.salt, now: now}
	files, pages, err := b.render(ctx, s, out, guard, cfgSum, s != b.lastModel, env, step)
	if err != nil {
		return out, err
	}
	step("gate") // the files kept, gated again after a change of site.toml, and the comparison
	out.Files = files
	sum.Pages = len(pages.paths)
	sum.Files = len(files)
	for _, data := range files {
		sum.Bytes += int64(len(data))
	}
	b.last, b.pages, b.gatedCfg, b.lastOK = out, pages, cfgSum, true
	b.caseEnv = env
	b.lastModel, b.modelKey, b.siteFiles = s, modelKey, out.siteFiles
	return out, nil
}

// model loads, guards, counts and assembles the site, as Run does, reusing what the caches hold;
// the open data is left to render.
func (b *Incremental) model(in *snapshot, cfg *config.Config, now, wall time.Time, sum *Summary, step func(string) error) (*site.Site, error) {
	cc, err := b.loadCases(in, cfg, wall)
	if err != nil {
		return nil, err
	}
	mc := b.loadMeetings(in, cfg, cc)
	errs := append(append(source.List(nil), cc.errs...), mc.errs...)
	for _, m := range mc.set.Meetings {
		if m.Status == meetings.Scheduled && m.Start.Before(now) {
			sum.Warnings = append(sum.Warnings, fmt.Sprintf("%s: status is scheduled but the meeting was on %s: "+
				"set status = \"held\" and add the minutes, or \"cancelled\" or \"postponed\"", m.At("status"), m.Start.Format("2006-01-02")))
		}
	}
	sum.Exports, sum.CasesRead = cc.rep.Files, cc.rep.Rows
	sum.Rejected = cc.rep.Rows - len(cc.recs)
	if len(errs) > 0 {
		return nil, &ContentError{errs.Sort()}
	}
	if err := step("load"); err != nil {
		return nil, err
	}

	if _, err := b.newGuard(cfg); err != nil {
		return nil, &ContentError{source.List{{Pos: source.Pos{File: config.File}, Msg: err.Error()}}}
	}
	if cc.pub == nil {
		cg, _ := b.newGuard(cfg)
		cc.pub = privacy.Cases(cg, cc.recs, cfg.Privacy.KAnonymity, privacy.IDs(cfg.Privacy.CaseIDs, cc.caseKey))
		cc.findings = cg.Findings()
	}
	pub := cc.pub
	halls, ms, pages, found, err := b.guardContent(in, cfg, mc.set, now)
	if err != nil {
		return nil, &ContentError{source.List{{Pos: source.Pos{File: config.File}, Msg: err.Error()}}}
	}
	sum.Privacy = append(append([]privacy.Finding(nil), cc.findings...), found...)
	privacy.SortFindings(sum.Privacy)
	if fail := failing(sum.Privacy, cfg.Privacy.Strict()); len(fail) > 0 {
		return nil, &privacy.Error{Findings: fail}
	}
	for i := range pub {
		if !pub[i].Published {
			sum.Held[pub[i].Held]++
		}
	}
	if err := step("privacy"); err != nil {
		return nil, err
	}

	st, err := b.computeStats(cc, cfg, ms, now)
	if err != nil {
		return nil, err
	}
	if err := step("stats"); err != nil {
		return nil, err
	}
	if cc.order == nil {
		cc.order = site.CaseOrder(pub)
	}
	s := site.Assemble(site.Input{Config: cfg, Now: now, Cases: pub, Halls: halls, Meetings: ms, Pages: pages, Stats: st, CaseOrder: cc.order})
	sum.Published, sum.StatsOnly = len(s.Cases), len(pub)-len(s.Cases)
	sum.Halls, sum.Meetings, sum.Upcoming = len(s.Halls), len(s.Meetings), len(s.Upcoming)
	// The open data (render.Cache.PrepareData, whose version the pages cite) is made by render,
	// beside the listing of the pages.
	return s, step("assemble")

}

// loadCases returns the case exports, loaded again when site.toml, the exports or the date
// changed. Every input outside content/halls, content/meetings, content/pages and themes/
// counts as the exports'.
func (b *Incremental) loadCases(in *snapshot, cfg *config.Config, today time.Time) (*caseCache, error) {
	key := in.sum(b.seed, func(p string) bool { return !contentOnly(p) }) ^ uint64(today.YearDay()*31+today.Year())
	if b.cases != nil && b.cases.key == key {
		return b.cases, nil
	}
	cc := &caseCache{key: key}
	if b.opt.CaseIDKey != nil {
		k, err := b.opt.CaseIDKey()
		if err != nil {
			return nil, err
		}
		cc.caseKey = k
	}
	cc.recs, cc.rep, cc.errs = cases.Load(in, cases.Dir, cfg)
	if cfg.Privacy.CaseIDs == "hashed" && len(cc.caseKey) == 0 {
		cc.errs.Add(source.Pos{File: config.File}, "privacy.case_ids = \"hashed\" needs a secret key: set the environment variable %s, "+
			"or privacy.case_id_key_file to a file outside the repository; or set case_ids = \"export\" to publish the export's ticket numbers", privacy.KeyEnv)
	}
	b.cases, b.meet = cc, nil
	return cc, nil
}

// contentOnly reports whether p is read only by the loaders of halls, meetings and pages, or by
// the theme.
func contentOnly(p string) bool {
	for _, dir := range []string{meetings.HallsDir, meetings.MeetingsDir, meetings.PagesDir, theme.Dir} {
		if strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// loadMeetings returns halls, meetings and pages, loaded again when they or the cases changed.
func (b *Incremental) loadMeetings(in *snapshot, cfg *config.Config, cc *caseCache) *meetCache {
	key := in.sum(b.seed, func(p string) bool { return contentOnly(p) && !strings.HasPrefix(p, theme.Dir+"/") })
	if b.meet != nil && b.meet.key == key {
		return b.meet
	}
	set, errs := b.front.Load(in, cfg)
	errs.Append(set.CheckRefs(cc.recs))
	b.meet = &meetCache{key: key, set: set, errs: errs}
	return b.meet
}

// loadTheme loads the theme again when one of its files, or its names or language, changed.
func (b *Incremental) loadTheme(in *snapshot, cfg *config.Config) error {
	key := in.sum(b.seed, func(p string) bool { return strings.HasPrefix(p, theme.Dir+"/") })
	key ^= stringSum(b.seed, strings.Join(cfg.Theme, "\x00")+"\x01"+cfg.Language)
	if b.th != nil && key == b.themeSum {
		return nil
	}
	b.th, b.deps = nil, nil
	th, err := theme.Load(in, cfg.Theme, cfg.Language, render.Funcs(), render.Compiled()...)
	if err != nil {
		return err
	}
	b.th, b.deps, b.themeSum = th, render.NewDeps(th), key
	b.salt = in.sum(b.seed, func(p string) bool { return strings.HasPrefix(p, theme.Dir+"/") && strings.Contains(p, "/i18n/") })
	return nil
}

// newGuard returns a guard of cfg's [privacy] table with no findings. Its detector (privacy.Guard.Fresh)
// is made again only when site.toml or the date changes (pii.Detector reads the clock when
// it is made): making one takes milliseconds, and what it memoises of the clean texts of one
// build spares the output gate work in the next.
func (b *Incremental) newGuard(cfg *config.Config) (*privacy.Guard, error) {
	now := time.Now()
	day := now.Year()*10000 + int(now.Month())*100 + now.Day()
	if b.guard == nil || b.guardCfg != cfg || b.guardDay != day {
		g, err := privacy.NewGuard(cfg.Privacy)
		if err != nil {
			return nil, err
		}
		b.guard, b.guardCfg, b.guardDay = g, cfg, day
	}
	return b.guard.Fresh(), nil
}

func stringSum(seed maphash.Seed, s string) uint64 { return maphash.String(seed, s) }
