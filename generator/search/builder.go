package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"runtime"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// Builder builds the index of an input again and again as it changes a little (the dev server's
// rebuilds, issue 7). Each Build returns the files that Build(in, opt) returns for the same
// input, byte for byte; Build makes them as a new Builder's first build does, keeping nothing
// for a next one. What a later build reuses:
//
//   - the numbering of the documents, when they come in the same order with the same kinds,
//     years, facets, dates and URLs, and the facets are the same (nothing is sorted);
//   - when the documents have the numbers of the previous build (the same URLs in the same
//     order; the facets and dates that order them may change only where the order stays), only
//     the documents whose searched fields changed are tokenised again, old and new text, and
//     only the postings of the keys they gained, lost or hold a number of times they did not
//     hold before change; otherwise every document is tokenised again;
//   - impacts are worked out again for the documents whose fields changed, and for every
//     document when the average document length changed (it weighs in every impact): it is
//     rounded (coarse), so that an edit of a few documents among thousands seldom changes it. A
//     list is "touched" when one of its postings or impacts changed;
//   - a shard is encoded again when the entry of one of its keys changed, or a key came or went,
//     or the number of shard bits changed; a tail when its key's postings changed;
//   - a display file when one of its documents' display data changed;
//   - a top file when its key's top documents changed, or one of them changed.
//
// Every other file keeps the bytes of the previous build, the same slice, so a caller can tell
// unchanged files by comparing slices. meta.json is made every time. Build keeps a copy of each
// Doc of in, sharing its Fields and Text, whose elements the caller must not change afterwards.
type Builder struct {
	opt    Options
	emit   func(File) error // BuildTo's: where each file goes; nothing is kept for a next build
	docs   []doc            // the documents of the last build, in number order
	own    []Doc            // what docs point into
	spare  []Doc            // the buffer of own before the last build, reused by the next
	dl     []float64        // their weighted lengths
	avg    float64          // the average of dl
	lists  map[[2]uint32]*plist
	keys   []*plist // lists in key order
	bits   int
	shards [][]byte           // by shard number
	chunks [][]byte           // by chunk number
	order  []int              // chunk numbers in name order
	sums   map[string]fileSum // by file name: the hash of its bytes (version)

	// What order read of the last input (orderKey of each document, in input order, and the
	// facet slugs) and the order it found: for each document number, its position in the
	// input, kind, community and category.
	ordKeys         []orderKey
	ordFacets       []string
	ordAt           []int
	ordKind         []int
	ordComm, ordCat []int
}

// orderKey is what order reads of a document.
type orderKey struct {
	kind                 Kind
	year                 int
	url, comm, cat, date string
}

func keyOf(d *Doc) orderKey {
	return orderKey{kind: d.Kind, year: d.Year, url: d.URL, comm: d.Community, cat: d.Category, date: d.Date}
}

// facetSlugs are the slugs of in's communities, then of its categories, with a separator.
func facetSlugs(in Input) []string {
	out := make([]string, 0, len(in.Communities)+1+len(in.Categories))
	for _, f := range in.Communities {
		out = append(out, f.Slug)
	}
	out = append(out, "\x00")
	for _, f := range in.Categories {
		out = append(out, f.Slug)
	}
	return out
}

