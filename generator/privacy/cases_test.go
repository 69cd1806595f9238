package privacy

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gongshi/generator/cases"
	"gongshi/generator/config"
)

// TestCasesInRecordOrder checks that Cases, which passes blocks of records on several cores,
// gives what one pass in record order gives: the same cases, and the guard's findings in the
// same order, unsorted. Personal data is planted in records across several blocks, some in
// both fields, so that findings of different blocks meet in the guard.
func TestCasesInRecordOrder(t *testing.T) {
	root := filepath.Join("..", "..")
	fsys := os.DirFS(root)
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Skipf("no demo site: %v", err)
	}
	recs, _, errs := cases.Load(fsys, cases.Dir, cfg)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(recs) < 4*1024 {
		t.Fatalf("the demo has %d cases, want several blocks of 1,024", len(recs))
	}
	for i := 7; i < len(recs); i += 611 {
		recs[i].Summary += "，联系电话1381234" + string(rune('0'+i%10)) + "678"
		if i%3 == 0 {
			recs[i].Resolution = "已回电张师傅。" + recs[i].Resolution
		}
	}
	ref := IDs("hashed", []byte("test key"))
	cfg.Privacy.Mode = "redact"
	g, err := NewGuard(cfg.Privacy)
	if err != nil {
		t.Fatal(err)
	}
	got := Cases(g, recs, cfg.Privacy.KAnonymity, ref)

	seq := g.Fresh()
	want := make([]Case, len(recs))
	for i := range recs {
		want[i] = public(seq, &recs[i], ref)
	}
	applyKAnonymity(want, cfg.Privacy.KAnonymity)
	if !reflect.DeepEqual(got, want) {
		t.Error("the cases differ from one pass in record order")
	}
	if len(seq.findings) < 20 {
		t.Fatalf("%d findings planted, want at least 20", len(seq.findings))
	}
	if !reflect.DeepEqual(g.findings, seq.findings) {
		t.Errorf("the guard holds %d findings, not in record order as one pass holds its %d", len(g.findings), len(seq.findings))
	}
	for i := 7; i < len(recs); i += 611 {
		if strings.Contains(got[i].Summary, "1381234") {
			t.Errorf("case %d: the planted number was not masked: %s", i, got[i].Summary)
		}
	}
}
