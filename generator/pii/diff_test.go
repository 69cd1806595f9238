package pii

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
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
	for _, s := range []string{
		"来电人：胡军，电话１３８-1234-5678，住3栋2单元501室，车牌苏A·56YR4。",
		"身份证号11010519491231002X，(+86)18030269698，0086-155-6509-8913",
		"护照号码E42634446 微信号wxid_mj68ptxfygl47w QQ：1852438937 a@b.cn",
		"二〇二三年八月十七日 一三八一二三四五六七八 2023-08-17 14:35 9:00-17:00",
		"艾力·买买提反映 《巴黎·圣母院》 老陈说 小区 王家村三组18号 7-2-301",
		"\xff\xfe1381234\x805678 \u200b\u00ad 苏\xe8A12345",
	} {
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

// gateDocs wraps text in the places the output gate reads: text joined across inline tags,
// attributes, comments, inline JSON, entities.
func gateDocs(text string) []string {
	cut := len(text) / 2
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	esc := strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;").Replace
	js := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace
	return []string{
		"<p>" + esc(text) + "</p>",
		"<p>" + esc(text[:cut]) + "<b>" + esc(text[cut:]) + "</b></p><div>" + esc(text) + "</div>",
		`<img alt="` + esc(text) + `" src="/a.png"><a href="/x/` + esc(text[cut:]) + `" title="` + esc(text[:cut]) + `">x</a>`,
		"<!-- " + text + " --><li>\n  " + esc(text) + "\n</li>",
		`<script type="application/json">{"a":["` + js(text) + `", 1], "` + js(text[:cut]) + `": "<b>` + js(text[cut:]) + `</b>"}</script>`,
		"<td>" + strings.ReplaceAll(esc(text), "1", "&#49;") + "</td><script>var x = '" + text + "';</script>",
	}
}

// sameGate fails t when the fast and plain detectors' output gates disagree on doc.
func sameGate(t testing.TB, fast, plain *Detector, doc []byte) {
	t.Helper()
	want := plain.ScanHTMLBytes(doc)
	for pass := 0; pass < 2; pass++ { // memo cold, then warm
		if got := fast.ScanHTMLBytes(doc); !reflect.DeepEqual(got, want) {
			t.Fatalf("ScanHTMLBytes(%q), pass %d:\nfast  %+v\nplain %+v", doc, pass, got, want)
		}
	}
	wantJ, wantErr := plain.ScanJSON(doc)
	gotJ, gotErr := fast.ScanJSON(doc)
	if !reflect.DeepEqual(gotJ, wantJ) || (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("ScanJSON(%q):\nfast  %+v %v\nplain %+v %v", doc, gotJ, gotErr, wantJ, wantErr)
	}
	if got, want := fast.ScanLong(string(doc)), plain.ScanLong(string(doc)); !reflect.DeepEqual(got, want) {
		t.Fatalf("ScanLong(%q):\nfast  %v\nplain %v", doc, got, want)
	}
}

func TestGateFastMatchesPlain(t *testing.T) {
	fast, plain := detectorPair(t, diffOptions())
	texts := diffCorpus(t)
	// half of the texts reach the gate already known clean from the input gate
	for i, s := range texts {
		if i%2 == 0 {
			fast.ScanField(s)
		}
	}
	page, err := os.ReadFile(filepath.Join("testdata", "casepage.html"))
	if err != nil {
		t.Fatal(err)
	}
	sameGate(t, fast, plain, page)
	found := 0
	for _, s := range texts {
		for _, doc := range gateDocs(s) {
			sameGate(t, fast, plain, []byte(doc))
			if len(plain.ScanHTMLBytes([]byte(doc))) > 0 {
				found++
			}
		}
		sameGate(t, fast, plain, []byte(`{"k":"`+strings.ReplaceAll(s, `"`, `\"`)+`"}`))
	}
	if found < len(texts) {
		t.Errorf("only %d of %d documents have findings: the comparison is too easy", found, 6*len(texts))
	}
}

// FuzzGatePlain holds the fast output gate (memo, filters, fast Scan) to the plain one.
func FuzzGatePlain(f *testing.F) {
	page, err := os.ReadFile(filepath.Join("testdata", "casepage.html"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(page)
	for _, s := range append(pageStrings, strings.Split(benchText, "\n")[:5]...) {
		for _, doc := range gateDocs(s) {
			f.Add([]byte(doc))
		}
	}
	fast, plain := detectorPair(f, diffOptions())
	f.Fuzz(func(t *testing.T, doc []byte) {
		sameGate(t, fast, plain, doc)
	})
}

// simpleDocs are documents for scanSimple's corners: each is compared with the full
// tokenizer, and those marked true must be accepted by scanSimple.
var simpleDocs = []struct {
	doc    string
	simple bool
}{
	{`<!DOCTYPE html><html lang="zh"><head><title>电话13812345678</title></head><body><p>ok</p></body></html>`, true},
	{`<!doctype html ><p>x</p>`, true},
	{`<P CLASS="a" Title='来电人手机13912345678'>居民<B>138</B>1234 5678</P>`, true},
	{`<img alt="身份证110101197505082654" alt="13812345678" ALT="x"><br/><br /><hr/>`, true},
	{`<a href="/x/" title=">13812345678">y</a><a =b="13812345678">z</a>`, true},
	{`<input disabled/><input value="a/"/><input value="13812345678"/ ><p a b c>t</p>`, true},
	{`<a href = "13812345678" >x</a><a href= '13912345678'>y</a><a href=>z</a>`, true},
	{"<p\tclass=\"a\"\n\ftitle=\"13812345678\">\n138\t1234\n5678</p>", true},
	{`<!-- 来电人身份证号110101197505082654 --><!----><!--><!--->x<!-- a--!>b --><!-- --!-- 13812345678 -->`, true},
	{`<!-- a -- b --><!--- 13812345678 ---><p>c<!-- d -->13812345678</p>`, true},
	{`<title>a</titlex>13812345678</TITLE ><style>p{}</style ><style>.a{color:#13812345678}</style>`, true},
	{`<script>var a = "</scrip"; var b = "<!-"; var c = "13812345678";</SCRIPT/><p>x</p>`, true},
	{`<script type="application/json">{"t":"来电人\u624b\u673a13812345678"}</script>`, true},
	{`<script type="APPLICATION/LD+JSON">{"telephone": 13812345678}</script><script/>13812345678</script>`, true},
	{`<my-card>电话138</my-card>12345678<x-y/>13812345678<unknown>139</unknown>12345678`, true},
	{`a < b 13812345678 <<p>x</p> <1 <a>`, true},
	{`<p>x</p>13812345678`, true},
	{`</p><p >13812345678</p ><div/>`, true},
	{`<p>A&amp;B 13812345678</p>`, false},
	{"<p>a\r\n13812345678</p>", false},
	{"<p>a\x00b13812345678</p>", false},
	{`<p a=b>13812345678</p>`, false},
	{`<textarea>13812345678</textarea>`, false},
	{`<noscript><p>13812345678</p></noscript>`, false},
	{`<script><!-- document.write("</script>13812345678") --></script>`, false},
	{`<?xml version="1.0"?><p>13812345678</p>`, false},
	{`<![CDATA[13812345678]]><p>x</p>`, false},
	{`</ p>13812345678</>`, false},
	{`<p>13812345678<`, false},
	{`<p title="13812345678`, false},
	{`<title>13812345678`, false},
	{`<!-- 13812345678 -`, false},
	{`<!DOCTYPE html`, false},
}

func TestSimpleTokenizerMatches(t *testing.T) {
	fast, plain := detectorPair(t, diffOptions())
	for _, c := range simpleDocs {
		sameGate(t, fast, plain, []byte(c.doc))
		g := &htmlGate{d: fast}
		if ok := g.scanSimple([]byte(c.doc)); ok != c.simple {
			t.Errorf("scanSimple(%q) = %v, want %v", c.doc, ok, c.simple)
		}
	}
	page, err := os.ReadFile(filepath.Join("testdata", "casepage.html"))
	if err != nil {
		t.Fatal(err)
	}
	if g := (&htmlGate{d: fast}); !g.scanSimple(page) {
		t.Error("scanSimple gives up on the demo case page")
	}
}

// TestGateFastMatchesPlainOnSite compares the two output gates on every HTML and JSON file of
// a built site, when GONGSHI_GATE_SITE names its directory (gongshi --out DIR).
func TestGateFastMatchesPlainOnSite(t *testing.T) {
	dir := os.Getenv("GONGSHI_GATE_SITE")
	if dir == "" {
		t.Skip("GONGSHI_GATE_SITE not set: build a site and name its output directory to compare the gates on it")
	}
	fast, plain := detectorPair(t, evalOptions())
	n, simple := 0, 0
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		ext := filepath.Ext(p)
		if ext != ".html" && ext != ".json" && ext != ".svg" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if ext == ".json" {
			got, gotErr := fast.ScanJSON(data)
			want, wantErr := plain.ScanJSON(data)
			if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%s: ScanJSON differs", p)
			}
		} else {
			if got, want := fast.ScanHTMLBytes(data), plain.ScanHTMLBytes(data); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: ScanHTMLBytes differs:\nfast  %+v\nplain %+v", p, got, want)
			}
			if (&htmlGate{d: fast}).scanSimple(data) {
				simple++
			}
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no HTML or JSON file under %s", dir)
	}
	t.Logf("%d files compared, %d HTML files taken by scanSimple", n, simple)
}

// TestMemoComparesWholeKey checks that the memo answers for a text only when both halves of
// its key match: a key that shares the first half with a remembered one is not clean.
func TestMemoComparesWholeKey(t *testing.T) {
	m := &memo{max: 10}
	m.add([2]uint64{7, 1})
	if !m.has([2]uint64{7, 1}) {
		t.Fatal("a remembered key is not found")
	}
	if m.has([2]uint64{7, 2}) || m.has([2]uint64{1, 7}) || m.has([2]uint64{7 + memoShards, 1}) {
		t.Fatal("a key that differs in one half is found")
	}
	m.add([2]uint64{7, 2}) // same first half: not kept, and must not replace the first
	if m.has([2]uint64{7, 2}) || !m.has([2]uint64{7, 1}) {
		t.Fatal("a second key with the same first half changed the memo")
	}
	for i := uint64(0); i < 20; i++ {
		m.add([2]uint64{100 + i, i})
	}
	if got := m.n.Load(); got != 10 {
		t.Fatalf("memo holds %d keys, want its maximum 10", got)
	}
}
