// Command generator builds the gongshi portal: go run ./generator [build|demo|help] [flags].
// It holds flags and subcommands only; the work is in the packages beside it.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // all dates are Asia/Shanghai, whatever the machine has installed

	"github.com/dustin/go-humanize"

	"gongshi/generator/build"
	"gongshi/generator/config"
	"gongshi/generator/demo"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// Exit codes. 3 and 4 belong to the privacy guard and the statistics audit.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
	exitPrivacy = 3
	exitAudit   = sdc.ExitAudit
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

var commands = []struct{ name, summary string }{
	{"build", "build the site from site.toml and content/ into public/ (the default)"},
	{"serve", "build, serve on 127.0.0.1:1313 and rebuild on every change, with live reload"},
	{"check", "run every gate (content, privacy, statistics audit) without writing a site"},
	{"demo", "write a synthetic demo site (site.toml and content/) with a seeded generator"},
	{"new", "write a new content file: new notice --hall SLUG --date 2006-01-02 --time 15:04 --kind KIND"},
	{"help", "explain a command: help build, help demo"},
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "build"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		usage(stdout)
		fmt.Fprintln(stdout)
		return runBuild(args[:1], stdout, stdout)
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "build":
		return runBuild(args, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "serve":
		return runServe(args, stdout, stderr)
	case "demo":
		return runDemo(args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "help":
		if len(args) == 0 {
			usage(stdout)
			return exitOK
		}
		switch args[0] {
		case "build":
			return runBuild([]string{"-h"}, stdout, stdout)
		case "demo":
			return runDemo([]string{"-h"}, stdout, stdout)
		case "check":
			return runCheck([]string{"-h"}, stdout, stdout)
		case "serve":
			return runServe([]string{"-h"}, stdout, stdout)
		case "new":
			return runNew([]string{"notice", "-h"}, stdout, stdout)
		}
		fmt.Fprintf(stderr, "unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	fmt.Fprintf(stderr, "unknown command %q\n", cmd)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gongshi builds a public portal of 12345 hotline cases and deliberation-hall meetings.")
	fmt.Fprintln(w, "\nUsage: go run ./generator [command] [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-6s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'go run ./generator help COMMAND' for its flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 content or configuration errors, 2 usage errors, 3 personal data found (privacy guard),\n4 the statistics audit found a hidden count that could be recomputed.")
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	siteDir := fl.String("site", ".", "the site root holding site.toml, content/ and themes/")
	out := fl.String("out", "", "the output directory, replaced atomically at the end (default SITE/public)")
	nowFlag := fl.String("now", "", "today's date as 2006-01-02 for upcoming/past and the 12-month window\n(default: [build] date in site.toml, else today)")
	quiet := fl.Bool("q", false, "print errors only, no summary")
	strict := fl.Bool("strict", false, "fail on any rejected case row (default: publish the good rows and warn,\nunless more than max_rejected of a file is rejected)")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the build to `FILE` (read it with go tool pprof)")
	memProfile := fl.String("memprofile", "", "write a heap profile at the end of the build to `FILE`")
	memLimit := fl.String("memory-limit", defaultMemoryLimit, "a soft limit on the memory of the build, as GOMEMLIMIT writes it (`SIZE`: 3GiB, 2500MB;\n0: none): the garbage collector works harder as the build nears it;\nwithout the flag, GOMEMLIMIT wins when it is set")
	noCache := fl.Bool("no-cache", false, "render every page, even those whose inputs did not change since the last build\n(the fingerprints kept beside the output, in .OUT.pages, are written again)")
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "Usage: go run ./generator [build] [flags]\n\nBuilds the site from SITE/site.toml, SITE/content and SITE/themes into the output directory.\nOn any error it prints every problem as file:line:col: message, exits 1 and leaves the output as it was.\n\nFlags:")
		fl.PrintDefaults()
	}
	if code, ok := parse(fl, args); !ok {
		return code
	}
	now, ok := parseNow(*nowFlag, stderr)
	if !ok {
		return exitUsage
	}
	limit, err := memoryLimit(fl, *memLimit)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if limit >= 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	}
	if *out == "" {
		*out = filepath.Join(*siteDir, "public")
	}
	if _, err := os.Stat(*siteDir); err != nil {
		fmt.Fprintf(stderr, "--site %s: %v\n", *siteDir, err)
		return exitUsage
	}
	start := time.Now()
	key, err := caseIDKey(*siteDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitContent
	}
	o := build.Options{Site: os.DirFS(*siteDir), SiteDir: *siteDir, Out: *out, Now: now, Today: time.Now(), CaseIDKey: key, Strict: *strict, NoCache: *noCache}
	if f, ok := stderr.(*os.File); ok && !*quiet && isTerminal(f) {
		o.Progress = f
	}
	stop, err := profile(*cpuProfile, *memProfile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	sum, err := build.Run(o)
	stop()
	if err != nil {
		return report(err, "build failed", *out+" was not changed", stderr)
	}
	if !*quiet {
		printSummary(stdout, sum, *out, time.Since(start))
	}
	return exitOK
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	siteDir := fl.String("site", ".", "the site root holding site.toml, content/ and themes/")
	nowFlag := fl.String("now", "", "today's date as 2006-01-02 (default: [build] date in site.toml, else today)")
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "Usage: go run ./generator check [flags]\n\nRuns every gate of a build without writing anything: content errors, the privacy guard's\ninput gate on every text and its output gate on every page that would be written, and the\nstatistics audit. Prints every finding, values masked; exits 0 when the site may be published.\n\nFlags:")
		fl.PrintDefaults()
	}
	if code, ok := parse(fl, args); !ok {
		return code
	}
	now, ok := parseNow(*nowFlag, stderr)
	if !ok {
		return exitUsage
	}
	key, err := caseIDKey(*siteDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitContent
	}
	sum, err := build.Run(build.Options{Site: os.DirFS(*siteDir), Now: now, Today: time.Now(), Check: true, CaseIDKey: key})
	if err != nil {
		return report(err, "check failed", "nothing was written", stderr)
	}
	fmt.Fprintf(stdout, "check passed: %d pages, %d cases (%d published), %d meetings; no personal data found\n",
		sum.Pages, sum.CasesRead, sum.Published, sum.Meetings)
	return exitOK
}

