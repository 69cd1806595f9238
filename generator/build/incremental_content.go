package build

import (
	"time"

	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/pii"
	"gongshi/generator/privacy"
	"gongshi/generator/stats"
)

// This file holds the caches of the steps after loading: what the privacy guard made of each
// meeting file, and the statistics of the cases.

// contentCache keeps, per meeting file, what privacy.Content made of it and what the guard found
// in it, for one configuration and one day. privacy.Content treats each meeting on its own (its
// hall is found by slug), so a meeting whose file and hall slug are unchanged gives the same
// result again; halls and pages, few, are guarded every time.
type contentCache struct {
	cfg   *config.Config
	now   time.Time
	files map[string]*guarded
}

type guarded struct {
	sum      uint64
	hall     string
	meeting  *privacy.Meeting // nil when publish_at holds it back
	findings []privacy.Finding
}

// guardContent is privacy.Content with every unchanged meeting taken from the cache; it
// returns what the guard found in halls, meetings and pages.
func (b *Incremental) guardContent(in *snapshot, cfg *config.Config, set *meetings.Set, now time.Time) (
	[]*privacy.Hall, []*privacy.Meeting, []*privacy.Page, []privacy.Finding, error) {
	cc := b.content
	if cc == nil || cc.cfg != cfg || !cc.now.Equal(now) {
		cc = &contentCache{cfg: cfg, now: now, files: map[string]*guarded{}}
		b.content = cc
	}
	hg, err := b.newGuard(cfg)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	halls, _, pages := privacy.Content(hg, &meetings.Set{Halls: set.Halls, Pages: set.Pages}, now)
	findings := hg.Findings()
	bySlug := map[string]*privacy.Hall{}
	for _, h := range halls {
		bySlug[h.Slug] = h
	}
	var todo []*meetings.Meeting
	seen := map[string]bool{}
	for _, m := range set.Meetings {
		seen[m.File] = true
		g := cc.files[m.File]
		if f := in.files[m.File]; g == nil || f == nil || g.sum != f.sum || g.hall != m.Hall.Slug {
			todo = append(todo, m)
		}
	}
	for file := range cc.files {
		if !seen[file] {
			delete(cc.files, file)
		}
	}
	if len(todo) > 0 && !b.guardMeetings(in, cfg, cc, todo, now) {
		// A finding outside its meeting's file: do without the cache.
		b.content = nil
		g, _ := b.newGuard(cfg)
		halls, ms, pages := privacy.Content(g, set, now)
		return halls, ms, pages, g.Findings(), nil
	}
	ms := make([]*privacy.Meeting, 0, len(set.Meetings))
	for _, m := range set.Meetings {
		g := cc.files[m.File]
		findings = append(findings, g.findings...)
		if g.meeting == nil {
			continue
		}
		pm := *g.meeting
		pm.Hall = bySlug[m.Hall.Slug]
		ms = append(ms, &pm)
	}
	return halls, ms, pages, findings, nil
}

// guardMeetings guards the meetings todo and caches each with its findings; it reports false
// when a finding cannot be told apart by file.
func (b *Incremental) guardMeetings(in *snapshot, cfg *config.Config, cc *contentCache, todo []*meetings.Meeting, now time.Time) bool {
	g, err := b.newGuard(cfg)
	if err != nil {
		return false
	}
	var hs []*meetings.Hall
	used := map[string]bool{}
	for _, m := range todo {
		if !used[m.Hall.Slug] {
			used[m.Hall.Slug] = true
			hs = append(hs, m.Hall)
		}
	}
	_, ms, _ := privacy.Content(g, &meetings.Set{Halls: hs, Meetings: todo}, now)
	byID := map[string]*privacy.Meeting{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	hallFiles := map[string]bool{}
	for _, h := range hs {
		hallFiles[h.File] = true
	}
	found := map[string][]privacy.Finding{}
	for _, f := range g.Findings() {
		if !hallFiles[f.Pos.File] { // the halls are guarded with the pages
			found[f.Pos.File] = append(found[f.Pos.File], f)
		}
	}
	for _, m := range todo {
		gm := &guarded{hall: m.Hall.Slug, meeting: byID[m.ID], findings: found[m.File]}
		delete(found, m.File)
		if f := in.files[m.File]; f != nil {
			gm.sum = f.sum
		}
		cc.files[m.File] = gm
	}
	return len(found) == 0
}

// failing returns the findings that fail a build, as Guard.Failing does.
func failing(fs []privacy.Finding, strict bool) []privacy.Finding {
	var out []privacy.Finding
	for _, f := range fs {
		if (f.Severity == pii.Block && !f.Redacted) || (f.Severity == pii.Warn && strict) {
			out = append(out, f)
		}
	}
	return out
}

// statsCache keeps the figures of the cases. stats.Compute counts cases and meetings apart: the
// case figures depend on the cases, the configuration and the day; the meeting figures
// (stats.Site.CountMeetings) on the meetings, k and the day. So the cases are counted once, and
// the meetings again every time; the tests compare the result with Run's.
type statsCache struct {
	cases *caseCache
	cfg   *config.Config
	now   time.Time
	base  *stats.Site
}

func (b *Incremental) computeStats(cc *caseCache, cfg *config.Config, ms []*privacy.Meeting, now time.Time) (*stats.Site, error) {
	sc := b.stats
	if sc == nil || sc.cases != cc || sc.cfg != cfg || !sc.now.Equal(now) {
		led, err := readLedger(b.opt.Site, cfg)
		if err != nil {
			return nil, err
		}
		base, err := stats.ComputeLedger(cc.pub, ms, cfg, now, led)
		if err != nil {
			return nil, err
		}
		b.stats = &statsCache{cases: cc, cfg: cfg, now: now, base: base}
		return base, nil
	}
	st := *sc.base
	if err := st.CountMeetings(ms, cfg.Privacy.K); err != nil {
		return nil, err
	}
	return &st, nil
}
