package stats

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"gongshi/generator/config"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// ledgerCases are 21 months of cases of three communities up to July 2022, many months of a
// community below k, and august[i] cases of community i in August 2022.
func ledgerCases(t *testing.T, august ...int) (*config.Config, []privacy.Case) {
	t.Helper()
	cfg, err := config.Parse("site.toml", facetSite)
	if err != nil {
		t.Fatal(err)
	}
	var cs []privacy.Case
	x := uint32(7)
	next := func(n uint32) int { x = x*1664525 + 1013904223; return int((x >> 16) % n) }
	cms, cats := []string{"水城社区", "龙山社区", "百润社区"}, []string{"噪音扰民", "物业管理", "停车管理"}
	for m := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		for _, cm := range cms {
			n := 3 + next(30)
			if next(4) == 0 {
				n = 1 + next(9)
			}
			cs = append(cs, facetCases(cfg, cm, cats[next(3)], m.Format("2006-01"), n)...)
		}
	}
	for i, n := range august {
		cs = append(cs, facetCases(cfg, cms[i], cats[0], "2022-08", n)...)
	}
	return cfg, cs
}

// The days of the two builds: August 2022 (July is the last closed month) and September.
var (
	aug = time.Date(2022, 8, 17, 0, 0, 0, 0, time.UTC)
	sep = time.Date(2022, 9, 17, 0, 0, 0, 0, time.UTC)
)

// augustBuild computes the August build, of the cases received before August, with an empty
// ledger, and returns those cases and the build.
func augustBuild(t *testing.T, cfg *config.Config, cs []privacy.Case) ([]privacy.Case, *Site) {
	t.Helper()
	var before []privacy.Case
	for _, c := range cs {
		if c.ReceivedAt.Before(time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)) {
			before = append(before, c)
		}
	}
	s1, err := ComputeLedger(before, nil, cfg, aug, sdc.NewLedger())
	if err != nil {
		t.Fatal(err)
	}
	return before, s1
}

func writeLedger(t *testing.T, l *sdc.Ledger) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := l.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLedgerAcrossBuilds (SPEC §7.4, §8): a build in August 2022 records the cases received in
// every month up to July; the September build, with August's cases added (none of them a small
// count of a community), passes against that ledger and keeps every recorded value; the same
// build again changes nothing; a rebuild with one March ticket moved to another community fails
// the audit, naming the changed counts.
func TestLedgerAcrossBuilds(t *testing.T) {
	cfg, cs := ledgerCases(t, 12, 15, 20)
	before, s1 := augustBuild(t, cfg, cs)
	l1 := s1.Ledger
	if l1 == nil || l1.Len() == 0 || l1.Equations() == 0 {
		t.Fatalf("the first build recorded nothing: %v", l1)
	}
	// Under their own ids only counts of cases received in closed periods; other published
	// counts only as values of this build, as the equations with closed counts need them.
	asOf := 0
	for _, kv := range l1.Known() {
		id := string(kv.Cell)
		if strings.HasSuffix(id, "|asof=2022-08-17") {
			asOf++
			continue
		}
		if !strings.Contains(id, "measure=received") || strings.Contains(id, "2022-08") || strings.Contains(id, "area=window") {
			t.Errorf("recorded %s, which is not a count of cases received in a closed period", id)
		}
	}
	if asOf == 0 || asOf == l1.Len() {
		t.Errorf("%d of %d recorded values are as of the build", asOf, l1.Len())
	}
	if plain, err := Compute(before, nil, cfg, aug); err != nil || !sameFigures(plain, s1) {
		t.Errorf("an empty ledger changes the figures (%v)", err)
	}

	s2, err := ComputeLedger(cs, nil, cfg, sep, l1)
	if err != nil {
		t.Fatalf("the next month's build against the ledger: %v", err)
	}
	l2 := s2.Ledger
	if l2.Len() <= l1.Len() {
		t.Errorf("the next build recorded nothing new: %d → %d values", l1.Len(), l2.Len())
	}
	for _, kv := range l1.Known() {
		if e, ok := l2.Get(kv.Cell); !ok || e.Value != kv.Value || e.Release != "2022-08-17" {
			t.Errorf("%s: %+v after the next build, was %d of 2022-08-17", kv.Cell, e, kv.Value)
		}
	}
	if got := writeLedger(t, l1); !bytes.Equal(got, writeLedger(t, s1.Ledger)) {
		t.Error("ComputeLedger changed the ledger it was given")
	}
	s3, err := ComputeLedger(cs, nil, cfg, sep, l2)
	if err != nil {
		t.Fatalf("the same build again: %v", err)
	}
	if !sameFigures(s2, s3) {
		t.Errorf("the same build against its own ledger changes the figures:\n%s\n%s", dump(s2), dump(s3))
	}
	if !bytes.Equal(writeLedger(t, s3.Ledger), writeLedger(t, l2)) {
		t.Errorf("the same build against its own ledger changes the ledger: %d → %d values, %d → %d equations",
			l2.Len(), s3.Ledger.Len(), l2.Equations(), s3.Ledger.Equations())
	}

	moved := append([]privacy.Case(nil), cs...)
	other, _ := cfg.Community("百润社区")
	from := ""
	for i := range moved {
		if moved[i].ReceivedAt.Format("2006-01") == "2022-03" && moved[i].Community != other {
			from = moved[i].Community.Slug
			moved[i].Community = other
			break
		}
	}
	_, err = ComputeLedger(moved, nil, cfg, sep, l2)
	var ae *sdc.AuditError
	if !errors.As(err, &ae) || len(ae.Revised) == 0 {
		t.Fatalf("a moved ticket of a closed month: %v, want an audit error naming revised counts", err)
	}
	// Each revised count is one of the two communities' (a March cell, or a total over closed
	// months that holds March), and each community has one.
	named := map[string]int{}
	for _, id := range ae.Revised {
		for _, slug := range []string{from, other.Slug} {
			if strings.Contains(string(id), "community="+slug) {
				named[slug]++
			}
		}
	}
	if named[from] == 0 || named[other.Slug] == 0 || named[from]+named[other.Slug] != len(ae.Revised) {
		t.Errorf("revised %v: want counts of %s and %s only", ae.Revised, from, other.Slug)
	}
	if _, err := Compute(moved, nil, cfg, sep); err != nil {
		t.Errorf("without the ledger the moved ticket is a plain build: %v", err)
	}
}