// report prints a failed build's or check's error and returns its exit code.
func report(err error, what, outcome string, stderr io.Writer) int {
	fmt.Fprintln(stderr, err)
	var ce *build.ContentError
	if errors.As(err, &ce) {
		fmt.Fprintf(stderr, "%s: %d errors; %s\n", what, len(ce.List), outcome)
		return exitContent
	}
	var ae *sdc.AuditError
	if errors.As(err, &ae) {
		fmt.Fprintf(stderr, "%s: the statistics audit failed; %s\n", what, outcome)
		return exitAudit
	}
	var pe *privacy.Error
	if errors.As(err, &pe) {
		fmt.Fprintf(stderr, "%s: %d privacy findings (values masked above); %s\n"+
			"Remove the personal data from the sources, or set [privacy] mode = \"redact\" in site.toml to mask it.\n", what, len(pe.Findings), outcome)
		return exitPrivacy
	}
	fmt.Fprintf(stderr, "%s; %s\n", what, outcome)
	return exitContent
}

// caseIDKey reads the key of hashed case ids: the environment variable, else the file named by
// privacy.case_id_key_file (relative to the site root), else none.
func caseIDKey(siteDir string) ([]byte, error) {
	if k := os.Getenv(privacy.KeyEnv); k != "" {
		return []byte(k), nil
	}
	cfg, err := config.Load(os.DirFS(siteDir))
	if err != nil || cfg.Privacy.CaseIDKeyFile == "" {
		return nil, nil // the build reports configuration errors with their positions
	}
	p := cfg.Privacy.CaseIDKeyFile
	if !filepath.IsAbs(p) {
		return nil, nil // inside the site: the build reads it through the site's file system
	}
	k, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("site.toml: privacy.case_id_key_file: %v", err)
	}
	return bytes.TrimSpace(k), nil
}

// defaultMemoryLimit keeps a build of a million cases under 4 GB: its live heap peaks near
// 2 GB, and the garbage collector would otherwise let the heap grow to twice that.
const defaultMemoryLimit = "3GiB"

// memoryLimit is the soft memory limit --memory-limit asks for, in bytes (math.MaxInt64 for
// none), or -1 where the runtime's own stays: the flag was not given and GOMEMLIMIT is set.
func memoryLimit(fl *flag.FlagSet, s string) (int64, error) {
	given := false
	fl.Visit(func(f *flag.Flag) { given = given || f.Name == "memory-limit" })
	if !given && os.Getenv("GOMEMLIMIT") != "" {
		return -1, nil
	}
	if strings.TrimSpace(s) == "0" {
		return math.MaxInt64, nil
	}
	n, err := humanize.ParseBytes(s)
	if err != nil || n == 0 || n > math.MaxInt64 {
		return 0, fmt.Errorf("--memory-limit %q: write a size such as 3GiB or 2500MB, or 0 for none", s)
	}
	return int64(n), nil
}

// parseNow parses --now; ok is false on a bad date.
func parseNow(s string, stderr io.Writer) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		fmt.Fprintf(stderr, "--now %q: write the date as 2006-01-02\n", s)
		return time.Time{}, false
	}
	return t, true
}