// ordered is order(in) through what x kept of the last build's: when the documents have the
// same orderKeys in the same order, and the facets the same slugs, they are checked and sorted
// alike, so the order of the last build stands and nothing is sorted.
func (x *Builder) ordered(in Input) ([]doc, error) {
	facets := facetSlugs(in)
	same := len(in.Docs) == len(x.ordKeys) && slices.Equal(facets, x.ordFacets)
	var keys []orderKey
	if same {
		keys = x.ordKeys // compared, and rewritten in place where they differ
		for i := range in.Docs {
			if k := keyOf(&in.Docs[i]); k != keys[i] {
				keys[i], same = k, false
			}
		}
	} else {
		keys = make([]orderKey, len(in.Docs))
		for i := range in.Docs {
			keys[i] = keyOf(&in.Docs[i])
		}
	}
	if same {
		docs := make([]doc, len(x.ordAt))
		for n, i := range x.ordAt {
			docs[n] = doc{Doc: &in.Docs[i], kind: x.ordKind[n], comm: x.ordComm[n], cat: x.ordCat[n]}
		}
		x.ordKeys = keys
		return docs, nil
	}
	x.ordKeys, x.ordFacets = nil, nil
	docs, err := order(in)
	if err != nil {
		return nil, err
	}
	at := make(map[*Doc]int, len(in.Docs))
	for i := range in.Docs {
		at[&in.Docs[i]] = i
	}
	x.ordAt, x.ordKind, x.ordComm, x.ordCat = make([]int, len(docs)), make([]int, len(docs)), make([]int, len(docs)), make([]int, len(docs))
	for n, d := range docs {
		x.ordAt[n], x.ordKind[n], x.ordComm[n], x.ordCat[n] = at[d.Doc], d.kind, d.comm, d.cat
	}
	x.ordKeys, x.ordFacets = keys, facets
	return docs, nil
}

// once reports whether x is BuildTo's, which builds once and keeps nothing.
func (x *Builder) once() bool { return x.emit != nil }

// NewBuilder returns a builder with nothing built yet.
func NewBuilder(opt Options) *Builder { return &Builder{opt: opt.withDefaults()} }

