package pii

import (
	"hash/maphash"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// scanner is the per-call state of Scan; it is pooled so that scanning a million short texts
// does not allocate its buffers a million times.
type scanner struct {
	d       *Detector
	nt      normText
	cands   []Finding // normalised byte offsets until mapped
	anchors []int32   // rune indexes of the address anchor runes (survey)
	run     digitRun  // the digit run being classified: no allocation per run
}

// add records a candidate finding over the normalised byte span [start, end).
func (sc *scanner) add(k Kind, rule string, sev Severity, start, end int) {
	if start < 0 || end > len(sc.nt.s) || start >= end {
		return
	}
	sc.cands = append(sc.cands, Finding{Kind: k, Rule: rule, Severity: sev, Start: start, End: end})
}

// Scan returns the findings in text, sorted by Start and non-overlapping, with byte offsets into
// text. It never panics.
func (d *Detector) Scan(text string) []Finding {
	if text == "" {
		return nil
	}
	sc := d.pool.Get().(*scanner)
	sc.d = d
	sc.cands = sc.cands[:0]
	sc.nt.normaliseAs(text, d.plain)
	if d.plain {
		sc.scanPlain()
	} else if cl := sc.survey(); cl&(hasDigit|hasAt|hasUnderscore|hasNonASCII) != 0 {
		// the same stages as scanPlain, each only when the text holds what it needs
		if cl&hasDigit != 0 {
			sc.scanDigitRuns()
		}
		sc.scanContacts(cl)
		if cl.all(hasLetter | hasDigit) {
			sc.scanPassports() // a letter and 7 digits
		}
		if cl.all(hasProvince | hasLetter) {
			sc.scanPlates() // a province and a letter
		}
		if len(sc.anchors) > 0 {
			sc.scanAddresses()
		}
		if cl&hasHan != 0 {
			sc.scanNames()
		}
	}
	out := sc.resolve()
	sc.d = nil
	sc.nt.s = "" // may be text itself
	d.pool.Put(sc)
	return out
}

// scanPlain runs every detector on every text worth scanning, and the address patterns around
// every rune: the straightforward path, kept for the differential tests (Detector.plain).
func (sc *scanner) scanPlain() {
	if !sc.worthScanning() {
		return
	}
	sc.anchors = sc.anchors[:0]
	for i := range sc.nt.runes {
		sc.anchors = append(sc.anchors, int32(i))
	}
	sc.scanDigitRuns()
	sc.scanContacts(^textClass(0))
	sc.scanPassports()
	sc.scanPlates()
	sc.scanAddresses()
	sc.scanNames()
}

// textClass says what a normalised text holds, so that Scan skips every detector that cannot
// match it: most texts the output gate meets are URLs, labels and plain sentences, and a
// detector's fixed cost would otherwise dominate.
type textClass uint16

const (
	hasDigit      textClass = 1 << iota // an ASCII digit
	hasLetter                           // an ASCII letter
	hasVW                               // v or w (either case): starts wxid_ and the ASCII WeChat hotwords
	hasAt                               // '@'
	hasUnderscore                       // '_'
	hasNonASCII                         // a rune from 0x80 up
	hasHan                              // a Han character (isHan)
	hasProvince                         // a licence plate's province (isProvinceRune)
	hasWeChatHan                        // a rune of wechatHanRunes
)

func (c textClass) all(bits textClass) bool { return c&bits == bits }

// survey classifies the normalised text in one pass and lists where the address anchor runes
// (addressAnchorRunes) are.
func (sc *scanner) survey() textClass {
	sc.anchors = sc.anchors[:0]
	flags := &sc.d.lex.hanFlags
	var cl textClass
	for i, r := range sc.nt.runes {
		if r < utf8.RuneSelf {
			switch c := byte(r); {
			case isDigit(c):
				cl |= hasDigit
			case isASCIILetter(c):
				cl |= hasLetter
				if c|0x20 == 'v' || c|0x20 == 'w' {
					cl |= hasVW
				}
			case c == '@':
				cl |= hasAt
			case c == '_':
				cl |= hasUnderscore
			case c == '-':
				sc.anchors = append(sc.anchors, int32(i))
			}
			continue
		}
		cl |= hasNonASCII
		if r >= hanBase && r < 0xA000 {
			cl |= hasHan
			f := flags[r-hanBase]
			if f&(provinceRune|anchorRune|wechatRune) == 0 {
				continue
			}
			if f&provinceRune != 0 {
				cl |= hasProvince
			}
			if f&wechatRune != 0 {
				cl |= hasWeChatHan
			}
			if f&anchorRune != 0 {
				sc.anchors = append(sc.anchors, int32(i))
			}
			continue
		}
		if cl&hasHan == 0 && isHan(r) {
			cl |= hasHan
		}
	}
	return cl
}

// Limits of the memos of clean texts: texts up to a few KB (navigation, labels, table headings
// and other template text that every page repeats, and content shown on several pages), and a
// bounded number of them: 16 bytes each in a table at most half full, so at most 32 MB for the
// gate's and as much for the fields'. The gate's bound holds the strings a case shows on several
// pages (its URLs, title and list row) up to about 100,000 cases; past it, they are scanned
// again on each page, as the first pages of a bigger build leave no room for the rest.
const (
	memoMaxLen          = 4096
	memoMaxEntries      = 1 << 20
	fieldMemoMaxEntries = 1 << 20
	memoMinSlots        = 1 << 10
)

// memo remembers texts found clean by their 128-bit hash (two independently seeded maphash
// sums), so that neither a text nor a reference to it is kept; a false hit would need a
// 128-bit collision. The keys are kept in an open-addressed table of (first half, second half)
// slots, at most half full, which doubles as it fills: a lookup reads one or two cache lines
// and takes no lock, as the build's workers look up millions of texts. Inserts are serialised
// by mu; an insert writes a slot's second half before its first, and a lookup reads the first
// before the second, so a lookup that sees a key sees all of it. A table that grows is copied,
// and lookups still on the old one at worst miss what was added meanwhile. Of two keys with
// the same first half only the first is kept, and has compares both halves; a key whose first
// half is 0, the empty slot, is never kept. Texts are added to it through a memoQuota.
type memo struct {
	seed1, seed2 maphash.Seed
	table        atomic.Pointer[[]uint64] // 2 words a slot; a power of two of slots
	mu           sync.Mutex
	n            int // keys in table, under mu
}

func (m *memo) key(text []byte) [2]uint64 {
	return [2]uint64{maphash.Bytes(m.seed1, text), maphash.Bytes(m.seed2, text)}
}

func (m *memo) keyString(text string) [2]uint64 {
	return [2]uint64{maphash.String(m.seed1, text), maphash.String(m.seed2, text)}
}

func (m *memo) has(k [2]uint64) bool {
	tp := m.table.Load()
	if tp == nil || k[0] == 0 {
		return false
	}
	t := *tp
	mask := uint64(len(t)/2 - 1)
	for i := k[0] & mask; ; i = (i + 1) & mask {
		switch atomic.LoadUint64(&t[2*i]) {
		case 0:
			return false
		case k[0]:
			return atomic.LoadUint64(&t[2*i+1]) == k[1]
		}
	}
}

// insert adds k unless a key with its first half is there; it reports whether it did.
func (m *memo) insert(k [2]uint64) bool {
	if k[0] == 0 {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	tp := m.table.Load()
	if tp == nil || 2*(m.n+1) > len(*tp)/2 {
		tp = m.grow(tp)
	}
	if !place(*tp, k) {
		return false
	}
	m.n++
	return true
}

// grow makes a table twice as big as t (or the first one), with t's keys, and publishes it.
func (m *memo) grow(t *[]uint64) *[]uint64 {
	slots := memoMinSlots
	if t != nil {
		slots = len(*t) // twice the slots: two words a slot
	}
	nt := make([]uint64, 2*slots)
	if t != nil {
		for i := 0; i < len(*t); i += 2 {
			if (*t)[i] != 0 {
				place(nt, [2]uint64{(*t)[i], (*t)[i+1]})
			}
		}
	}
	m.table.Store(&nt)
	return &nt
}

// place puts k in the first free slot of its probe sequence in t, unless a key with its first
// half is there.
func place(t []uint64, k [2]uint64) bool {
	mask := uint64(len(t)/2 - 1)
	for i := k[0] & mask; ; i = (i + 1) & mask {
		switch t[2*i] {
		case 0:
			atomic.StoreUint64(&t[2*i+1], k[1])
			atomic.StoreUint64(&t[2*i], k[0])
			return true
		case k[0]:
			return false
		}
	}
}

// memoQuota is what one kind of text may add to a memo: at most max keys, whatever the other
// kinds add. The output gate's clean texts and the input gate's fields share one memo, so
// that a text the output gate has not met is looked up once, not once in each.
type memoQuota struct {
	*memo
	max int64
	n   atomic.Int64
}

func (q *memoQuota) add(k [2]uint64) {
	if q.n.Load() >= q.max {
		return
	}
	if q.insert(k) {
		q.n.Add(1)
	}
}

// ScanField is Scan for the input gate's fields (a case's summary, a hall's name): a field
// found clean is remembered, so that the output gate, which meets the same text again on the
// pages that show it, need not scan it a second time. The findings are Scan's.
func (d *Detector) ScanField(text string) []Finding {
	fs := d.Scan(text)
	if len(fs) == 0 && len(text) <= memoMaxLen {
		d.fields.add(d.fields.keyString(text))
	}
	return fs
}

// scanMemo is Scan for the output gate, which sees the same template text on every page: a
// text found clean once, here or by ScanField, is not scanned again. Texts with findings are
// never memoised. text is only read; c, when not nil, is the caller's front to the memos.
func (d *Detector) scanMemo(text []byte, c *memoCache) []Finding {
	if d.plain {
		return d.Scan(string(text))
	}
	if !mayHold(text) {
		return nil // what Scan would say, without hashing and looking up the text
	}
	if len(text) > memoMaxLen {
		return d.Scan(string(text))
	}
	k := d.clean.key(text) // both memos share their seeds: one key for both
	if c.has(k) {
		return nil
	}
	if d.clean.has(k) { // the memo of fields too
		c.add(k)
		return nil
	}
	fs := d.Scan(string(text))
	if len(fs) == 0 {
		d.clean.add(k)
		c.add(k)
	}
	return fs
}

// scanMemoString is scanMemo of a string, without copying it.
func (d *Detector) scanMemoString(text string, c *memoCache) []Finding {
	if d.plain {
		return d.Scan(text)
	}
	if !mayHoldString(text) {
		return nil
	}
	if len(text) > memoMaxLen {
		return d.Scan(text)
	}
	k := d.clean.keyString(text) // equal to key of the same bytes
	if c.has(k) {
		return nil
	}
	if d.clean.has(k) { // the memo of fields too
		c.add(k)
		return nil
	}
	fs := d.Scan(text)
	if len(fs) == 0 {
		d.clean.add(k)
		c.add(k)
	}
	return fs
}

// memoCacheSize is the number of keys in a memoCache: more than the distinct template texts
// of a page.
const memoCacheSize = 1024

// memoCache is a small lock-free front to the memos for one output-gate call (the Detector
// pools them, so each stays warm): the template text every page repeats is found here
// without a lock and without a cache miss in a large map. It holds only keys of texts found
// clean, so it answers as the memos would.
type memoCache struct {
	keys [memoCacheSize][2]uint64
}

func (c *memoCache) has(k [2]uint64) bool {
	return c != nil && k != [2]uint64{} && c.keys[k[0]%memoCacheSize] == k
}

func (c *memoCache) add(k [2]uint64) {
	if c != nil {
		c.keys[k[0]%memoCacheSize] = k
	}
}

func (d *Detector) getCache() *memoCache { return d.caches.Get().(*memoCache) }

func mayHoldString(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= utf8.RuneSelf || isDigit(c) || c == '@' || c == '_' {
			return true
		}
	}
	return false
}

// mayHold reports whether Scan could find anything in text: it holds a byte beyond ASCII, a
// digit, '@' or '_'. Without one, normalisation changes nothing (it folds and deletes only
// runes beyond ASCII, and masks only digits) and worthScanning says no.
func mayHold(text []byte) bool {
	for _, c := range text {
		if c >= utf8.RuneSelf || isDigit(c) || c == '@' || c == '_' {
			return true
		}
	}
	return false
}

// worthScanning skips texts that cannot hold any finding: no digit, no '@', no Han character.
func (sc *scanner) worthScanning() bool {
	s := sc.nt.s
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || isDigit(c) || c == '@' || c == '_' {
			return true
		}
	}
	return false
}