func printSummary(w io.Writer, s *build.Summary, out string, took time.Duration) {
	fmt.Fprintf(w, "built %s for %s\n", out, s.Now.Format("2006-01-02"))
	fmt.Fprintf(w, "  pages      %d (%d files, %.1f MB; %d written, %d unchanged)\n", s.Pages, s.Files, float64(s.Bytes)/1e6, s.Written, s.Files-s.Written)
	if s.Kept > 0 {
		fmt.Fprintf(w, "             %d pages rendered, %d kept as the last build left them (%s)\n", s.Pages-s.Kept, s.Kept, filepath.Base(build.CacheFile(out)))
	}
	fmt.Fprintf(w, "  cases      %d read: %d published, %d statistics only, %d rejected\n", s.CasesRead, s.Published, s.StatsOnly, s.Rejected)
	for _, why := range sortedKeys(s.Held) {
		fmt.Fprintf(w, "    statistics only, %s: %d\n", why, s.Held[why])
	}
	if s.Updated > 0 {
		fmt.Fprintf(w, "    %d rows replaced by a later export of the same case\n", s.Updated)
	}
	for _, f := range s.Exports {
		c := s.ByFile[f.Name]
		if c == nil {
			c = &build.FileCount{}
		}
		line := fmt.Sprintf("    %s (%s): %d rows: %d published, %d statistics only, %d rejected", f.Name, f.Format, f.Rows, c.Published, c.StatsOnly, f.Rejected)
		if f.Updated > 0 {
			line += fmt.Sprintf(", %d updated", f.Updated)
		}
		for _, why := range sortedKeys(f.Reasons) {
			line += fmt.Sprintf("; %s %d", why, f.Reasons[why])
		}
		if len(f.Dropped) > 0 {
			line += fmt.Sprintf("; caller columns dropped at import: %s", strings.Join(f.Dropped, ", "))
		}
		if len(f.Unmapped) > 0 {
			line += fmt.Sprintf("; columns not imported: %s", strings.Join(f.Unmapped, ", "))
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "  meetings   %d in %d halls, %d upcoming\n", s.Meetings, s.Halls, s.Upcoming)
	redacted := 0
	for _, f := range s.Privacy {
		if f.Redacted {
			redacted++
		} else {
			s.Warnings = append(s.Warnings, f.String())
		}
	}
	if redacted > 0 {
		fmt.Fprintf(w, "  privacy    %d findings masked (redact mode); report: %s\n", redacted, s.PrivacyReport)
	} else {
		fmt.Fprintf(w, "  privacy    no personal data found; report: %s\n", s.PrivacyReport)
	}
	if s.Ledger != nil {
		written := "unchanged"
		if s.LedgerFile != "" {
			written = "written to " + s.LedgerFile
		}
		fmt.Fprintf(w, "  ledger     %d published counts of closed periods, %d equations; %s\n", s.Ledger.Len(), s.Ledger.Equations(), written)
	}
	fmt.Fprintf(w, "  warnings   %d (build report: %s)\n", len(s.Warnings), s.Report)
	for i, x := range s.Warnings {
		if i == 20 {
			fmt.Fprintf(w, "    ... and %d more in the build report\n", len(s.Warnings)-i)
			break
		}
		fmt.Fprintf(w, "    %s\n", x)
	}
	var steps []string
	for _, st := range s.Steps {
		steps = append(steps, fmt.Sprintf("%s %s", st.Name, st.Took.Round(time.Millisecond)))
	}
	fmt.Fprintf(w, "  time       %s (%s); slowest: %s\n", took.Round(time.Millisecond), strings.Join(steps, ", "), s.Slowest().Name)
}

func runDemo(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("demo", flag.ContinueOnError)
	fl.SetOutput(stderr)
	n := fl.Int("cases", 12000, "number of cases")
	seed := fl.Int64("seed", 1, "random seed: the same seed writes the same files")
	out := fl.String("out", ".", "site directory to write site.toml and content/ into")
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "Usage: go run ./generator demo [flags]\n\nWrites a synthetic demo site (site.toml and content/cases, halls, meetings, pages) into --out,\nreplacing those content folders. The committed demo is: go run ./generator demo --out .\n\nFlags:")
		fl.PrintDefaults()
	}
	if code, ok := parse(fl, args); !ok {
		return code
	}
	if *n < 0 {
		fmt.Fprintln(stderr, "--cases must not be negative")
		return exitUsage
	}
	start := time.Now()
	if err := demo.Write(*out, demo.Options{Cases: *n, Seed: *seed}); err != nil {
		fmt.Fprintln(stderr, err)
		return exitContent
	}
	fmt.Fprintf(stdout, "wrote a demo site with %d cases (seed %d) into %s in %s\n", *n, *seed, *out, time.Since(start).Round(time.Millisecond))
	return exitOK
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parse parses flags; ok is false when the command should stop with code.
func parse(fl *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(fl.Output(), "unexpected argument %q\n", fl.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// isTerminal says whether f is a terminal (a character device), where a progress line that
// rewrites itself makes sense; a pipe or a file gets none.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// profile starts a CPU profile into cpu and returns the function that stops it and writes a
// heap profile into mem; empty names write nothing.
func profile(cpu, mem string) (stop func(), err error) {
	var f *os.File
	if cpu != "" {
		if f, err = os.Create(cpu); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			f.Close()
		}
		if mem != "" {
			if m, err := os.Create(mem); err == nil {
				runtime.GC()
				pprof.WriteHeapProfile(m)
				m.Close()
			}
		}
	}, nil
}
