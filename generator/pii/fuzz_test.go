package pii

import (
	"strings"
	"testing"
)

// runeStarts returns the offsets at which Go's decoder starts a rune in s (invalid bytes count as
// one-byte runes), plus len(s).
func runeStarts(s string) map[int]bool {
	m := map[int]bool{len(s): true}
	for i := range s {
		m[i] = true
	}
	return m
}

// fuzzSeeds start the fuzz targets: every kind of finding, its lookalikes, and broken bytes.
var fuzzSeeds = []string{
	"来电人：胡军，电话１３８-1234-5678，住3栋2单元501室，车牌苏A·56YR4。",
	"身份证号11010519491231002X，(+86)18030269698，0086-155-6509-8913",
	"护照号码E42634446 微信号wxid_mj68ptxfygl47w QQ：1852438937 a@b.cn",
	"二〇二三年八月十七日 一三八一二三四五六七八 2023-08-17 14:35 9:00-17:00",
	"艾力·买买提反映 《巴黎·圣母院》 老陈说 小区 王家村三组18号 7-2-301",
	"\xff\xfe1381234\x805678 \u200b\u00ad 苏\xe8A12345",
	"025-65924282转959 （025）81037489 ０２５－８０９１１８５５",
}

func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	d := newTest(f, evalOptions())
	f.Fuzz(func(t *testing.T, text string) {
		fs := d.Scan(text)
		starts := runeStarts(text)
		prevEnd := 0
		for _, x := range fs {
			if x.Start < prevEnd || x.Start >= x.End || x.End > len(text) {
				t.Fatalf("bad span %v (prev end %d) in %q", x, prevEnd, text)
			}
			if !starts[x.Start] || !starts[x.End] {
				t.Fatalf("span %v not on rune boundaries in %q", x, text)
			}
			if x.Severity != Block && x.Severity != Warn || x.Kind == "" || x.Rule == "" {
				t.Fatalf("incomplete finding %+v", x)
			}
			if v := x.Value(text); len([]rune(v)) >= 3 && strings.Contains(MaskValue(x.Kind, v), v) {
				t.Fatalf("MaskValue leaks %q", v)
			}
			prevEnd = x.End
		}
		_ = d.Redact(text, fs)
		_, _ = d.ScanHTML(strings.NewReader(text))
	})
}