// resolve keeps a non-overlapping subset of the candidates (BLOCK over WARN, then the longer
// span, then the earlier one), maps it to original offsets and sorts it by Start.
func (sc *scanner) resolve() []Finding {
	if len(sc.cands) == 0 {
		return nil
	}
	c := sc.cands
	sort.SliceStable(c, func(i, j int) bool {
		if c[i].Severity != c[j].Severity {
			return c[i].Severity > c[j].Severity
		}
		li, lj := c[i].End-c[i].Start, c[j].End-c[j].Start
		if li != lj {
			return li > lj
		}
		return c[i].Start < c[j].Start
	})
	// kept stays sorted by Start and non-overlapping: one binary search per candidate
	kept := make([]Finding, 0, len(c))
	for _, f := range c {
		i := sort.Search(len(kept), func(i int) bool { return kept[i].End > f.Start })
		if i < len(kept) && kept[i].Start < f.End {
			continue // overlaps a better finding
		}
		kept = append(kept, Finding{})
		copy(kept[i+1:], kept[i:])
		kept[i] = f
	}
	for i := range kept {
		kept[i].Start, kept[i].End = sc.nt.origSpan(kept[i].Start, kept[i].End)
	}
	return kept
}

// Value returns the original text of a finding (for masking; never print it raw).
func (f Finding) Value(text string) string {
	if f.Start < 0 || f.End > len(text) || f.Start > f.End {
		return ""
	}
	return text[f.Start:f.End]
}

