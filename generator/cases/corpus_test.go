package cases

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"gongshi/generator/config"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/corpus/*.txtar")

// TestCorpus loads each testdata/corpus/*.txtar: its content/cases/ files with its site.toml
// (or the small test site, with site-extra.toml appended, usually [[import]] tables), and
// compares the errors with its want section and the report with its report section. The
// archives are broken inputs, each with the message a user gets. Run with -update to rewrite
// the want and report sections, then read the diff.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/corpus/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			siteText, extra := site, ""
			exports := map[string][]byte{}
			for _, f := range a.Files {
				switch {
				case f.Name == "site.toml":
					siteText = string(f.Data)
				case f.Name == "site-extra.toml":
					extra = string(f.Data)
				case strings.HasPrefix(f.Name, "content/cases/"):
					exports[strings.TrimPrefix(f.Name, "content/cases/")] = f.Data
				}
			}
			_, rep, errs := loadSite(t, siteText+extra, exports)
			got := map[string]string{"want": errLines(errs), "report": reportText(rep)}
			changed := false
			for _, name := range []string{"want", "report"} {
				i := section(a, name)
				switch {
				case i < 0 && *update:
					a.Files = append(a.Files, txtar.File{Name: name, Data: []byte(got[name])})
					changed = true
				case i < 0:
					t.Errorf("no %s section: run go test -update", name)
				case string(a.Files[i].Data) != got[name] && *update:
					a.Files[i].Data = []byte(got[name])
					changed = true
				case string(a.Files[i].Data) != got[name]:
					t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", name, got[name], a.Files[i].Data)
				}
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func section(a *txtar.Archive, name string) int {
	for i, f := range a.Files {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// reportText prints a report one file a line, for the corpus.
func reportText(rep *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "total rows=%d records=%d rejected=%d updated=%d problems=%d\n", rep.Rows, rep.Records, rep.Rejected, rep.Updated, rep.Problems)
	for _, f := range rep.Files {
		var reasons []string
		for k, n := range f.Reasons {
			reasons = append(reasons, fmt.Sprintf("%s:%d", k, n))
		}
		sort.Strings(reasons)
		fmt.Fprintf(&b, "%s format=%s encoding=%s rows=%d records=%d rejected=%d updated=%d problems=%d",
			strings.TrimPrefix(f.Name, Dir+"/"), f.Format, f.Encoding, f.Rows, f.Records, f.Rejected, f.Updated, f.Problems)
		if len(reasons) > 0 {
			fmt.Fprintf(&b, " reasons=%s", strings.Join(reasons, ","))
		}
		if f.TooManyRejected() {
			b.WriteString(" too-many-rejected")
		}
		if len(f.Dropped) > 0 {
			fmt.Fprintf(&b, " dropped=%s", strings.Join(f.Dropped, ","))
		}
		if len(f.Unmapped) > 0 {
			fmt.Fprintf(&b, " unmapped=%s", strings.Join(f.Unmapped, ","))
		}
		if f.Replaced > 0 {
			fmt.Fprintf(&b, " replaced=%d", f.Replaced)
		}
		b.WriteByte('\n')
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

// TestImportConfig parses each testdata/config/*.txtar site.toml and compares config.Parse's
// errors about [[import]] tables with its want section (-update rewrites it).
func TestImportConfig(t *testing.T) {
	files, _ := filepath.Glob("testdata/config/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/config/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = config.Parse("site.toml", string(a.Files[section(a, "site.toml")].Data))
			got := "no error\n"
			if err != nil {
				got = err.Error() + "\n"
			}
			i := section(a, "want")
			switch {
			case string(a.Files[i].Data) == got:
			case *update:
				a.Files[i].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
			default:
				t.Errorf("got:\n%swant:\n%s", got, a.Files[i].Data)
			}
		})
	}
}