// sameFigures compares the published tables of two computations.
func sameFigures(a, b *Site) bool {
	return dump(a) == dump(b)
}

func TestLedgerClosedCells(t *testing.T) {
	lr := &ledgerRun{now: time.Date(2022, 8, 17, 0, 0, 0, 0, time.UTC)}
	for id, want := range map[string]bool{
		"area=month=2022-07|measure=received":                               true,
		"area=month=2022-08|measure=received":                               false,
		"area=month=2022-07|measure=closed":                                 false,
		"area=community=x,month=2021-12|measure=received":                   true,
		"area=community=x&year=2021|measure=received":                       true,
		"area=community=x&year=2022|measure=received":                       false,
		"area=all|measure=received|period=2020-11..2022-07":                 true,
		"area=all|measure=received|period=2020-11..2022-08":                 false,
		"area=window|measure=received|period=2020-11..2022-07":              false,
		"area=community=shuicheng|measure=received|period=2020-11..2022-07": true,
	} {
		if got := lr.closed(sdc.CellID(id)); got != want {
			t.Errorf("closed(%s) = %v, want %v", id, got, want)
		}
	}
}

// TestLedgerSmallNewMonth: one community has 3 cases in August. Without the ledger the
// September build hides that count but publishes the community's cases of all months, which
// the August build published up to July: the difference is the hidden count. With the ledger
// the September build either hides the community's total too or refuses to publish (exit 4).
func TestLedgerSmallNewMonth(t *testing.T) {
	cfg, cs := ledgerCases(t, 3, 15, 20)
	_, s1 := augustBuild(t, cfg, cs)
	leak := func(s1, s2 *Site) []string {
		var out []string
		for i, cm := range s2.ByCommunityMonth.Rows {
			last := s2.ByCommunityMonth.Cells[i][len(s2.ByCommunityMonth.Cols)-1]
			if last.Hidden && !s1.ByCommunity[i].Figures.Received.Hidden && !s2.ByCommunity[i].Figures.Received.Hidden {
				out = append(out, cm)
			}
		}
		return out
	}
	plain, err := Compute(cs, nil, cfg, sep)
	if err != nil {
		t.Fatal(err)
	}
	if len(leak(s1, plain)) == 0 {
		t.Fatal("without the ledger nothing can be differenced: the test shows nothing")
	}
	s2, err := ComputeLedger(cs, nil, cfg, sep, s1.Ledger)
	var ae *sdc.AuditError
	switch {
	case errors.As(err, &ae):
		if len(ae.Recoverable) == 0 {
			t.Errorf("refused with no recoverable count: %v", ae)
		}
		t.Logf("refused: %d recoverable counts", len(ae.Recoverable))
	case err != nil:
		t.Fatal(err)
	default:
		if l := leak(s1, s2); len(l) > 0 {
			t.Errorf("with the ledger, August of %v is still the difference of two published totals", l)
		}
		t.Logf("published, leaks without the ledger: %v", leak(s1, plain))
	}
}
