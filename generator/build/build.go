// Package build runs the pipeline, in order: load → privacy → stats → assemble → render →
// publish. It reads the site through an fs.FS and writes the output directory atomically: when
// any step fails, the output directory is left exactly as it was.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/config"
	"gongshi/generator/meetings"
	"gongshi/generator/pii"
	"gongshi/generator/privacy"
	"gongshi/generator/publish"
	"gongshi/generator/render"
	"gongshi/generator/sdc"
	"gongshi/generator/site"
	"gongshi/generator/source"
	"gongshi/generator/stats"
	"gongshi/generator/theme"
)

// Options of a build.
type Options struct {
	Site fs.FS     // the site root: site.toml, content/, themes/
	Out  string    // output directory
	Now  time.Time // "today"; zero means [build] date in site.toml, else Today
	// Today is the wall-clock date, used only when neither --now nor [build] date is set.
	Today time.Time
	// Check runs every gate (content, privacy input and output, statistics audit) without
	// writing anything: Out is not touched. Personal data found by the input gate is masked for
	// the rest of the run, so that the output gate reports only what gets around the input gate.
	Check bool
	// Strict fails the build on any rejected case row (--strict).
	Strict bool
	// CaseIDKey is the key of hashed case ids ([privacy] case_ids = "hashed"), read by the
	// caller from the environment or a key file outside the repository.
	CaseIDKey []byte
	// Progress, when not nil, is a terminal that shows the stage of the build as it goes.
	Progress io.Writer
	// NoCache renders every page, whatever the last build left (CacheFile); the fingerprints
	// of this build's pages are kept for the next one all the same.
	NoCache bool
	// SiteDir is the site root on disk. A site with a ledger ([privacy] ledger) gets it written
	// back there after a successful build; empty leaves the ledger file as it is.
	SiteDir string
}

// Summary says what a build did.
type Summary struct {
	Pages, Files int
	Bytes        int64
	Exports      []*cases.File
	CasesRead    int
	Published    int
	StatsOnly    int
	Rejected     int
	Updated      int // rows replaced by the same id in a later export
	// ByFile counts, per export, the records that were published and those that count in
	// statistics only.
	ByFile map[string]*FileCount
	// Report is where the build report was written, beside the output.
	Report   string
	Halls    int
	Meetings int
	Upcoming int
	Warnings []string
	Held     map[string]int    // statistics-only cases by reason
	Privacy  []privacy.Finding // everything the privacy guard found, redacted or not
	// PrivacyReport is where the privacy report was written, beside the output.
	PrivacyReport string
	// Ledger is the site's published-values ledger after the build (nil: the site keeps none),
	// and LedgerFile where it was written (empty: not written, or unchanged).
	Ledger     *sdc.Ledger
	LedgerFile string
	Now        time.Time
	Steps      []Step
	// Written is how many files were written: all of them into a new output, only those
	// that changed into an existing one.
	Written int
	// Kept is how many pages were neither rendered nor written: their fingerprint and their
	// file were those the last build left (CacheFile).
	Kept int
}

// Slowest returns the step that took longest.
func (s *Summary) Slowest() Step {
	var w Step
	for _, st := range s.Steps {
		if st.Took > w.Took {
			w = st
		}
	}
	return w
}

// Step is a timed step of the pipeline.
type Step struct {
	Name string
	Took time.Duration
}

// ContentError is returned when the content or configuration has errors: exit code 1.
type ContentError struct{ List source.List }

func (e *ContentError) Error() string { return e.List.Error() }

