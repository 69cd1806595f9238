package build

import (
	"bytes"
	"encoding/csv"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gongshi/generator/sdc"
)

// TestLedgerBuild (SPEC §7.4, §8): a site with [privacy] ledger gets the ledger written back
// after a good build, unchanged by a second build of the same files; a rebuild with one ticket
// of a closed month moved to another community refuses to publish (exit 4), naming the revised
// counts, and leaves both the output and the ledger as they were.
func TestLedgerBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 3,000-case demo site three times")
	}
	site := demoSite(t, 3000)
	cfgPath := filepath.Join(site, "site.toml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(cfg, []byte("\n[privacy]\n")) {
		t.Fatal("the demo's site.toml has no [privacy] table")
	}
	cfg = bytes.Replace(cfg, []byte("\n[privacy]\n"), []byte("\n[privacy]\nledger = \"stats-ledger.json\"\n"), 1)
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	o := Options{Site: os.DirFS(site), SiteDir: site, Out: out, Today: time.Now()}
	ledgerPath := filepath.Join(site, "stats-ledger.json")

	sum, err := Run(o)
	if err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(ledgerPath)
	if err != nil || sum.LedgerFile != ledgerPath || sum.Ledger == nil || sum.Ledger.Len() == 0 {
		t.Fatalf("the first build wrote %q (%v), ledger %v", sum.LedgerFile, err, sum.Ledger)
	}
	if sum, err := Run(o); err != nil || sum.LedgerFile != "" {
		t.Fatalf("the second build: %v, wrote the ledger to %q", err, sum.LedgerFile)
	}
	if again, _ := os.ReadFile(ledgerPath); !bytes.Equal(again, first) {
		t.Fatal("the second build changed the ledger")
	}

	// Move one March ticket between the two communities with the most March tickets, whose
	// March counts are published (at least k).
	exports, _ := filepath.Glob(filepath.Join(site, "content", "cases", "*.csv"))
	var file string
	var rows [][]string
	count := map[string]int{}
	col := map[string]int{}
	for _, f := range exports {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range rs[0] {
			col[h] = i
		}
		for _, r := range rs[1:] {
			if strings.HasPrefix(r[col["received_at"]], "2022-03-") {
				count[r[col["community"]]]++
				file, rows = f, rs
			}
		}
	}
	var from, to string
	for _, cm := range sortedKeys(count) {
		switch {
		case from == "" || count[cm] > count[from]:
			from, to = cm, from
		case to == "" || count[cm] > count[to]:
			to = cm
		}
	}
	if count[to] < 10 {
		t.Fatalf("March counts %v: the test needs two published ones", count)
	}
	moved := false
	for _, r := range rows[1:] {
		if !moved && strings.HasPrefix(r[col["received_at"]], "2022-03-") && r[col["community"]] == from {
			r[col["community"]], r[col["grid"]] = to, ""
			moved = true
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	_, err = Run(o)
	var ae *sdc.AuditError
	if !errors.As(err, &ae) || len(ae.Revised) == 0 || ae.ExitCode() != sdc.ExitAudit {
		t.Fatalf("a moved ticket of a closed month: %v, want a statistics audit error with revised counts", err)
	}
	if !strings.Contains(err.Error(), "2022-03") {
		t.Errorf("the error names no count of March 2022:\n%v", err)
	}
	if after := readTree(t, out); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("the refused build changed the output")
	}
	if again, _ := os.ReadFile(ledgerPath); !bytes.Equal(again, first) {
		t.Error("the refused build changed the ledger")
	}
}

func sortedKeys(m map[string]int) []string { return slices.Sorted(maps.Keys(m)) }