// HasBlock reports whether fs holds a BLOCK finding.
func HasBlock(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Block {
			return true
		}
	}
	return false
}

// String formats a finding for logs without its value: "BLOCK mobile MOB-01 [12:23]".
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Severity.String())
	b.WriteByte(' ')
	b.WriteString(string(f.Kind))
	b.WriteByte(' ')
	b.WriteString(f.Rule)
	b.WriteString(" [")
	b.WriteString(strconv.Itoa(f.Start))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(f.End))
	b.WriteByte(']')
	return b.String()
}

// Pieces of ScanLong: about 64 KB each, cut after a line break where there is one, and each
// starting again longOverlap bytes before the end of the one before, more than any finding
// spans.
const (
	longPiece   = 64 << 10
	longOverlap = 512
)

// ScanLong is Scan for a long text (a data file, a sitemap, a script): it scans it in pieces,
// so that the scanner's buffers, about twenty times the text scanned at once, stay small
// whatever the size of the text. Each piece overlaps the one before by longOverlap bytes, so a
// finding cut by the end of one piece is found whole in the next; findings are returned once,
// sorted by Start, with offsets into text.
func (d *Detector) ScanLong(text string) []Finding { return scanLong(d, text) }

// ScanLongBytes is ScanLong(string(data)) without copying data: only one piece at a time is
// made a string (a million cases make a CSV of some hundreds of megabytes).
func (d *Detector) ScanLongBytes(data []byte) []Finding { return scanLong(d, data) }

