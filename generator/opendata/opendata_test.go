package opendata_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongshi/generator/opendata"
	"gongshi/generator/site"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

var testOptions = opendata.Options{
	Licence: opendata.Licence{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0"},
	K:       10, Weight: 0.9,
	Label: func(key string) string {
		return map[string]string{"channel.hotline": "12345热线", "kind.parties_meeting": "有请当事人会办"}[key]
	},
}

func build(t testing.TB) *opendata.Set {
	t.Helper()
	set, err := opendata.Build(fixture(), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// dataFS returns the files of set as a file system rooted at the data folder.
func dataFS(set *opendata.Set) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range set.Files {
		fsys[strings.TrimPrefix(f.Path, opendata.Dir+"/")] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// TestGolden compares every file of the fixture's data with testdata/golden (go test -update
// rewrites them).
func TestGolden(t *testing.T) {
	set := build(t)
	want := []string{
		"data/cases.csv", "data/cases.json", "data/datapackage.json", "data/definitions.json", "data/manifest.json",
		"data/open311/requests.json", "data/stats.json", "data/tables/category.csv", "data/tables/channel.csv",
		"data/tables/closure-category.csv", "data/tables/closure-category.json", "data/tables/closure-channel.csv",
		"data/tables/closure-channel.json", "data/tables/closure-community.csv", "data/tables/closure-community.json",
		"data/tables/closure-method.csv", "data/tables/closure-method.json", "data/tables/closure-month.csv",
		"data/tables/closure-month.json", "data/tables/community-month.csv", "data/tables/community-month.json",
		"data/tables/community.csv", "data/tables/meetings-hall-month.csv", "data/tables/meetings-hall-month.json",
		"data/tables/meetings-handling.csv", "data/tables/meetings-handling.json", "data/tables/meetings-kind-month.csv",
		"data/tables/meetings-kind-month.json", "data/tables/meetings-kind.csv", "data/tables/meetings-kind.json",
		"data/tables/meetings-lead.csv", "data/tables/meetings-lead.json", "data/tables/meetings-method.csv", "data/tables/meetings-method.json",
		"data/tables/meetings.csv", "data/tables/method.csv", "data/tables/month.csv", "data/tables/ranking-resolution.csv",
		"data/tables/ranking-resolution.json", "data/tables/ranking-response.csv", "data/tables/ranking-response.json",
		"data/tables/ranking-satisfaction.csv", "data/tables/ranking-satisfaction.json", "data/tables/rates-category.csv",
		"data/tables/rates-category.json", "data/tables/rates-channel.csv", "data/tables/rates-channel.json",
		"data/tables/rates-community.csv", "data/tables/rates-community.json", "data/tables/rates-method.csv",
		"data/tables/rates-method.json", "data/tables/rates-month.csv", "data/tables/rates-month.json",
		"data/tables/status.csv", "data/tables/volume-category.csv", "data/tables/volume-category.json",
		"data/tables/volume-channel.csv", "data/tables/volume-channel.json", "data/tables/volume-community.csv",
		"data/tables/volume-community.json", "data/tables/volume-grid.csv", "data/tables/volume-grid.json",
		"data/tables/volume-month.csv", "data/tables/volume-month.json", "data/tables/volume-status.csv",
		"data/tables/volume-status.json", "data/tables/volume-subcategory.csv", "data/tables/volume-subcategory.json"}
	var got []string
	for _, f := range set.Files {
		got = append(got, f.Path)
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(f.Path))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		exp, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run go test -update)", f.Path, err)
			continue
		}
		if !bytes.Equal(exp, f.Data) {
			t.Errorf("%s differs from %s:\n%s", f.Path, golden, f.Data)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(set.Version) != 12 || !strings.HasPrefix(set.Digest, set.Version) {
		t.Errorf("version %q of digest %q", set.Version, set.Digest)
	}
}

// TestValidatesAgainstOwnPackage checks every file against the datapackage.json written with it.
func TestValidatesAgainstOwnPackage(t *testing.T) {
	if err := opendata.Validate(dataFS(build(t))); err != nil {
		t.Fatal(err)
	}
}

// TestValidatorCatches checks that the validator finds what it is meant to find.
func TestValidatorCatches(t *testing.T) {
	for _, c := range []struct {
		name, file string
		edit       func(string) string
		want       string
	}{
		{"wrong type", "tables/month.csv", func(s string) string {
			return strings.Replace(s, "\r\n2021-12,2021年12月,20,", "\r\n2021-12,2021年12月,twenty,", 1)
		}, "not an integer"},
		{"hidden as a number", "tables/community.csv", func(s string) string { return strings.Replace(s, "×", "-1", 1) }, "out of range"},
		{"bad month", "cases.csv", func(s string) string { return strings.Replace(s, ",2022-08,", ",2022-08-17,", 1) }, "does not match"},
		{"unknown enum", "cases.json", func(s string) string { return strings.Replace(s, `"hotline"`, `"phone"`, 1) }, "is not one of"},
		{"unknown key", "stats.json", func(s string) string { return strings.Replace(s, `"suppressed":`, `"hidden_n":3,"suppressed":`, 1) }, "not a field"},
		{"missing required", "open311/requests.json", func(s string) string { return strings.Replace(s, `"status":"closed"`, `"status":null`, 1) }, "is required"},
		{"header", "tables/meetings.csv", func(s string) string { return strings.Replace(s, "meetings_held", "held", 1) }, "header"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := dataFS(build(t))
			f := fsys[c.file]
			f.Data = []byte(c.edit(string(f.Data)))
			err := opendata.Validate(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
			if !strings.Contains(err.Error(), "hash") || !strings.Contains(err.Error(), "SHA-256") {
				t.Errorf("a changed file must fail its hash in the package and the manifest: %v", err)
			}
		})
	}
	fsys := dataFS(build(t))
	fsys["extra.csv"] = &fstest.MapFile{Data: []byte("a\r\n")}
	if err := opendata.Validate(fsys); err == nil || !strings.Contains(err.Error(), "does not list extra.csv") {
		t.Errorf("an unlisted file: %v", err)
	}
}

// TestHiddenValuesAppearNowhere checks that no number behind a hidden figure appears in any
// file, in any form, and that every hidden figure is null in stats.json and × in its table.
func TestHiddenValuesAppearNowhere(t *testing.T) {
	set := build(t)
	for _, f := range set.Files {
		for _, s := range sentinels {
			if i := bytes.Index(f.Data, []byte(s)); i >= 0 {
				t.Errorf("%s holds %s, the number of a hidden figure: …%s…", f.Path, s, f.Data[max(0, i-40):min(len(f.Data), i+40)])
			}
		}
	}
	var figs []opendata.Figure
	if err := json.Unmarshal(dataFS(set)["stats.json"].Data, &figs); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range figs {
		if f.Table == "community" && f.Definition != "collective" && f.Definition != "meeting" {
			n++
			if !f.Suppressed || f.Value != nil || f.Numerator != nil || f.Denominator != nil {
				t.Errorf("%s: hidden in the fixture, published as %+v", f.ID, f)
			}
		}
	}
	if n != 28 {
		t.Errorf("%d hidden community figures, want 28", n)
	}
	csv := string(dataFS(set)["tables/community.csv"].Data)
	if want := "shuicheng,水城社区,×,×,×,×,×,×,×,×\r\n"; !strings.Contains(csv, want) {
		t.Errorf("community.csv:\n%s\nwant a row %q", csv, want)
	}
}

// TestDeterministic checks that two builds give the same bytes, and that the version follows
// the data and the definitions.
func TestDeterministic(t *testing.T) {
	a, b := build(t), build(t)
	for i := range a.Files {
		if !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("%s differs between two builds", a.Files[i].Path)
		}
	}
	o := testOptions
	o.Weight = 0.8
	c, err := opendata.Build(fixture(), o)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version == a.Version {
		t.Error("a changed definition keeps the data version")
	}
	o = testOptions
	o.Licence.Name = "CC0-1.0"
	d, _ := opendata.Build(fixture(), o)
	if d.Version != a.Version {
		t.Error("the licence, not data, changes the data version")
	}
}

// TestCasesNeverCarryDayTimeOrGrid checks the case files against what the site may show.
func TestCasesNeverCarryDayTimeOrGrid(t *testing.T) {
	fsys := dataFS(build(t))
	for _, name := range []string{"cases.csv", "cases.json", "open311/requests.json"} {
		// "网格" (grid) may appear only as part of the channel grid patrol's label, 网格巡查.
		data := strings.ReplaceAll(string(fsys[name].Data), "网格巡查", "")
		for _, bad := range []string{"网格", "2022-08-17", "08:34", "2022-07-01", "23:50", "2022-07,", `"2022-07"`} {
			if strings.Contains(data, bad) {
				t.Errorf("%s holds %q", name, bad)
			}
		}
		if !strings.Contains(data, "2022-Q3") {
			t.Errorf("%s: the case shown by quarter is not given by quarter", name)
		}
	}
}

// TestSetOnEmptySite checks a site without cases or figures still gives a valid package.
func TestSetOnEmptySite(t *testing.T) {
	s := fixture()
	s.Cases, s.Tables, s.Meetings = nil, nil, nil
	st := *s.Stats
	st.ByMonth, st.ByCommunity, st.ByCategory = nil, nil, nil
	st.First, st.Last = time.Time{}, time.Time{}
	s.Stats = &st
	set, err := opendata.Build(s, opendata.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := opendata.Validate(dataFS(set)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(dataFS(set)["datapackage.json"].Data), "licenses") {
		t.Error("no licence given, one stated")
	}
}

// TestCellsAreFigures checks that every figure a statistics page shows (the headline figures and
// every cell of every table) is a row of stats.json under the id that is its anchor on the page,
// with the same value or the same suppression: a permalink and stats.json name the same figure.
func TestCellsAreFigures(t *testing.T) {
	s := fixture()
	byID := map[string]opendata.Figure{}
	for _, f := range opendata.Figures(s, testOptions) {
		byID[f.ID] = f
	}
	var cells []site.Cell
	for _, f := range append(append([]site.Figure(nil), s.Window...), s.AllTime...) {
		cells = append(cells, f.Cell)
	}
	for _, fam := range s.Families {
		for _, f := range fam.Figures {
			cells = append(cells, f.Cell)
		}
		for _, tb := range fam.Tables {
			for _, r := range tb.Rows {
				cells = append(cells, r.Cells...)
			}
		}
	}
	for _, c := range cells {
		f, ok := byID[c.ID]
		if !ok {
			t.Errorf("%s is shown on a page but is not in stats.json", c.ID)
			continue
		}
		if f.Definition != c.Def || f.Suppressed != c.Hidden() {
			t.Errorf("%s: page %s hidden %v, stats.json %s suppressed %v", c.ID, c.Def, c.Hidden(), f.Definition, f.Suppressed)
			continue
		}
		var v *float64
		switch c.Unit {
		case "percent":
			if !c.Rate.Hidden && !c.Rate.None() {
				p := math.Round(c.Rate.Percent()*10) / 10
				v = &p
			}
		case "days":
			if !c.Days.Hidden && !c.Days.None {
				d := math.Round(c.Days.Value*10) / 10
				v = &d
			}
		default:
			if !c.Count.Hidden {
				n := float64(c.Count.N)
				v = &n
			}
		}
		if (v == nil) != (f.Value == nil) || (v != nil && *v != *f.Value) {
			t.Errorf("%s: page %v, stats.json %v", c.ID, v, f.Value)
		}
	}
	if len(cells) < 200 {
		t.Errorf("only %d cells: the fixture's pages are not what they were", len(cells))
	}
}
