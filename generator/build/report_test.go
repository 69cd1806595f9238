package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestReportAddsUp checks the build report (issue 3): for every export, rows = published +
// statistics only + rejected + updated, and the totals match the files.
func TestReportAddsUp(t *testing.T) {
	for _, site := range []string{"small", "demo"} {
		t.Run(site, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var err error
			if site == "demo" {
				if testing.Short() {
					t.Skip("builds the demo")
				}
				_, err = Run(Options{Site: os.DirFS(filepath.Join("..", "..")), Out: out, Today: time.Now()})
			} else {
				a, perr := txtar.ParseFile(filepath.Join("testdata", "small.txtar"))
				if perr != nil {
					t.Fatal(perr)
				}
				_, err = Run(Options{Site: siteFS(t, a), Out: out})
			}
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(filepath.Dir(out), ReportFile))
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Rows, Published, Rejected, Updated int
				StatsOnly                          int `json:"statistics_only"`
				Files                              []struct {
					Name                               string
					Rows, Published, Rejected, Updated int
					StatsOnly                          int `json:"statistics_only"`
				}
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			var rows, pub, stats int
			for _, f := range rep.Files {
				if f.Rows != f.Published+f.StatsOnly+f.Rejected+f.Updated {
					t.Errorf("%s: %d rows ≠ %d published + %d statistics only + %d rejected + %d updated",
						f.Name, f.Rows, f.Published, f.StatsOnly, f.Rejected, f.Updated)
				}
				rows, pub, stats = rows+f.Rows, pub+f.Published, stats+f.StatsOnly
			}
			if len(rep.Files) == 0 || rows != rep.Rows || pub != rep.Published || stats != rep.StatsOnly {
				t.Errorf("totals: %d rows, %d published, %d statistics only; files add up to %d, %d, %d",
					rep.Rows, rep.Published, rep.StatsOnly, rows, pub, stats)
			}
		})
	}
}