// Build returns the files of the index of in, in name order, and their statistics. After an
// error the next build starts over.
func (x *Builder) Build(in Input) ([]File, Stats, error) {
	var (
		docs []doc
		own  []Doc
		err  error
	)
	if x.once() {
		// Nothing is reused: no order to remember, no copy of the documents, which are
		// in's (the copy was a tenth of the peak memory of a million-case build).
		docs, err = order(in)
	} else {
		docs, err = x.ordered(in)
	}
	if err != nil {
		return nil, Stats{}, err
	}
	if !x.once() {
		// The documents are kept for the next build, whatever the caller does with in, in
		// the buffer of the build before the last, which nothing refers to any more.
		own = x.spare
		if cap(own) < len(docs) {
			own = make([]Doc, len(docs))
		}
		own = own[:len(docs)]
		for i := range docs {
			own[i] = *docs[i].Doc
			docs[i].Doc = &own[i]
		}
	}
	opt := x.opt
	full := x.lists == nil || !sameURLs(x.docs, docs)
	var (
		dirty    map[*plist]bool // lists whose postings changed
		gone     []*plist        // lists that lost their last posting
		changed  []bool          // by document: its display data or fields changed
		refields []uint32        // the documents whose fields changed, ascending
		again    []recheck       // their postings whose term count is unchanged
	)
	if full {
		inv := invert(docs, x.once())
		x.dl, x.keys = inv.dl, inv.lists
		if !x.once() {
			x.lists = make(map[[2]uint32]*plist, len(inv.lists))
			for _, l := range inv.lists {
				x.lists[[2]uint32{l.h1, l.h2}] = l
			}
		}
		x.shards, x.chunks, x.order = nil, nil, nil
	} else {
		dirty, gone, changed, refields, again = x.update(docs)
	}
	x.docs = docs
	x.own, x.spare = own, x.own

	// Impacts: of every list when the average length changed (or on a full build), else of the
	// lists whose postings changed. touched[i]: keys[i]'s impacts or postings changed.
	avg := average(x.dl)
	touched := make([]bool, len(x.keys))
	all := full || avg != x.avg
	x.avg = avg
	if !all {
		// A posting that kept its term count has a new impact only if its document's length
		// changed it: its list is then dirty, as if its count had changed.
		for _, r := range again {
			if dirty[r.l] {
				continue
			}
			if j, ok := slices.BinarySearch(r.l.docs, r.d); ok && impact(float64(r.l.tf[j]), x.dl[r.d], avg) != r.l.imp[j] {
				dirty[r.l] = true
			}
		}
	}
	procs := runtime.GOMAXPROCS(0)
	// Build's postings were weighed by invert; a Builder's are weighed here.
	if !x.once() {
		parallelRange(procs, len(x.keys), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				l := x.keys[i]
				if !all && !dirty[l] {
					continue
				}
				if len(l.imp) != len(l.docs) {
					l.imp = make([]uint8, len(l.docs))
				}
				if !all && len(refields) < len(l.docs)/8 {
					// Only the postings of the documents whose fields changed are new: every
					// other was weighed with the same lengths.
					for _, d := range refields {
						if j, ok := slices.BinarySearch(l.docs, d); ok {
							l.imp[j] = impact(float64(l.tf[j]), x.dl[d], avg)
						}
					}
					touched[i] = true
					continue
				}
				for j, d := range l.docs {
					if v := impact(float64(l.tf[j]), x.dl[d], avg); v != l.imp[j] {
						l.imp[j] = v
						touched[i] = true
					}
				}
				if dirty[l] {
					touched[i] = true
				}
			}
		})
	}

	// Shards and tails.
	bits := shardBits(x.keys, opt)
	if bits != x.bits || len(x.shards) != 1<<bits {
		full = true
	}
	x.bits = bits
	newEntry := make([]bool, len(x.keys))
	parallelRange(procs, len(x.keys), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if !full && !touched[i] {
				continue
			}
			l := x.keys[i]
			if x.once() {
				l.unpack()
			}
			entry, tail := l.encode(opt.HeadSize)
			if !bytes.Equal(entry, l.entry) {
				l.entry, newEntry[i] = entry, true
			}
			if !bytes.Equal(tail, l.tail) {
				l.tail = tail
			}
			if x.once() {
				l.drop(opt)
			}
		}
	})
	redo := make([]bool, 1<<bits)
	for i, l := range x.keys {
		if newEntry[i] {
			redo[l.h1>>(32-bits)] = true
		}
	}
	for _, l := range gone {
		redo[l.h1>>(32-bits)] = true
	}
	if full {
		x.shards = make([][]byte, 1<<bits)
	}
	parallel(procs, 1<<bits, func(s int) {
		if full || redo[s] {
			keys := x.keys[x.shardStart(uint32(s)):x.shardStart(uint32(s)+1)]
			x.shards[s] = shard(keys)
			if x.once() {
				for _, l := range keys {
					l.entry = nil // in the shard now
				}
			}
		}
	})
	if x.once() {
		st, err := x.emitAll(in, docs)
		return nil, st, err
	}

	// Display files.
	n := (len(docs) + opt.ChunkSize - 1) / opt.ChunkSize
	if len(x.chunks) != n {
		full = true
		x.chunks = make([][]byte, n)
		x.order = make([]int, n)
		for i := range x.order {
			x.order[i] = i
		}
		slices.SortFunc(x.order, func(a, b int) int { return strings.Compare(ChunkName(a), ChunkName(b)) })
	}
	var cerr error
	for c := range x.chunks {
		lo, hi := c*opt.ChunkSize, min((c+1)*opt.ChunkSize, len(docs))
		if !full && !slices.Contains(changed[lo:hi], true) {
			continue
		}
		data, err := writeChunk(docs[lo:hi])
		if err != nil {
			cerr = err
		}
		x.chunks[c] = data
	}
	if cerr != nil {
		x.lists = nil
		return nil, Stats{}, cerr
	}

	// Top files.
	var todo []*plist
	for i, l := range x.keys {
		switch {
		case l.count() < opt.TopDF:
			l.top, l.topDocs = nil, nil
		case full || l.top == nil:
			todo = append(todo, l)
		case touched[i] && !slices.Equal(topDocs(l, opt.TopRows), l.topDocs):
			todo = append(todo, l)
		default:
			for _, d := range l.topDocs {
				if changed[d] {
					todo = append(todo, l)
					break
				}
			}
		}
	}
	if err := writeTops(todo, docs, opt); err != nil {
		x.lists = nil
		return nil, Stats{}, err
	}

	return x.files(in)
}

