package build

import (
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"gongshi/generator/privacy"
)

func planted(t *testing.T) (fstest.MapFS, []string) {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "privacy", "planted.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, f := range a.Files {
		if f.Name == "want/planted" {
			values = strings.Fields(string(f.Data))
		}
	}
	if len(values) == 0 {
		t.Fatal("no want/planted")
	}
	return siteFS(t, a), values
}

// TestPlantedRefused checks refuse mode (issue 4): the build fails with exit code 3's error,
// names every location of planted personal data, never prints a raw value, and writes nothing.
func TestPlantedRefused(t *testing.T) {
	fsys, values := planted(t)
	out := filepath.Join(t.TempDir(), "public")
	_, err := Run(Options{Site: fsys, Out: out})
	var pe *privacy.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want a privacy error, got %v", err)
	}
	msg := err.Error()
	for _, v := range values {
		if strings.Contains(msg, v) || strings.Contains(msg, digits(v)) && len(digits(v)) > 6 {
			t.Errorf("the report prints the raw value %s", v)
		}
	}
	for _, want := range []string{
		"content/cases/2022.csv:2:14 (summary",                    // mobile in a case summary
		"content/cases/2022.csv:2:15 (resolution",                 // 王先生
		"content/cases/2022.csv:3:14 (summary",                    // room-level address
		"content/halls/haitang.md:5:1 (address",                   // 7-2-301 in front matter
		"content/meetings/2022/M-2022-0802-haitang.md:5:1 (title", // 李阿姨
		"content/meetings/2022/M-2022-0802-haitang.md:12:",        // split across emphasis
		"content/meetings/2022/M-2022-0802-haitang.md:14:",        // link text
		"content/meetings/2022/M-2022-0802-haitang.md:16:",        // image alt text
		"content/meetings/2022/M-2022-0802-haitang.md:20:",        // table cell
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the report does not name %s\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "025-12345") || strings.Contains(msg, "12345可查询") {
		t.Errorf("the public hotline number was flagged:\n%s", msg)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused build wrote the output")
	}
}

// TestPlantedRedacted checks redact mode (issue 4): the build succeeds and no trace of any
// planted value is left in any output file. The check is independent of the guard: it looks for
// the raw values in each file as written, entity-decoded, with tags stripped (so values split
// across tags join up) and with every separator removed.
func TestPlantedRedacted(t *testing.T) {
	fsys, values := planted(t)
	cfg := string(fsys["site.toml"].Data)
	fsys["site.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(cfg, `mode = "refuse"`, `mode = "redact"`, 1))}
	out := filepath.Join(t.TempDir(), "public")
	sum, err := Run(Options{Site: fsys, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	redacted := 0
	for _, f := range sum.Privacy {
		if f.Redacted {
			redacted++
		}
	}
	if redacted < len(values) {
		t.Errorf("%d findings redacted, want at least %d", redacted, len(values))
	}
	tags := regexp.MustCompile(`<[^>]*>`)
	files := readTree(t, out)
	if len(files) == 0 {
		t.Fatal("no output")
	}
	for name, data := range files {
		raw := html.UnescapeString(string(data))
		views := []string{raw, tags.ReplaceAllString(raw, "")}
		for _, view := range views {
			flat := strings.NewReplacer(" ", "", "\n", "", "\t", "", "*", "", "-", "").Replace(view)
			for _, v := range values {
				if strings.Contains(view, v) || strings.Contains(flat, strings.ReplaceAll(v, "-", "")) {
					t.Errorf("%s: planted value %s survived redaction", name, mask(v))
				}
			}
		}
	}
	report, err := os.ReadFile(sum.PrivacyReport)
	if err != nil {
		t.Fatalf("no privacy report beside the output: %v", err)
	}
	if filepath.Dir(sum.PrivacyReport) != filepath.Dir(out) {
		t.Errorf("the report %s is not beside the output", sum.PrivacyReport)
	}
	for _, v := range values {
		if strings.Contains(string(report), v) {
			t.Errorf("the privacy report holds the raw value %s", mask(v))
		}
	}
	page := string(files["meetings/M-2022-0802-haitang/index.html"])
	if !strings.Contains(page, "〔") {
		t.Error("the meeting page shows no mask where personal data was")
	}
}

// digits keeps the digits of s, so a number written with spaces, dashes or tags in between is
// found as one run.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func mask(v string) string {
	r := []rune(v)
	return fmt.Sprintf("%c…(%d characters)", r[0], len(r))
}

// TestCheckWritesNothing checks `gongshi check` (issue 4): it names the planted items, passes a
// clean site, and writes nothing either way.
func TestCheckWritesNothing(t *testing.T) {
	fsys, _ := planted(t)
	out := filepath.Join(t.TempDir(), "public")
	_, err := Run(Options{Site: fsys, Out: out, Check: true})
	var pe *privacy.Error
	if !errors.As(err, &pe) || len(pe.Findings) < 9 {
		t.Fatalf("want at least 9 privacy findings, got %v", err)
	}
	if !strings.Contains(err.Error(), "content/meetings/2022/M-2022-0802-haitang.md:12:") {
		t.Errorf("the check does not name the number split by emphasis:\n%s", err)
	}
	a, err := txtar.ParseFile(filepath.Join("testdata", "small.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(Options{Site: siteFS(t, a), Out: out, Check: true}); err != nil {
		t.Errorf("a clean site fails the check: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("check wrote the output")
	}
}

// TestHashedCaseIDs checks [privacy] case_ids = "hashed": without a key the build says how to
// set one; with a key no ticket number of the export appears in any output file.
func TestHashedCaseIDs(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "small.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := siteFS(t, a)
	cfg := string(fsys["site.toml"].Data)
	fsys["site.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(cfg, `case_ids = "export"`, `case_ids = "hashed"`, 1))}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Site: fsys, Out: out}); err == nil || !strings.Contains(err.Error(), privacy.KeyEnv) {
		t.Fatalf("without a key: %v", err)
	}
	if _, err := Run(Options{Site: fsys, Out: out, CaseIDKey: []byte("test key")}); err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(`(?m)^(20\d{11}),`).FindAllStringSubmatch(string(fsys["content/cases/2022.csv"].Data), -1)
	if len(ids) == 0 {
		t.Fatal("no ticket numbers in the fixture")
	}
	files := readTree(t, out)
	for name, data := range files {
		for _, id := range ids {
			if strings.Contains(string(data), id[1]) {
				t.Errorf("%s: ticket number %s published", name, id[1])
			}
		}
	}
	if _, ok := files["cases/"+privacy.IDs("hashed", []byte("test key"))("2022071500005")+".html"]; !ok {
		t.Error("no page at the hashed id")
	}
}
