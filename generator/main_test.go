package main

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// writeSite writes the small pipeline test site and the real themes into a temporary folder.
func writeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	a, err := txtar.ParseFile(filepath.Join("build", "testdata", "small.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		if strings.HasPrefix(f.Name, "want/") {
			continue
		}
		p := filepath.Join(dir, f.Name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "themes"), os.DirFS(filepath.Join("..", "themes"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExitCodes(t *testing.T) {
	site := writeSite(t)
	broken := writeSite(t)
	csv := filepath.Join(broken, "content", "cases", "2022.csv")
	data, _ := os.ReadFile(csv)
	os.WriteFile(csv, bytes.Replace(data, []byte("龙山第二网格"), []byte("不存在网格"), 1), 0o644)

	for _, c := range []struct {
		name string
		args []string
		code int
		out  string // expected in stdout+stderr
	}{
		{"help", []string{"-h"}, 0, "-now string"},
		{"help build", []string{"help", "build"}, 0, "-site"},
		{"help demo", []string{"help", "demo"}, 0, "-seed"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"build", "--colour"}, 2, "flag provided but not defined"},
		{"bad now", []string{"--site", site, "--now", "17.8.2022"}, 2, "2006-01-02"},
		{"bad memory limit", []string{"--site", site, "--memory-limit", "lots"}, 2, `--memory-limit "lots": write a size such as 3GiB`},
		{"build", []string{"--site", site, "--now", "2022-08-17"}, 0, "4 published, 2 statistics only, 0 rejected"},
		{"content error", []string{"--site", broken}, 1, `content/cases/2022.csv:2:9: grid: unknown grid "不存在网格"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			code := run(c.args, &out, &out)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, out.String())
			}
			if !strings.Contains(out.String(), c.out) {
				t.Errorf("output lacks %q:\n%s", c.out, out.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(broken, "public")); err == nil {
		t.Error("a failed build created public/")
	}
	if _, err := os.Stat(filepath.Join(site, "public", "index.html")); err != nil {
		t.Error("the build wrote no public/index.html")
	}
}

// TestMemoryLimit checks --memory-limit: GOMEMLIMIT's sizes, 0 for none, GOMEMLIMIT kept when
// the flag is not given and overridden when it is, and that a build leaves the process's limit
// as it found it.
func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		env  string
		args []string
		want int64
	}{
		{"", nil, 3 << 30},
		{"", []string{"--memory-limit", "2500MB"}, 2500e6},
		{"", []string{"--memory-limit", "512MiB"}, 512 << 20},
		{"", []string{"--memory-limit", "0"}, math.MaxInt64},
		{"1GiB", nil, -1},
		{"1GiB", []string{"--memory-limit", "2GiB"}, 2 << 30},
	} {
		t.Setenv("GOMEMLIMIT", c.env)
		fl := flag.NewFlagSet("build", flag.ContinueOnError)
		s := fl.String("memory-limit", defaultMemoryLimit, "")
		if err := fl.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		got, err := memoryLimit(fl, *s)
		if err != nil || got != c.want {
			t.Errorf("GOMEMLIMIT=%q %q: %d, %v; want %d", c.env, c.args, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "lots", "-1GiB", "0B", "3 parsecs"} {
		fl := flag.NewFlagSet("build", flag.ContinueOnError)
		s := fl.String("memory-limit", defaultMemoryLimit, "")
		if err := fl.Parse([]string{"--memory-limit", bad}); err != nil {
			t.Fatal(err)
		}
		if _, err := memoryLimit(fl, *s); err == nil {
			t.Errorf("%q taken as a memory limit", bad)
		}
	}
	before := debug.SetMemoryLimit(-1)
	var out bytes.Buffer
	if code := run([]string{"--site", writeSite(t), "--memory-limit", "1GiB", "-q"}, &out, &out); code != 0 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("the build left the memory limit at %d, not %d", after, before)
	}
}

// TestNewNotice checks `new notice` (issue 6): it refuses an unknown hall or kind with the valid
// ones, and the file it writes builds.
func TestNewNotice(t *testing.T) {
	site := writeSite(t)
	var out bytes.Buffer
	if code := run([]string{"new", "notice", "--site", site, "--hall", "nope", "--date", "2022-09-01", "--time", "19:00", "--kind", "grid_meeting"}, &out, &out); code != 2 || !strings.Contains(out.String(), "haitang") {
		t.Errorf("unknown hall: exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"new", "notice", "--site", site, "--hall", "haitang", "--date", "2022-09-01", "--time", "19:00", "--kind", "party"}, &out, &out); code != 2 || !strings.Contains(out.String(), "grid_meeting") {
		t.Errorf("unknown kind: exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"new", "notice", "--site", site, "--hall", "haitang", "--date", "2022-09-01", "--time", "19:00", "--kind", "grid_meeting"}, &out, &out); code != 0 {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	path := strings.TrimSpace(out.String())
	if path != "content/meetings/2022/M-2022-0901-haitang.md" {
		t.Errorf("wrote %q", path)
	}
	out.Reset()
	if code := run([]string{"--site", site, "--now", "2022-08-17", "-q"}, &out, &out); code != 0 {
		t.Fatalf("the new notice does not build: exit %d\n%s", code, out.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public", "meetings", "M-2022-0901-haitang", "index.html")); err != nil {
		t.Error("no page for the new notice")
	}
}