func scanLong[T string | []byte](d *Detector, text T) []Finding {
	if len(text) <= longPiece {
		return d.Scan(string(text))
	}
	// The pieces depend on the text alone, so they are scanned on every core at once and
	// their findings merged in order, as one after the other would have found them.
	pieces := longPieces(text)
	found := make([][]Finding, len(pieces))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pieces)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(pieces); i = int(next.Add(1) - 1) {
				found[i] = d.Scan(string(text[pieces[i][0]:pieces[i][1]]))
			}
		})
	}
	wg.Wait()
	var out []Finding
	seen := map[[2]int]bool{} // findings of the previous piece, by span
	for i, p := range pieces {
		next := map[[2]int]bool{}
		for _, f := range found[i] {
			f.Start += p[0]
			f.End += p[0]
			span := [2]int{f.Start, f.End}
			if !seen[span] {
				out = append(out, f)
			}
			next[span] = true
		}
		seen = next
	}
	// A finding cut by the end of a piece may have been reported shorter there; keep the
	// longest of those that overlap.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	kept := out[:0]
	for _, f := range out {
		if n := len(kept); n > 0 && f.Start < kept[n-1].End {
			if f.End-f.Start > kept[n-1].End-kept[n-1].Start {
				kept[n-1] = f
			}
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

// longPieces cuts text into the pieces ScanLong scans: [start, end) byte offsets, each piece
// about longPiece bytes, ending after a line break where there is one in its second half and
// on a rune boundary, and starting longOverlap bytes before the end of the one before.
func longPieces[T string | []byte](text T) [][2]int {
	var out [][2]int
	for start := 0; start < len(text); {
		end := min(start+longPiece, len(text))
		if end < len(text) {
			if nl := lastLineBreak(text[start+longPiece/2 : end]); nl >= 0 {
				end = start + longPiece/2 + nl + 1
			}
			for end > start && !utf8.RuneStart(text[end]) {
				end--
			}
		}
		out = append(out, [2]int{start, end})
		if end == len(text) {
			break
		}
		start = max(end-longOverlap, start+1)
		for start < end && !utf8.RuneStart(text[start]) {
			start++
		}
	}
	return out
}

// lastLineBreak is the index of the last '\n' of text, or -1.
func lastLineBreak[T string | []byte](text T) int {
	for i := len(text) - 1; i >= 0; i-- {
		if text[i] == '\n' {
			return i
		}
	}
	return -1
}