// Run builds the site.
func Run(o Options) (*Summary, error) {
	sum := &Summary{Held: map[string]int{}}
	prog := newProgress(o.Progress)
	defer prog.Close()
	clock := time.Now()
	next := map[string]string{"load": "privacy", "privacy": "stats", "stats": "assemble", "assemble": "render"}
	step := func(name string) {
		now := time.Now()
		sum.Steps = append(sum.Steps, Step{name, now.Sub(clock)})
		clock = now
		prog.Stage(next[name], 0)
	}
	prog.Stage("load", 0)
	m, err := prepare(&o, sum, step)
	if err != nil {
		return sum, err
	}
	guard, s, th := m.guard, m.site, m.theme
	failing := m.failing

	if o.Check {
		gate := &gateWriter{guard: guard, next: discard{}}
		if err := render.PrepareDataTo(s, gate); err != nil {
			return sum, err
		}
		step("assemble")
		n, err := render.Render(s, th, gate)
		if err != nil {
			return sum, err
		}
		sum.Pages = n
		step("render")
		failing = append(failing, gate.findings...)
		if len(failing) > 0 {
			privacy.SortFindings(failing)
			return sum, &privacy.Error{Findings: failing}
		}
		return sum, nil
	}
	out, err := publish.New(o.Out)
	if err != nil {
		return sum, err
	}
	gate := &gateWriter{guard: guard, next: out}
	// The open data before the pages: the statistics pages cite its version.
	if err := render.PrepareDataTo(s, gate); err != nil {
		out.Abort()
		return sum, err
	}
	step("assemble")
	var w render.Writer = gate
	if prog != nil {
		w = countWriter{p: prog, next: gate}
	}
	var pick func([]render.Job) ([]render.Job, error)
	cache := openPageCache(o.Site, o.Out, th, !o.NoCache)
	if cache != nil {
		pick = func(jobs []render.Job) ([]render.Job, error) { return cache.pick(jobs, out) }
	}
	n, err := render.RenderSome(s, th, w, pick)
	if err != nil {
		out.Abort()
		return sum, err
	}
	if len(gate.findings) > 0 {
		out.Abort()
		privacy.SortFindings(gate.findings)
		if _, err := privacy.WriteReport(o.Out, append(sum.Privacy, gate.findings...)); err != nil {
			return sum, err
		}
		return sum, &privacy.Error{Findings: gate.findings}
	}
	if sum.PrivacyReport, err = privacy.WriteReport(o.Out, sum.Privacy); err != nil {
		out.Abort()
		return sum, err
	}
	if sum.Report, err = writeReport(o.Out, sum); err != nil {
		out.Abort()
		return sum, err
	}
	sum.Pages = n
	sum.Files, sum.Bytes = out.Count()
	if cache != nil {
		sum.Kept = cache.n
	}
	step("render")
	prog.Stage("publish", 0)
	if cache != nil {
		if err := cache.forget(); err != nil {
			out.Abort()
			return sum, fmt.Errorf("publish: %w", err)
		}
	}
	if err := out.Commit(); err != nil {
		out.Abort()
		return sum, fmt.Errorf("publish: %w", err)
	}
	sum.Written = out.Written()
	if cache != nil {
		if err := cache.save(); err != nil {
			cache.forget()
			sum.Warnings = append(sum.Warnings, fmt.Sprintf("%s: the fingerprints of the pages could not be kept (%v): the next build renders every page", CacheFile(o.Out), err))
		}
	}
	if sum.Ledger != nil && o.SiteDir != "" {
		if sum.LedgerFile, err = writeLedger(o.SiteDir, m.ledgerFile, sum.Ledger); err != nil {
			return sum, fmt.Errorf("the site was published, but its ledger could not be written: %w", err)
		}
	}
	step("publish")
	return sum, nil
}

// prepared is a site ready to render: everything a build does before it writes a page.
type prepared struct {
	guard   *privacy.Guard
	site    *site.Site
	theme   *theme.Theme
	failing []privacy.Finding // what the input gate found that fails a check
	// ledgerFile is [privacy] ledger: where Run writes Summary.Ledger back.
	ledgerFile string
}

