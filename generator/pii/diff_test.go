package pii

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fast path of Scan (the survey that skips detectors, the ASCII paths of normalisation)
// must find exactly what the straightforward path finds (Detector.plain), for every input.
// These tests hold the two side by side on the corpora, on variants of them, on random texts
// and (FuzzScanPlain) on whatever the fuzzer makes.

// diffOptions are the options of the differential tests: those of the evaluation, plus a public
// person and a known-values list, so that every rule has a chance to fire.
func diffOptions() Options {
	opt := evalOptions()
	opt.PublicPersons = []string{"王红梅"}
	opt.KnownValue = func(k Kind, v string) bool {
		return k == KindName && strings.HasPrefix(v, "李") || k == KindKnown && strings.HasSuffix(v, "88")
	}
	return opt
}

// detectorPair returns a detector and its plain twin with the same options.
func detectorPair(t testing.TB, opt Options) (fast, plain *Detector) {
	fast = newTest(t, opt)
	plain = newTest(t, opt)
	plain.plain = true
	return fast, plain
}

// sameFindings fails t when the two detectors disagree on text.
func sameFindings(t testing.TB, fast, plain *Detector, text string) {
	t.Helper()
	got, want := fast.Scan(text), plain.Scan(text)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Scan(%q):\nfast  %v\nplain %v", text, got, want)
	}
}

