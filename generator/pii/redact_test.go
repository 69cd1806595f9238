package pii

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// positiveRows returns the package's own positives plus the dev sample when it is present.
func positiveRows(t *testing.T) []tsvRow {
	rows := readTSV(t, filepath.Join("testdata", "positives.tsv"), 4)
	dev := filepath.Join("..", "..", "..", "shared", "privacy", "positives-dev.tsv")
	if _, err := os.Stat(dev); err == nil {
		rows = append(rows, readTSV(t, dev, 4)...)
	}
	return rows
}

func TestRedact(t *testing.T) {
	d := newTest(t, evalOptions())
	for _, r := range positiveRows(t) {
		kind, pii, sentence := r[0], r[1], r[2]
		var block []Finding
		for _, f := range d.Scan(sentence) {
			if f.Severity == Block {
				block = append(block, f)
			}
		}
		red := d.Redact(sentence, block)
		if strings.Contains(normaliseString(red), normaliseString(pii)) {
			t.Errorf("%s: raw value %q survives redaction: %q", kind, pii, red)
		}
		if again := d.Scan(red); HasBlock(again) {
			t.Errorf("%s: rescanning the redacted text %q gives %v", kind, red, again)
		}
	}
}

func TestRedactMasks(t *testing.T) {
	d := newTest(t, Options{})
	cases := map[string]string{
		"张师傅反映楼顶漏水":              "某师傅反映楼顶漏水",
		"网格员李强上门核实":              "网格员上门核实",
		"来电人：胡军，反映门禁":            "来电人：〔居民〕，反映门禁",
		"电话13812345678。":         "电话〔电话已隐去〕。",
		"住翠竹园小区3栋2单元501室":        "住翠竹园小区〔具体门牌已隐去〕",
		"身份证号110101197505082654": "身份证号〔证件号已隐去〕",
		"车牌苏A·56YR4":             "车牌〔车牌已隐去〕",
		"卡号6222021234567890128":  "卡号〔银行卡号已隐去〕",
		"邮箱ab@163.com":           "邮箱〔联系方式已隐去〕",
		"小王表示同意":                 "〔居民〕表示同意",
		"张建国先生反映":                "某先生反映",
	}
	for in, want := range cases {
		if got := d.Redact(in, d.Scan(in)); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	// out-of-range and overlapping findings are skipped, not a panic
	bad := []Finding{{Kind: KindMobile, Start: 5, End: 100}, {Kind: KindName, Start: 0, End: 3}, {Kind: KindName, Start: 1, End: 3}}
	if got := d.Redact("张师傅", bad); got != "〔居民〕师傅" {
		t.Errorf("Redact with odd findings = %q", got)
	}
}

func TestMaskValue(t *testing.T) {
	check := func(kind Kind, v string) {
		t.Helper()
		m := MaskValue(kind, v)
		if v != "" && (m == v || (len([]rune(v)) >= 3 && strings.Contains(m, v))) {
			t.Errorf("MaskValue(%s, %q) = %q reveals the value", kind, v, m)
		}
	}
	for _, r := range positiveRows(t) {
		check(Kind(r[0]), r[1])
	}
	want := map[string]string{
		string(KindMobile) + ":13812345678": "138****5678",
		string(KindName) + ":张师傅":           "张**",
		string(KindEmail) + ":ab@163.com":   "a***@163.com",
		string(KindPlate) + ":苏A·56YR4":     "苏A***4",
	}
	for k, w := range want {
		kind, v, _ := strings.Cut(k, ":")
		if got := MaskValue(Kind(kind), v); got != w {
			t.Errorf("MaskValue(%s, %q) = %q, want %q", kind, v, got, w)
		}
	}
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune("0123456789Xx@.张王某先生苏A·-栋室 ")
	kinds := append(append([]Kind{}, structuredKinds...), KindName, KindAddressUnit, KindKnown, Kind("other"))
	for i := 0; i < 5000; i++ {
		n := 1 + rng.Intn(20)
		rs := make([]rune, n)
		for k := range rs {
			rs[k] = alphabet[rng.Intn(len(alphabet))]
		}
		check(kinds[rng.Intn(len(kinds))], string(rs))
	}
}
