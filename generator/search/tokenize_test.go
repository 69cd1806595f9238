package search

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, c := range []struct {
		text         string
		index, query []string
	}{
		{"噪音", []string{"噪", "噪音", "音"}, []string{"噪音"}},
		{"电", []string{"电"}, []string{"电"}},
		{"电梯维修", []string{"电", "电梯", "梯", "梯维", "维", "维修", "修"}, []string{"电梯", "梯维", "维修"}},
		{"10号楼", []string{"10", "号", "号楼", "楼"}, []string{"10", "号楼"}},
		{"M-2022-0818-haitang", []string{"m", "2022", "0818", "haitang"}, []string{"m", "2022", "0818", "haitang"}},
		{"工单２０２２０１０１ＡＢ", []string{"工", "工单", "单", "20220101ab"}, []string{"工单", "20220101ab"}},
		{"水城　社区，噪", []string{"水", "水城", "城", "社", "社区", "区", "噪"}, []string{"水城", "社区", "噪"}},
		{"Café au lait", []string{"café", "au", "lait"}, []string{"café", "au", "lait"}},
		{"𠮷野家", []string{"𠮷", "𠮷野", "野", "野家", "家"}, []string{"𠮷野", "野家"}},
		{"a×b", []string{"a", "b"}, []string{"a", "b"}},
		{"", nil, nil},
		{"。、！", nil, nil},
	} {
		if got := Tokens(c.text, Index); !reflect.DeepEqual(got, c.index) {
			t.Errorf("Tokens(%q, Index) = %q, want %q", c.text, got, c.index)
		}
		if got := Tokens(c.text, Query); !reflect.DeepEqual(got, c.query) {
			t.Errorf("Tokens(%q, Query) = %q, want %q", c.text, got, c.query)
		}
	}
}

// TestQueryTokensIndexed: every query token of a text is among the index tokens of that text,
// so a document is found by any piece of its own text.
func TestQueryTokensIndexed(t *testing.T) {
	for _, s := range append(tokenCases(), randomTexts(200)...) {
		idx := map[string]bool{}
		for _, tok := range Tokens(s, Index) {
			idx[tok] = true
		}
		for _, tok := range Tokens(s, Query) {
			if !idx[tok] {
				t.Errorf("%q: query token %q is not an index token", s, tok)
			}
		}
	}
}

func TestNumbers(t *testing.T) {
	var b []byte
	want := []int{0, 1, 23, 24, 575, 576, 13823, 100000, 1 << 30}
	for _, n := range want {
		b = appendNum(b, n)
	}
	got, ok := decodeNums(string(b))
	if !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeNums(%q) = %v, %v; want %v", b, got, ok, want)
	}
	if strings.ContainsAny(string(b)+fixed48(0xFFFFFFFF)+fixed48(0), "0123456789vVwW") {
		t.Errorf("encoded numbers hold a digit or a WeChat hotword letter: %q", b)
	}
	if _, ok := decodeNums("Ab1"); ok {
		t.Error("decodeNums accepted a digit")
	}
}

// tokenCases are texts at the edges of the tokeniser's classes.
func tokenCases() []string {
	return []string{
		"反映小区旁工地夜间施工噪音大。", "经有请当事人会办，施工方承诺22时后停工。", "2022081700123",
		"M-2022-0818-haitang", "ＡＢＣ１２３ｘｙｚ", "全角　空格", "Café Ñandú ÀÿĀſƀɏɐ", "×÷", "ひらがなカタカナ",
		"한국어", "㐀䶿一鿿ꀀ豈﫿", "𠀀𱍊𱍋", "emoji 😀 ok", "tab\tnew\nline", "10号楼3单元", "a", "电",
		"k3j5abcdefgh2345", "A-Z a-z 0-9 _-.", "\u3040\u30ff\u3400\u4dbf\u4e00\u9fff\uac00\ud7af\uf900\ufaff",
		"\uff01\uff5e\uff5f\uff00\u3000", "\u00bf\u00c0\u024f\u0250", "楼道 堆放", "水城社区噪音",
	}
}

// randomTexts returns n texts of characters drawn around every class boundary.
func randomTexts(n int) []string {
	edges := []rune{' ', '-', '0', '9', ':', '@', 'A', 'Z', '[', '`', 'a', 'z', '{', 0xBF, 0xC0, 0xD7, 0xF7,
		0x24F, 0x250, 0x303F, 0x3040, 0x30FF, 0x3100, 0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00,
		0x9FFF, 0xA000, 0xABFF, 0xAC00, 0xD7AF, 0xD7B0, 0xF8FF, 0xF900, 0xFAFF, 0xFB00, 0xFF00, 0xFF01,
		0xFF10, 0xFF21, 0xFF41, 0xFF5E, 0xFF5F, 0x3000, 0x1FFFF, 0x20000, 0x3134F, 0x31350, 0x1F600}
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for j := r.IntN(12); j >= 0; j-- {
			c := edges[r.IntN(len(edges))]
			if r.IntN(3) == 0 {
				c += rune(r.IntN(5)) - 2
			}
			if c >= 0xD800 && c <= 0xDFFF {
				c = 'x'
			}
			b.WriteRune(c)
		}
		out[i] = b.String()
	}
	return out
}