// files lists the files of the index in name order (d/, meta.json, r/, s/, t/; the keys of r/
// and t/ are fixed-width hex, so key order is name order) with their statistics.
func (x *Builder) files(in Input) ([]File, Stats, error) {
	st := Stats{Docs: len(x.docs), Keys: len(x.keys), ShardBits: x.bits, Shards: len(x.shards), Chunks: len(x.chunks)}
	var tops, tails []File
	for _, l := range x.keys {
		st.Postings += l.count()
		if l.top != nil {
			tops = append(tops, File{Name: TopName(l.h1, l.h2), Data: l.top})
			st.TopBytes += int64(len(l.top))
		}
		if l.tail != nil {
			tails = append(tails, File{Name: TailName(l.h1, l.h2), Data: l.tail})
		}
	}
	st.Tops, st.Tails = len(tops), len(tails)
	files := make([]File, 0, len(x.chunks)+1+len(tops)+len(x.shards)+len(tails))
	for _, c := range x.order {
		files = append(files, File{Name: ChunkName(c), Data: x.chunks[c]})
	}
	files = append(files, tops...)
	for i, s := range x.shards {
		files = append(files, File{Name: ShardName(uint32(i), x.bits), Data: s})
		st.ShardBytes += int64(len(s))
		st.MaxShard = max(st.MaxShard, len(s))
	}
	files = append(files, tails...)
	meta, err := writeMeta(in, x.docs, x.opt, x.bits, x.version(files))
	if err != nil {
		x.lists = nil
		return nil, Stats{}, err
	}
	at := len(x.chunks)
	files = slices.Insert(files, at, File{Name: "meta.json", Data: meta})
	for _, f := range files {
		st.Bytes += int64(len(f.Data))
	}
	return files, st, nil
}

// fileSum is the hash of a file's bytes, kept with the slice it was taken of.
type fileSum struct {
	data []byte
	sum  uint64
}

// version is meta.json's "v": a hash of the names, lengths and bytes of files, which changes
// when any of them does, so that the page never mixes files of two builds. A file that has the
// very slice of the last build (Build keeps the bytes of unchanged files) is not read again.
func (x *Builder) version(files []File) string {
	if x.sums == nil || len(x.sums) > 2*len(files) {
		x.sums = make(map[string]fileSum, len(files))
	}
	entries := make([]fileEntry, len(files))
	for i, f := range files {
		s, ok := x.sums[f.Name]
		if !ok || len(s.data) != len(f.Data) || len(f.Data) > 0 && &s.data[0] != &f.Data[0] {
			s = fileSum{f.Data, xxhash.Sum64(f.Data)}
			x.sums[f.Name] = s
		}
		entries[i] = fileEntry{f.Name, len(f.Data), s.sum}
	}
	return versionOf(entries)
}

// fileEntry is what the version reads of a file: its name, length and hash.
type fileEntry struct {
	name string
	n    int
	sum  uint64
}

// versionOf is the version of the files of entries, which are in name order.
func versionOf(entries []fileEntry) string {
	h := sha256.New()
	var buf []byte
	for _, e := range entries {
		buf = append(buf[:0], e.name...)
		buf = append(buf, 0)
		buf = binary.BigEndian.AppendUint64(buf, uint64(e.n))
		buf = binary.BigEndian.AppendUint64(buf, e.sum)
		h.Write(buf)
	}
	sum := h.Sum(nil)
	v := make([]byte, 0, 12)
	v = append(v, fixed48(binary.BigEndian.Uint32(sum[0:4]))...)
	v = append(v, fixed48(binary.BigEndian.Uint32(sum[4:8]))...)
	return string(v)
}

// topBatch is how many top files emitAll makes at a time.
const topBatch = 4096