// prepare loads, guards, counts and assembles the site of o, the steps before rendering but the
// open data (render.PrepareDataTo), which Run writes as it makes it; the caller ends the
// "assemble" step.
func prepare(o *Options, sum *Summary, step func(string)) (*prepared, error) {
	cfg, err := config.Load(o.Site)
	if err != nil {
		var l source.List
		if errors.As(err, &l) {
			return nil, &ContentError{l}
		}
		return nil, &ContentError{source.List{{Pos: source.Pos{File: config.File}, Msg: err.Error()}}}
	}
	now := today(*o, cfg)
	sum.Now = now

	recs, rep, rejected := cases.Load(o.Site, cases.Dir, cfg)
	// Rows that cannot be read are rejected and reported; they fail the build with a file-level
	// problem, with --strict, or when a file has more of them than its max_rejected share.
	// Otherwise the good rows are published and the rejections are warnings.
	var errs source.List
	fatal := rep.Problems > 0 || (o.Strict && rep.Rejected > 0)
	for _, f := range rep.Files {
		if f.TooManyRejected() {
			fatal = true
			errs.Add(source.Pos{File: f.Name}, "%d of %d rows rejected, more than max_rejected %g%%: fix the rows reported here, or raise max_rejected in its [[import]] table",
				f.Rejected, f.Rows, 100*f.MaxRejected)
		}
	}
	if fatal {
		errs.Append(rejected)
	} else {
		for _, e := range rejected.Sort() {
			sum.Warnings = append(sum.Warnings, e.Error())
		}
	}
	for _, n := range rep.Notes {
		sum.Warnings = append(sum.Warnings, n.Error())
	}
	if kf := cfg.Privacy.CaseIDKeyFile; cfg.Privacy.CaseIDs == "hashed" && len(o.CaseIDKey) == 0 && kf != "" && !path.IsAbs(kf) {
		// A key file inside the site (the synthetic demo's); real sites keep theirs outside.
		if key, err := fs.ReadFile(o.Site, path.Clean(kf)); err == nil {
			o.CaseIDKey = bytes.TrimSpace(key)
		}
	}
	if cfg.Privacy.CaseIDs == "hashed" && len(o.CaseIDKey) == 0 {
		errs.Add(source.Pos{File: config.File}, "privacy.case_ids = \"hashed\" needs a secret key: set the environment variable %s, "+
			"or privacy.case_id_key_file to a file outside the repository; or set case_ids = \"export\" to publish the export's ticket numbers", privacy.KeyEnv)
	}
	set, merrs := meetings.Load(o.Site, cfg)
	errs.Append(merrs, set.CheckRefs(recs))
	for _, m := range set.Meetings {
		if m.Status == meetings.Scheduled && m.Start.Before(now) {
			sum.Warnings = append(sum.Warnings, fmt.Sprintf("%s: status is scheduled but the meeting was on %s: "+
				"set status = \"held\" and add the minutes, or \"cancelled\" or \"postponed\"", m.At("status"), m.Start.Format("2006-01-02")))
		}
	}
	sum.Exports, sum.CasesRead = rep.Files, rep.Rows
	sum.Rejected, sum.Updated = rep.Rejected, rep.Updated
	if len(errs) > 0 {
		return nil, &ContentError{errs.Sort()}
	}
	step("load")

	pcfg := cfg.Privacy
	if o.Check {
		pcfg.Mode = "redact"
	}
	guard, err := privacy.NewGuard(pcfg)
	if err != nil {
		return nil, &ContentError{source.List{{Pos: source.Pos{File: config.File}, Msg: err.Error()}}}
	}
	pub := privacy.Cases(guard, recs, cfg.Privacy.KAnonymity, privacy.IDs(cfg.Privacy.CaseIDs, o.CaseIDKey))
	halls, ms, pages := privacy.Content(guard, set, now)
	sum.Privacy = guard.Findings()
	failing := guard.Failing()
	if o.Check && cfg.Privacy.Mode == "refuse" {
		// What redact mode masked here, refuse mode would have refused.
		failing = nil
		for _, f := range sum.Privacy {
			if f.Redacted || (f.Severity == pii.Warn && cfg.Privacy.Strict()) {
				f.Redacted = false
				failing = append(failing, f)
			}
		}
	}
	if len(failing) > 0 && !o.Check {
		if _, err := privacy.WriteReport(o.Out, sum.Privacy); err != nil {
			return nil, err
		}
		return nil, &privacy.Error{Findings: failing}
	}
	for i := range pub {
		if !pub[i].Published {
			sum.Held[pub[i].Held]++
		}
	}
	sum.ByFile = perFile(recs, pub)
	step("privacy")

	led, err := readLedger(o.Site, cfg)
	if err != nil {
		return nil, err
	}
	st, err := stats.ComputeLedger(pub, ms, cfg, now, led)
	if err != nil {
		return nil, err // an *sdc.AuditError: the statistics cannot be published safely (exit 4)
	}
	sum.Ledger = st.Ledger
	step("stats")

	s := site.Assemble(site.Input{Config: cfg, Now: now, Cases: pub, Halls: halls, Meetings: ms, Pages: pages, Stats: st})
	sum.Published, sum.StatsOnly = len(s.Cases), len(pub)-len(s.Cases)
	sum.Halls, sum.Meetings, sum.Upcoming = len(s.Halls), len(s.Meetings), len(s.Upcoming)

	th, err := theme.Load(o.Site, cfg.Theme, cfg.Language, render.Funcs(), render.Compiled()...)
	if err != nil {
		return nil, err
	}
	return &prepared{guard: guard, site: s, theme: th, failing: failing, ledgerFile: cfg.Privacy.Ledger}, nil
}

// gateWriter passes every output file through the privacy guard's output gate before writing it.
type gateWriter struct {
	guard    *privacy.Guard
	next     render.Writer
	mu       sync.Mutex
	findings []privacy.Finding
}

func (w *gateWriter) Write(name string, data []byte) error {
	if fs := w.guard.Gate(name, data); len(fs) > 0 {
		w.mu.Lock()
		w.findings = append(w.findings, fs...)
		w.mu.Unlock()
	}
	return w.next.Write(name, data)
}

// discard is the output of a check: written nowhere.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// today is "now" for the build: --now, else [build] date, else the wall-clock date; always the
// start of that day in Asia/Shanghai, so the output depends on the date only.
func today(o Options, cfg *config.Config) time.Time {
	t := o.Now
	if t.IsZero() {
		t = cfg.Build.Date
	}
	if t.IsZero() {
		t = o.Today
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, cfg.Location())
}
