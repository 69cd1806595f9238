package cases

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// The real exports in ../shared/fixtures are read through the example sites in examples/:
// site.toml alone maps each layout. The Chinese set is only ever read from ../shared.

// TestExamplesParse checks that every example's site.toml is a valid configuration.
func TestExamplesParse(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(repoRoot, "examples", "*", "site.toml"))
	if len(dirs) < 3 {
		t.Fatalf("examples: %v", dirs)
	}
	for _, d := range dirs {
		text, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := config.Parse("site.toml", string(text)); err != nil {
			t.Errorf("%s:\n%v", d, err)
		}
	}
}

// loadExample loads fixture files (paths below ../shared/fixtures) with an example's site.toml;
// rename gives a file another name in content/cases.
func loadExample(t *testing.T, example string, fixtureFiles []string, rename map[string]string) ([]Record, *Report, source.List) {
	t.Helper()
	dir := fixtures(t)
	site, err := os.ReadFile(filepath.Join(repoRoot, "examples", example, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range fixtureFiles {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		if n, ok := rename[f]; ok {
			name = n
		}
		files[name] = data
	}
	return loadSite(t, string(site), files)
}

func find(t *testing.T, recs []Record, id string) *Record {
	t.Helper()
	for i := range recs {
		if recs[i].ID == id {
			return &recs[i]
		}
	}
	t.Fatalf("no record %s", id)
	return nil
}

func TestBoston311(t *testing.T) {
	recs, rep, errs := loadExample(t, "boston311", []string{"boston311/boston311-100.csv"}, nil)
	f := rep.Files[0]
	if f.Rows != 100 || f.Records != 99 || f.Reasons[ReasonMissing] != 1 || f.TooManyRejected() {
		t.Errorf("report %+v", *f)
	}
	if got := errLines(errs); got != "content/cases/boston311-100.csv:2:21: community: required value is empty\n" {
		t.Errorf("errors:\n%s", got)
	}
	if !strings.Contains(strings.Join(f.Unmapped, ","), "type") || strings.Contains(strings.Join(f.Unmapped, ","), "reason") {
		t.Errorf("unmapped %v", f.Unmapped)
	}
	r := find(t, recs, "101004113298")
	ny, _ := time.LoadLocation("America/New_York")
	if !r.ReceivedAt.Equal(time.Date(2022, 1, 1, 0, 16, 0, 0, ny)) || !r.ClosedAt.Equal(time.Date(2022, 1, 10, 8, 42, 23, 0, ny)) ||
		r.Community.Name != "Beacon Hill" || r.Category.Name != "Housing" || r.Channel != Hotline || r.Status != Resolved ||
		!strings.HasPrefix(r.Resolution, "Case Closed.") {
		t.Errorf("record: %s", recordLine(r))
	}
	if r := find(t, recs, "101004113313"); r.Status != InProgress || r.Closed() {
		t.Errorf("an Open case: %s", recordLine(r))
	}
	want := recordDigest(recs)

	// The same export with day-first dates, through its own [[import]] table.
	dmy, _, _ := loadExample(t, "boston311", []string{"boston311/boston311-dmy-100.csv"}, nil)
	if recordDigest(dmy) != want {
		t.Error("the day-first export gives other records")
	}
	// Without date_order, every day-first date is refused, never guessed.
	_, rep, errs = loadExample(t, "boston311", []string{"boston311/boston311-dmy-100.csv"},
		map[string]string{"boston311/boston311-dmy-100.csv": "boston311-other.csv"})
	if f := rep.Files[0]; f.Reasons[ReasonAmbiguousDate] != 100 || !f.TooManyRejected() {
		t.Errorf("without date_order: %+v", *f)
	}
	if !strings.Contains(errs[0].Msg, `ambiguous date "21/01/2022 13:47:00": 21/01 could be day and month or month and day, and gongshi never guesses: set date_order = "dmy" or "mdy" in the [[import]] table files = "boston311-*"`) {
		t.Errorf("message: %s", errs[0])
	}
	// The same rows as JSON Lines.
	jl, _, _ := loadExample(t, "boston311", []string{"boston311/boston311-100.jsonl"}, nil)
	if recordDigest(jl) != want {
		t.Error("the JSON Lines export gives other records")
	}
	// Non-ASCII text survives.
	na, _, _ := loadExample(t, "boston311", []string{"boston311/boston311-100-with-nonascii.csv"}, nil)
	if r := find(t, na, "101004114021"); !strings.Contains(r.Resolution, "Dëad rat") {
		t.Errorf("non-ASCII: %q", r.Resolution)
	}
	// Dates without times are midnight.
	nt, _, _ := loadExample(t, "boston311", []string{"boston311/boston311-100-notime.csv"}, nil)
	if r := find(t, nt, "101004113298"); !r.ReceivedAt.Equal(time.Date(2022, 1, 1, 0, 0, 0, 0, ny)) || len(nt) != 99 {
		t.Errorf("date only: %s", recordLine(r))
	}
}

func TestBoston311Duplicates(t *testing.T) {
	recs, rep, errs := loadExample(t, "boston311", []string{"boston311/boston311-100-20dupes-random.csv"}, nil)
	f := rep.Files[0]
	if f.Rows != 100 || f.Reasons[ReasonDuplicateID] != 20 || len(recs) != 79 || !f.TooManyRejected() {
		t.Errorf("report %+v, %d records", *f, len(recs))
	}
	if !strings.Contains(errLines(errs), "content/cases/boston311-100-20dupes-random.csv:66:1: duplicate case id 101004113637: it is already used at content/cases/boston311-100-20dupes-random.csv:2:1") {
		t.Errorf("errors:\n%s", errLines(errs))
	}
}

// TestLaterExportUpdates loads two Boston exports sharing ids: the later one (by name) wins.
func TestLaterExportUpdates(t *testing.T) {
	recs, rep, _ := loadExample(t, "boston311", []string{"boston311/boston311-10.jsonl", "boston311/boston311-100.jsonl"}, nil)
	if rep.Files[0].Updated != 9 || rep.Updated != 9 || len(recs) != 99 {
		t.Errorf("updated %d, %d records", rep.Files[0].Updated, len(recs))
	}
	for _, r := range recs {
		if r.Pos.file.Name != "content/cases/boston311-100.jsonl" {
			t.Errorf("%s comes from %s", r.ID, r.Pos.file.Name)
		}
	}
}

func TestOpen311(t *testing.T) {
	recs, rep, errs := loadExample(t, "open311", []string{"open311/requests_many.xml", "open311/requests_single.xml", "open311/service_requests.json"}, nil)
	if len(errs) > 0 || len(recs) != 4 || rep.Updated != 1 {
		t.Fatalf("%d records, %d updated, errors:\n%s", len(recs), rep.Updated, errLines(errs))
	}
	formats := []string{}
	for _, f := range rep.Files {
		formats = append(formats, f.Format)
		if !strings.HasPrefix(strings.Join(f.Dropped, ","), "address") {
			t.Errorf("%s: the address was not dropped: %v", f.Name, f.Dropped)
		}
	}
	if strings.Join(formats, " ") != "open311-xml open311-xml open311-json" {
		t.Errorf("formats %v", formats)
	}
	r := find(t, recs, "101005420892")
	if !r.ReceivedAt.Equal(time.Date(2018, 7, 30, 4, 1, 0, 0, time.UTC)) || r.ReceivedAt.Location().String() != "America/Toronto" ||
		r.Status != InProgress || r.Category.Name != "Roads" || r.Community.Name != "Scarborough" || r.Pos.file.Name != "content/cases/requests_single.xml" {
		t.Errorf("Toronto: %s %v", recordLine(r), r.ReceivedAt.Location())
	}
	if r := find(t, recs, "14-01100627"); r.Category.Name != "Buildings" || r.Resolution != "Locked" || r.Community.Name != "Chicago" {
		t.Errorf("Chicago: %s", recordLine(r))
	}
}

func TestOpen311ServiceLists(t *testing.T) {
	_, rep, errs := loadExample(t, "open311", []string{"open311/service_list.json", "open311/services_giessen.xml"}, nil)
	want := "content/cases/service_list.json: this is an Open311 service list (the kinds of request a city takes), not service requests: export GET requests.xml or requests.json instead\n" +
		"content/cases/services_giessen.xml: this is an Open311 service list (the kinds of request a city takes), not service requests: export GET requests.xml or requests.json instead\n"
	if got := errLines(errs); got != want || rep.Problems != 2 {
		t.Errorf("got:\n%s", got)
	}
}

// TestChineseMessageBoard reads the message board's Excel workbook (text and serial dates,
// tabs and line breaks around the text) and CSV (with one Excel serial among text dates).
func TestChineseMessageBoard(t *testing.T) {
	recs, rep, errs := loadExample(t, "cn-messages", []string{"cn-messages/附件3.xlsx", "cn-messages/附件4-first300.csv"}, nil)
	if len(errs) > 0 {
		t.Fatalf("errors:\n%s", errLines(errs[:min(10, len(errs))]))
	}
	x, c := rep.Files[0], rep.Files[1]
	if x.Rows != 4326 || x.Format != "xlsx" || x.Sheet != "Sheet1" || c.Rows != 300 || c.Encoding != "utf-8" || len(recs) != 4626 {
		t.Errorf("xlsx %+v\ncsv %+v", *x, *c)
	}
	for _, f := range rep.Files {
		if strings.Join(f.Dropped, ",") != "留言用户" {
			t.Errorf("%s: dropped %v", f.Name, f.Dropped)
		}
	}
	sh := config.Location()
	if r := find(t, recs, "188801"); !r.ReceivedAt.Equal(time.Date(2019, 8, 1, 0, 0, 0, 0, sh)) || r.Status != Received {
		t.Errorf("serial date 43678: %s", recordLine(r))
	}
	// The text of the set is not quoted here (it may not enter the repository): its shape is.
	if r := find(t, recs, "188006"); !r.ReceivedAt.Equal(time.Date(2019, 2, 28, 11, 25, 5, 0, sh)) ||
		len(r.Summary) < 100 || strings.TrimSpace(r.Summary) != r.Summary {
		t.Errorf("text date and trimmed text: %s", recordLine(r))
	}
	if r := find(t, recs, "2549"); r.Status != Resolved || !r.ClosedAt.Equal(time.Date(2019, 5, 10, 14, 56, 53, 0, sh)) || len(r.Resolution) < 100 {
		t.Errorf("answered message: %s", recordLine(r))
	}
}