// emitAll hands every file of Build's index to x.emit as soon as it is made (the shards and
// tails, then the display files, the top files and meta.json) and keeps none of them: a million
// cases make hundreds of megabytes of them. It returns the statistics of the index.
func (x *Builder) emitAll(in Input, docs []doc) (Stats, error) {
	opt := x.opt
	st := Stats{Docs: len(docs), Keys: len(x.keys), ShardBits: x.bits, Shards: len(x.shards)}
	var entries []fileEntry
	put := func(name string, data []byte) error {
		entries = append(entries, fileEntry{name, len(data), xxhash.Sum64(data)})
		st.Bytes += int64(len(data))
		return x.emit(File{Name: name, Data: data})
	}
	for i, s := range x.shards {
		st.ShardBytes += int64(len(s))
		st.MaxShard = max(st.MaxShard, len(s))
		if err := put(ShardName(uint32(i), x.bits), s); err != nil {
			return Stats{}, err
		}
		x.shards[i] = nil
	}
	var todo []*plist // the keys with a top file
	for _, l := range x.keys {
		st.Postings += l.count()
		if l.tail != nil {
			st.Tails++
			if err := put(TailName(l.h1, l.h2), l.tail); err != nil {
				return Stats{}, err
			}
			l.tail = nil
		}
		if l.count() >= opt.TopDF {
			todo = append(todo, l)
		}
	}
	st.Chunks = (len(docs) + opt.ChunkSize - 1) / opt.ChunkSize
	for c := range st.Chunks {
		data, err := writeChunk(docs[c*opt.ChunkSize : min((c+1)*opt.ChunkSize, len(docs))])
		if err != nil {
			return Stats{}, err
		}
		if err := put(ChunkName(c), data); err != nil {
			return Stats{}, err
		}
	}
	for len(todo) > 0 {
		batch := todo[:min(len(todo), topBatch)]
		todo = todo[len(batch):]
		if err := writeTops(batch, docs, opt); err != nil {
			return Stats{}, err
		}
		for _, l := range batch {
			st.Tops++
			st.TopBytes += int64(len(l.top))
			if err := put(TopName(l.h1, l.h2), l.top); err != nil {
				return Stats{}, err
			}
			l.top, l.topDocs = nil, nil
		}
	}
	slices.SortFunc(entries, func(a, b fileEntry) int { return strings.Compare(a.name, b.name) })
	meta, err := writeMeta(in, docs, opt, x.bits, versionOf(entries))
	if err != nil {
		return Stats{}, err
	}
	st.Bytes += int64(len(meta))
	return st, x.emit(File{Name: "meta.json", Data: meta})
}

