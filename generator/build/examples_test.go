package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// exampleFiles are the real exports each example site of examples/ reads (issue 3).
var exampleFiles = map[string][]string{
	"boston311":   {"boston311/boston311-100.csv"},
	"open311":     {"open311/requests_many.xml", "open311/requests_single.xml", "open311/service_requests.json"},
	"cn-messages": {"cn-messages/附件3.xlsx", "cn-messages/附件4-first300.csv"},
}

// TestExamplesBuild builds every example site from its site.toml, the repository's themes and
// the real exports in ../shared/fixtures, read in place (never copied into the repository):
// the exports build into a site through site.toml alone, and the site passes the output gate.
func TestExamplesBuild(t *testing.T) {
	fixtures := filepath.Join("..", "..", "..", "shared", "fixtures")
	if _, err := os.Stat(fixtures); err != nil {
		t.Skip("../shared/fixtures not found: the real exports live beside the repository, not in it")
	}
	for name, files := range exampleFiles {
		t.Run(name, func(t *testing.T) {
			m := fstest.MapFS{}
			root := filepath.Join("..", "..", "examples", name)
			err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(filepath.Join(root, p))
				m[p] = &fstest.MapFile{Data: data}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				data, err := os.ReadFile(filepath.Join(fixtures, f))
				if err != nil {
					t.Fatal(err)
				}
				m["content/cases/"+filepath.Base(f)] = &fstest.MapFile{Data: data}
			}
			themes := filepath.Join("..", "..", "themes")
			fs.WalkDir(os.DirFS(themes), ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					data, _ := os.ReadFile(filepath.Join(themes, p))
					m["themes/"+p] = &fstest.MapFile{Data: data}
				}
				return err
			})
			out := filepath.Join(t.TempDir(), "public")
			sum, err := Run(Options{Site: m, Out: out, Today: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), CaseIDKey: []byte("test")})
			if err != nil {
				t.Fatal(err)
			}
			if sum.CasesRead == 0 || sum.Published+sum.StatsOnly == 0 {
				t.Errorf("%d cases read, %d published, %d statistics only", sum.CasesRead, sum.Published, sum.StatsOnly)
			}
			if sum.CasesRead != sum.Published+sum.StatsOnly+sum.Rejected+sum.Updated {
				t.Errorf("rows do not add up: %d read, %d published, %d statistics only, %d rejected, %d updated",
					sum.CasesRead, sum.Published, sum.StatsOnly, sum.Rejected, sum.Updated)
			}
			if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
				t.Error("no home page")
			}
			t.Logf("%s: %d cases read, %d published, %d statistics only, %d rejected, %d updated; %s", name,
				sum.CasesRead, sum.Published, sum.StatsOnly, sum.Rejected, sum.Updated, strings.Join(sum.Warnings, "; "))
		})
	}
}