// diffCorpus returns the texts of the differential tests: the package's cases, the dev sample
// when it is there, the benchmark texts and the text of the demo case page.
func diffCorpus(t *testing.T) []string {
	t.Helper()
	var texts []string
	tsv := func(path string, cols int) {
		for _, r := range readTSV(t, path, cols) {
			texts = append(texts, r...)
		}
	}
	tsv(filepath.Join("testdata", "positives.tsv"), 4)
	tsv(filepath.Join("testdata", "negatives.tsv"), 3)
	dev := filepath.Join("..", "..", "..", "shared", "privacy")
	if _, err := os.Stat(filepath.Join(dev, "positives-dev.tsv")); err == nil {
		tsv(filepath.Join(dev, "positives-dev.tsv"), 4)
		tsv(filepath.Join(dev, "negatives-dev.tsv"), 3)
	} else {
		t.Logf("%s not found: the differential test runs without the dev sample", dev)
	}
	texts = append(texts, strings.Split(benchText, "\n")...)
	texts = append(texts, pageStrings...)
	texts = append(texts, diffExtra...)
	page, err := os.ReadFile(filepath.Join("testdata", "casepage.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range regexp.MustCompile(`>[^<]+<|"[^"]*"`).FindAllString(string(page), -1) {
		texts = append(texts, s[1:len(s)-1])
	}
	return texts
}

// diffExtra are texts with the WARN address rules, which the corpora lack.
var diffExtra = []string{
	"居民反映5栋2单元门口堆放杂物。", "住在7幢甲单元的居民反映电梯故障。", "中山东路18号附近井盖破损。",
	"沿江街18号门口", "江岸人家1栋单元门损坏", "南京市鼓楼区中山北路105号2幢302室",
}

// variants returns writings of s that exercise normalisation: full-width, with zero-width
// characters, with Chinese numerals for digits, and with invalid bytes.
func variants(s string) []string {
	var wide, zw, cn strings.Builder
	for _, r := range s {
		switch {
		case r > ' ' && r < 0x7F:
			wide.WriteRune(r + 0xFEE0)
		default:
			wide.WriteRune(r)
		}
		zw.WriteRune(r)
		if r >= '0' && r <= '9' {
			zw.WriteString("\u200b")
			cn.WriteRune([]rune("〇一二三四五六七八九")[r-'0'])
		} else {
			cn.WriteRune(r)
		}
	}
	return []string{wide.String(), zw.String(), cn.String(), s + "\xff" + s, strings.ToUpper(s)}
}

func TestScanFastMatchesPlainOnCorpus(t *testing.T) {
	fast, plain := detectorPair(t, diffOptions())
	texts := diffCorpus(t)
	n := 0
	for i, s := range texts {
		for _, v := range append([]string{s, s + texts[(i+1)%len(texts)]}, variants(s)...) {
			sameFindings(t, fast, plain, v)
			n++
			// every cut at a rune boundary, from either end
			for k := range v {
				sameFindings(t, fast, plain, v[:k])
				sameFindings(t, fast, plain, v[k:])
				n += 2
			}
		}
	}
	// the comparison must not be vacuous: the corpus holds findings of every kind
	kinds := map[Kind]bool{}
	for _, s := range texts {
		for _, f := range fast.Scan(s) {
			kinds[f.Kind] = true
		}
	}
	for _, k := range append(structuredKinds, KindName, KindLandline, KindAddressUnit, KindAddressStreet) {
		if !kinds[k] {
			t.Errorf("no %s finding in the corpus: the differential test does not cover it", k)
		}
	}
	t.Logf("%d texts compared", n)
}

// diffAlphabet are pieces that the detectors react to, for random texts.
var diffAlphabet = strings.Fields(`0 1 2 3 5 8 9 13 138 0086 +86 (025) 025- 12345 2023-08-17 14:35 X x
	- - . . _ @ ( ) : ： 号 栋 幢 座 弄 楼 院 元 单元 门 村 组 路 街 巷 道 室 房 层 三 十 一二三 〇
	苏 京 沪 新 宁 A B E G H M C L T V W v w wxid_ VX wx QQ 微信 信 微 加微 护照 通行证
	身份证 电话 手机 工单号 编号 卡号 张 王 李 欧阳 师傅 老 小 先生 居民 来电人 反映 表示 · 《 》
	某 社区 服务中心 会议室 ａ １ ＠ ｗ` + " \u200b \u3000 \xff \xe8 é 😀 a b z Z 7 4 6")

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for n := rng.IntN(24); n >= 0; n-- {
		b.WriteString(diffAlphabet[rng.IntN(len(diffAlphabet))])
		if rng.IntN(4) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// mutate changes s at a few random places: a byte flipped, a piece inserted, a span deleted.
func mutate(rng *rand.Rand, s string) string {
	b := []byte(s)
	for n := 1 + rng.IntN(3); n > 0; n-- {
		p := 0
		if len(b) > 0 {
			p = rng.IntN(len(b) + 1)
		}
		switch rng.IntN(3) {
		case 0:
			if p < len(b) {
				b[p] ^= byte(1 << rng.IntN(8))
			}
		case 1:
			piece := diffAlphabet[rng.IntN(len(diffAlphabet))]
			b = append(b[:p], append([]byte(piece), b[p:]...)...)
		case 2:
			e := min(len(b), p+rng.IntN(8))
			b = append(b[:p], b[e:]...)
		}
	}
	return string(b)
}

func TestScanFastMatchesPlainOnRandomTexts(t *testing.T) {
	fast, plain := detectorPair(t, diffOptions())
	texts := diffCorpus(t)
	rng := rand.New(rand.NewPCG(4, 12345))
	n := 50000
	if testing.Short() {
		n = 5000
	}
	found := 0
	for i := 0; i < n; i++ {
		s := randomText(rng)
		if i%2 == 1 {
			s = mutate(rng, texts[rng.IntN(len(texts))])
		}
		sameFindings(t, fast, plain, s)
		if len(fast.Scan(s)) > 0 {
			found++
		}
	}
	if found < n/20 {
		t.Errorf("only %d of %d random texts have findings: the comparison is too easy", found, n)
	}
}

// FuzzScanPlain holds the fast path of Scan to the plain one on the fuzzer's inputs.
func FuzzScanPlain(f *testing.F) {
	for _, s := range pageStrings {
		f.Add(s)
	}
	for _, s := range strings.Split(benchText, "\n")[:5] {
		f.Add(s)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	fast, plain := detectorPair(f, diffOptions())
	f.Fuzz(func(t *testing.T, text string) {
		sameFindings(t, fast, plain, text)
	})
}

// TestAnchorRunesCoverAnchors checks addressAnchorRunes against the anchor functions: outside
// that set no anchor holds, in any of the contexts that make one hold.
func TestAnchorRunesCoverAnchors(t *testing.T) {
	d := newTest(t, Options{})
	sc := &scanner{d: d}
	anchors := []func(int) bool{sc.buildingAnchor, sc.unitAnchor, sc.tripletAnchor, sc.villageAnchor, sc.streetAnchor}
	contexts := [][2]string{{"", ""}, {"1", "1"}, {"3号", "1"}, {"单", ""}, {"三", "三"}, {"A", " 2"}, {"7 ", "-"}}
	checked := 0
	for r := rune(0); r < 0x10000; r++ {
		if strings.ContainsRune(addressAnchorRunes, r) || !utf8.ValidRune(r) {
			continue
		}
		for _, c := range contexts {
			sc.nt.normalise(c[0] + string(r) + c[1])
			i := -1
			for k, x := range sc.nt.runes {
				if x == r && k >= len([]rune(c[0])) {
					i = k
					break
				}
			}
			if i < 0 {
				continue // deleted or folded: the survey sees what it became
			}
			for k, a := range anchors {
				if a(i) {
					t.Fatalf("anchor %d holds at %q in %q, which is not in addressAnchorRunes", k, r, c[0]+string(r)+c[1])
				}
			}
			checked++
		}
	}
	for _, r := range addressAnchorRunes {
		held := false
		for _, c := range contexts {
			sc.nt.normalise(c[0] + string(r) + c[1])
			i := len([]rune(c[0]))
			for _, a := range anchors {
				held = held || a(i)
			}
		}
		if !held {
			t.Errorf("%q is in addressAnchorRunes but no anchor holds there", r)
		}
	}
	if checked < 0x10000 {
		t.Fatalf("only %d rune contexts checked", checked)
	}
}

// TestSurveyFlagsMatchRuneSets checks the per-rune flags the survey reads against the functions
// and sets they stand for.
func TestSurveyFlagsMatchRuneSets(t *testing.T) {
	d := newTest(t, Options{})
	for r := rune(hanBase); r < 0xA000; r++ {
		f := d.lex.hanFlags[r-hanBase]
		if (f&provinceRune != 0) != isProvinceRune(r) {
			t.Errorf("%q: province flag %v, isProvinceRune %v", r, f&provinceRune != 0, isProvinceRune(r))
		}
		if (f&anchorRune != 0) != strings.ContainsRune(addressAnchorRunes, r) {
			t.Errorf("%q: anchor flag wrong", r)
		}
		if (f&wechatRune != 0) != strings.ContainsRune(wechatHanRunes, r) {
			t.Errorf("%q: wechat flag wrong", r)
		}
	}
	for r := rune(0); r <= 0x10FFFF; r++ {
		if (r < hanBase || r >= 0xA000) && isProvinceRune(r) {
			t.Errorf("province %q outside the flag table", r)
		}
	}
	for _, h := range wechatHotwords {
		if h[0] < utf8.RuneSelf {
			if c := h[0] | 0x20; c != 'v' && c != 'w' {
				t.Errorf("ASCII WeChat hotword %q does not start with v or w", h)
			}
		} else if !strings.ContainsAny(h, wechatHanRunes) {
			t.Errorf("WeChat hotword %q holds none of %q", h, wechatHanRunes)
		}
	}
}

// TestWindowFiltersHoldForEveryMatch checks the window filters of forWindows: every text the
// address pattern matches passes its filter, so that a window the filter turns away holds no
// match.
func TestWindowFiltersHoldForEveryMatch(t *testing.T) {
	d := newTest(t, Options{})
	filters := []struct {
		name     string
		re       *regexp.Regexp
		possible func(string) bool
	}{
		{"ADDR-ROOM", d.addrRoom, hasRoomNumber},
		{"ADDR-UNIT", d.addrUnit, hasNumberedUnit},
	}
	rng := rand.New(rand.NewPCG(7, 301))
	pieces := append(strings.Fields("1 2 3 0 9 10 101 1203 一 二 三 十 〇 零 百 两 五 甲 乙 东 中 A b 号 栋 幢 座 弄 楼 院 号楼 号院 区 单元 门 层 楼 室 房 - 路 村 组"),
		" ", "\t", "\n", "　", "x", "居民")
	texts := diffCorpus(t)
	matched := map[string]int{}
	for i := 0; i < 200000; i++ {
		var w string
		pick := func(list ...string) string { return list[rng.IntN(len(list))] }
		switch {
		case i%4 == 1:
			// building + unit + room, each part sometimes missing or wrong
			w = pick("", "居民", "A区") + pick("1", "12", "三", "B", "一百", "x") + pick("栋", "幢", "号楼", "弄5号", "号", "") +
				pick("", " ", "\t", "-") + pick("2", "甲", "东", "十", "单", "") + pick("", " ", "　") + pick("单元", "门", "元", "") +
				pick("", "-", " ") + pick("", "3楼", "12层") + pick("501", "1203", "五零一", "90", "") + pick("室", "房", "号", "")
		case i%4 == 0:
			s := texts[rng.IntN(len(texts))]
			a := rng.IntN(len(s) + 1)
			w = strings.ToValidUTF8(s[a:min(len(s), a+rng.IntN(64))], "")
		default:
			var b strings.Builder
			for n := 1 + rng.IntN(10); n > 0; n-- {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			w = b.String()
		}
		for _, f := range filters {
			if f.re.MatchString(w) {
				matched[f.name]++
				if !f.possible(w) {
					t.Fatalf("%s matches %q but its filter turns it away", f.name, w)
				}
			}
		}
	}
	for _, f := range filters {
		if matched[f.name] < 1000 {
			t.Errorf("%s matched only %d texts: the check is too weak", f.name, matched[f.name])
		}
	}
}

// TestLexiconFlagsMatchSets checks the tables that stand in for set lookups in the name rules.
func TestLexiconFlagsMatchSets(t *testing.T) {
	d := newTest(t, Options{})
	lx := d.lex
	for r := rune(0); r <= 0x10FFFF; r++ {
		if lx.function(r) != functionRune(r) {
			t.Fatalf("function(%q) = %v, functionRune %v", r, lx.function(r), functionRune(r))
		}
	}
	sets := map[string]*wordSet{"honorifics": lx.honorifics, "labels": lx.labels, "bounds": lx.bounds,
		"intro": lx.intro, "stop": lx.stop, "common": lx.common, "gazetteer": lx.gazetteer}
	for name, w := range sets {
		for r := rune(hanBase); r < 0xA000; r++ {
			if w.starts(r) != (len(w.byFirst[r]) > 0) {
				t.Errorf("%s: starts(%q) = %v, byFirst has %d words", name, r, w.starts(r), len(w.byFirst[r]))
			}
		}
		for r := range w.byFirst {
			if !w.starts(r) {
				t.Errorf("%s: a word starts with %q but starts says no", name, r)
			}
		}
	}
}

// TestNormaliseThreeByteSequences holds normaliseMixed's inline decoding of three-byte
// sequences to utf8.DecodeRuneInString, through normalisePlain: every lead byte from 0xE0 to
// 0xEF with every second and third byte, valid or not, between two characters.
func TestNormaliseThreeByteSequences(t *testing.T) {
	var fast, plain normText
	text := []byte("中???文")
	for lead := 0xE0; lead <= 0xEF; lead++ {
		for b1 := 0; b1 < 256; b1++ {
			for b2 := 0; b2 < 256; b2++ {
				text[3], text[4], text[5] = byte(lead), byte(b1), byte(b2)
				s := string(text)
				fast.normaliseMixed(s)
				plain.normalisePlain(s)
				if fast.s != plain.s || !slices.Equal(fast.runes, plain.runes) || !slices.Equal(fast.os, plain.os) ||
					!slices.Equal(fast.oe, plain.oe) || !slices.Equal(fast.rb, plain.rb) || !slices.Equal(fast.b2r, plain.b2r) {
					t.Fatalf("% x: normaliseMixed %q %v, normalisePlain %q %v", text[3:6], fast.s, fast.runes, plain.s, plain.runes)
				}
			}
		}
	}
}