// update brings the postings of the documents whose fields changed up to date, for documents
// numbered as before: a key the document no longer holds loses its posting, a new one gets one,
// a key held as many times as before keeps its posting, to be weighed again once the average
// length is known, since the document's length may have changed; the others get their new
// count. It returns the lists whose postings changed, those left empty (removed), by document
// whether anything a file shows of it changed, the documents whose fields changed and the
// postings to weigh again.
func (x *Builder) update(docs []doc) (dirty map[*plist]bool, gone []*plist, changed []bool, refields []uint32, again []recheck) {
	dirty = map[*plist]bool{}
	changed = make([]bool, len(docs))
	tf := map[[2]uint32]int{}
	var added []*plist
	for i := range docs {
		a, b := x.docs[i].Doc, docs[i].Doc
		fields := !sameFields(a.Fields, b.Fields)
		changed[i] = fields || a.Date != b.Date || a.Kicker != b.Kicker || a.Title != b.Title || !sameText(a.Text, b.Text)
		if !fields {
			continue
		}
		d := uint32(i)
		refields = append(refields, d)
		old, _ := tokenise(a.Fields, tf)
		was := make(map[[2]uint32]uint16, len(old))
		for _, p := range old {
			was[[2]uint32{p.h1, p.h2}] = tfCap(p.tf)
		}
		cur, dl := tokenise(b.Fields, tf)
		for _, p := range cur {
			k := [2]uint32{p.h1, p.h2}
			n := tfCap(p.tf)
			l := x.lists[k]
			before, held := was[k]
			delete(was, k)
			switch {
			case held && before == n:
				again = append(again, recheck{l, d})
				continue
			case held:
				j, _ := slices.BinarySearch(l.docs, d)
				l.tf[j] = n
			default:
				if l == nil {
					l = &plist{h1: p.h1, h2: p.h2}
					x.lists[k] = l
					added = append(added, l)
				}
				j, _ := slices.BinarySearch(l.docs, d)
				l.docs = slices.Insert(l.docs, j, d)
				l.tf = slices.Insert(l.tf, j, n)
				l.imp = slices.Insert(l.imp, j, 0)
			}
			dirty[l] = true
		}
		for k := range was {
			l := x.lists[k]
			j, _ := slices.BinarySearch(l.docs, d)
			l.docs = slices.Delete(l.docs, j, j+1)
			l.tf = slices.Delete(l.tf, j, j+1)
			l.imp = slices.Delete(l.imp, j, j+1)
			dirty[l] = true
		}
		x.dl[i] = dl
	}
	for l := range dirty {
		if len(l.docs) == 0 {
			gone = append(gone, l)
		}
	}
	for _, l := range gone {
		delete(x.lists, [2]uint32{l.h1, l.h2})
		delete(dirty, l)
		if i, ok := slices.BinarySearchFunc(x.keys, l, compareKeys); ok {
			x.keys = slices.Delete(x.keys, i, i+1)
		}
	}
	for _, l := range added {
		if len(l.docs) == 0 {
			continue
		}
		if i, ok := slices.BinarySearchFunc(x.keys, l, compareKeys); !ok {
			x.keys = slices.Insert(x.keys, i, l)
		}
	}
	return dirty, gone, changed, refields, again
}

// recheck is a posting of a document whose fields changed, with the same term count as before.
type recheck struct {
	l *plist
	d uint32
}

func compareKeys(a, b *plist) int { return cmp.Or(cmp.Compare(a.h1, b.h1), cmp.Compare(a.h2, b.h2)) }

// shardStart returns the position in x.keys of the first key of shard s (len(x.keys) past the
// last shard).
func (x *Builder) shardStart(s uint32) int {
	if s >= 1<<x.bits {
		return len(x.keys)
	}
	i, _ := slices.BinarySearchFunc(x.keys, s, func(l *plist, s uint32) int { return cmp.Compare(l.h1>>(32-x.bits), s) })
	return i
}

// sameURLs reports whether a and b number the same documents alike.
func sameURLs(a, b []doc) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].URL != b[i].URL {
			return false
		}
	}
	return true
}

// sameFields and sameText compare the fields and text of a document with the last build's: most
// are the very slices the caller kept (render.Cache shares an unchanged case's), found equal
// without a look at their strings.
func sameFields(a, b []Field) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) || slices.Equal(a, b)
}

func sameText(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) || slices.Equal(a, b)
}

// coarse rounds a positive average document length to 8 significant bits (a step of at most
// 1/256 of it). BM25 does not need it finer: an impact is quantised to 1…maxImpact, and a
// document length off by 0.4% of the average moves it by a fraction of a step. In exchange the
// average of thousands of documents stays the same when a few of them change, and with it every
// impact but those of the lists the changed documents are in (Builder).
func coarse(avg float64) float64 {
	frac, exp := math.Frexp(avg)
	return math.Ldexp(math.Round(math.Ldexp(frac, 8)), exp-8)
}

// parallelRange calls f on procs goroutines with parts of [0, n).
func parallelRange(procs, n int, f func(lo, hi int)) {
	parts := max(1, min(procs*4, n/1024))
	parallel(procs, parts, func(p int) { f(p*n/parts, (p+1)*n/parts) })
}
