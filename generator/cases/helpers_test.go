package cases

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// loadSite parses siteToml and loads the exports in files (name in content/cases → content).
func loadSite(t testing.TB, siteToml string, files map[string][]byte) ([]Record, *Report, source.List) {
	t.Helper()
	cfg, err := config.Parse("site.toml", siteToml)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys["content/cases/"+name] = &fstest.MapFile{Data: data}
	}
	recs, rep, errs := Load(fsys, Dir, cfg)
	checkReport(t, recs, rep, errs)
	return recs, rep, errs
}

// checkReport checks that the report's counts add up and agree with the records and errors.
func checkReport(t testing.TB, recs []Record, rep *Report, errs source.List) {
	t.Helper()
	rows, rejected, updated, problems, records := 0, 0, 0, 0, 0
	for _, f := range rep.Files {
		reasons := 0
		for _, n := range f.Reasons {
			reasons += n
		}
		if f.Rows != f.Records+f.Rejected || reasons != f.Rejected || f.Updated > f.Records {
			t.Errorf("%s: rows %d ≠ records %d + rejected %d, or reasons %d ≠ rejected, or updated %d > records",
				f.Name, f.Rows, f.Records, f.Rejected, reasons, f.Updated)
		}
		rows += f.Rows
		rejected += f.Rejected
		updated += f.Updated
		problems += f.Problems
		records += f.Records - f.Updated
	}
	if rep.Rows != rows || rep.Rejected != rejected || rep.Updated != updated || rep.Problems != problems ||
		rep.Records != len(recs) || records != len(recs) || rep.Rows != rep.Records+rep.Rejected+rep.Updated {
		t.Errorf("report totals do not add up: %+v (files: rows %d rejected %d updated %d problems %d records %d; returned %d)",
			*rep, rows, rejected, updated, problems, records, len(recs))
	}
	if (rejected > 0 || problems > 0) && len(errs) == 0 {
		t.Errorf("%d rejected rows and %d problems but no errors", rejected, problems)
	}
	for i := 1; i < len(recs); i++ {
		if recs[i].ID <= recs[i-1].ID {
			t.Errorf("records not sorted by unique id: %q after %q", recs[i].ID, recs[i-1].ID)
			break
		}
	}
}

// recordDigest hashes every field of the records (positions by line only), so that two
// imports can be compared whatever the files were called.
func recordDigest(recs []Record) string {
	h := sha256.New()
	for _, r := range recs {
		fmt.Fprintln(h, recordLine(&r))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func recordLine(r *Record) string {
	cm, cat := "", ""
	if r.Community != nil {
		cm = r.Community.Name + "/" + r.Community.Street.Name
	}
	if r.Category != nil {
		cat = r.Category.Name
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%v|%q|%q|%v|%d|%s|%d|%s",
		r.ID, r.ReceivedAt.Format(time.RFC3339Nano), r.RespondedAt.Format(time.RFC3339Nano), r.ClosedAt.Format(time.RFC3339Nano),
		cm, r.Grid, cat, r.Subcategory, r.Channel, r.Status, r.Method, r.Collective, r.Summary, r.Resolution,
		r.Surveyed, r.Solved, r.Satisfaction, r.RespondedInTime, r.Meeting)
}

// repoRoot is the repository, two folders up from this package.
const repoRoot = "../.."

// fixtures returns ../shared/fixtures beside the repository, or skips the test.
func fixtures(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot, "..", "shared", "fixtures")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipped: the real exports in ../shared/fixtures are absent (%v); they are not part of the repository", err)
	}
	return dir
}

// demoSite reads the committed demo's site.toml and case exports.
func demoSite(t testing.TB) (string, map[string][]byte) {
	t.Helper()
	site, err := os.ReadFile(filepath.Join(repoRoot, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	names, _ := filepath.Glob(filepath.Join(repoRoot, Dir, "*.csv"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = data
	}
	if len(files) == 0 {
		t.Fatal("no demo exports in content/cases")
	}
	return string(site), files
}

func errLines(errs source.List) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
