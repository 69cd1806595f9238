package pii

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// The fast output gate (scanSimple, the memos, the filters before them) must report exactly
// what the plain detector's gate reports: x/net/html's tokens, every text scanned in full.

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
	{`<p>满意 &#43; 0.9 × 基本满意 13812345678&#43;86</p><a title="138&#43;1234&#0043;5678" href="/&#43;">&#43;</a>`, true},
	{`<title>&#43;8613812345678</title><!-- &#43;8613812345678 --><script>var s = "&#43;8613812345678";</script>`, true},
	{`<p>&#49;&#51;&#56;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;</p><p>&#39;a&#39;</p>`, true},
	{`<img alt="来电人手机&#49;3812345678" title="&#43;86 138 1234 5678"><!-- 电话&#49;3812345678 -->`, true},
	{`<p>&#x2B;8613812345678</p>`, false},
	{`<p>&#43 8613812345678</p>`, false},
	{`<p>&#128;13812345678</p>`, false},
	{`<p>&#10;13812345678</p>`, false},
	{`<p>&#00000043;13812345678</p>`, false},
	{`<p title="a&#4">13812345678</p>`, false},
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
	m := &memoQuota{memo: &memo{}, max: 10}
	m.add([2]uint64{7, 1})
	if !m.has([2]uint64{7, 1}) {
		t.Fatal("a remembered key is not found")
	}
	if m.has([2]uint64{7, 2}) || m.has([2]uint64{1, 7}) || m.has([2]uint64{7 + memoMinSlots, 1}) {
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

// TestMemoGrows checks the memo's table as it doubles many times while other goroutines look
// keys up without a lock (run it with -race): every key added is found from then on, through
// every growth, and no key that was not added is ever found.
func TestMemoGrows(t *testing.T) {
	m := &memo{}
	const n = 20 * memoMinSlots
	key := func(i uint64) [2]uint64 { return [2]uint64{i*0x9e3779b97f4a7c15 | 1, i} }
	var added atomic.Uint64 // keys 1..added are in the memo
	done := make(chan struct{})
	var wg sync.WaitGroup
	for r := 0; r < 2; r++ {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				hi := added.Load()
				for i := uint64(1); i <= hi; i += 97 {
					if !m.has(key(i)) {
						t.Errorf("key %d not found after it was added", i)
						return
					}
				}
				if m.has(key(n+1)) || m.has([2]uint64{key(1)[0], 2}) {
					t.Error("a key never added is found")
					return
				}
			}
		})
	}
	for i := uint64(1); i <= n; i++ {
		if !m.insert(key(i)) {
			t.Fatalf("key %d not added", i)
		}
		added.Store(i)
	}
	close(done)
	wg.Wait()
	for i := uint64(1); i <= n; i++ {
		if !m.has(key(i)) {
			t.Fatalf("key %d lost as the table grew", i)
		}
	}
	if m.insert(key(5)) || m.insert([2]uint64{0, 5}) || m.has([2]uint64{0, 5}) {
		t.Error("a key already there, or with first half 0, was added")
	}
	if slots := len(*m.table.Load()) / 2; slots < 2*n || slots > 4*n {
		t.Errorf("%d keys in %d slots, want the table between a quarter and half full", n, slots)
	}
}

// TestMemoQuotas checks that the output gate's texts and the input gate's fields, which share a
// memo, are bounded each on its own, and that either finds what the other added.
func TestMemoQuotas(t *testing.T) {
	m := &memo{}
	clean, fields := &memoQuota{memo: m, max: 2}, &memoQuota{memo: m, max: 3}
	for i := uint64(1); i <= 5; i++ {
		clean.add([2]uint64{i, i})
		fields.add([2]uint64{100 + i, i})
	}
	if clean.n.Load() != 2 || fields.n.Load() != 3 {
		t.Fatalf("the quotas hold %d and %d keys, want 2 and 3", clean.n.Load(), fields.n.Load())
	}
	if !clean.has([2]uint64{101, 1}) || !fields.has([2]uint64{1, 1}) {
		t.Error("a key added through one quota is not found through the other")
	}
	if clean.has([2]uint64{3, 3}) || fields.has([2]uint64{104, 4}) {
		t.Error("a key added past its quota is found")
	}
}

// TestMemoCacheHoldsOnlyWhatWasAdded checks the lock-free front of the memos: it knows a key
// only after add, forgets it when another key takes its slot, never knows the zero key, and a
// nil cache knows nothing.
func TestMemoCacheHoldsOnlyWhatWasAdded(t *testing.T) {
	c := new(memoCache)
	k := [2]uint64{5, 9}
	if c.has(k) {
		t.Fatal("an empty cache knows a key")
	}
	c.add(k)
	if !c.has(k) || c.has([2]uint64{5, 8}) || c.has([2]uint64{6, 9}) {
		t.Fatal("the cache does not know exactly the key added")
	}
	c.add([2]uint64{5 + memoCacheSize, 1}) // same slot
	if c.has(k) || !c.has([2]uint64{5 + memoCacheSize, 1}) {
		t.Fatal("a key that took the slot did not replace the one before")
	}
	if c.has([2]uint64{}) {
		t.Fatal("the zero key, every empty slot, is known")
	}
	var none *memoCache
	none.add(k)
	if none.has(k) {
		t.Fatal("a nil cache knows a key")
	}
}
