package search

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// BM25 parameters; impacts are quantised to 1…maxImpact.
const (
	k1        = 1.2
	b         = 0.75
	maxImpact = 23
	batchDocs = 4096 // documents tokenised at a time, to bound memory
)

// plist is the postings of one key, in document order, with what was encoded of them.
type plist struct {
	h1, h2 uint32
	docs   []uint32
	tf     []uint16 // weighted term counts, capped
	imp    []uint8

	// Build's lists (see invert's weigh) are packed while the index is inverted: each posting
	// the gap from the document before (document − last − 1) as a uvarint, then its impact;
	// unpack makes docs and imp of them just before the list is encoded, drop lets go of them.
	packed []byte
	last   uint32 // the last document packed
	df     int    // the number of postings, while they are packed or once dropped

	entry   []byte   // the key's entry in its shard: "KEY":"…"
	tail    []byte   // its tail file, nil for none
	top     []byte   // its top file, nil for none
	topDocs []uint32 // the documents of top, in its order
}

// count is the number of postings of l.
func (l *plist) count() int { return max(len(l.docs), l.df) }

// pack appends the posting (d, imp) to l's packed postings; d is above every document before.
func (l *plist) pack(d uint32, imp uint8) {
	gap := d
	if l.df > 0 {
		gap = d - l.last - 1
	}
	l.packed = append(binary.AppendUvarint(l.packed, uint64(gap)), imp)
	l.last = d
	l.df++
}

// unpack makes docs and imp of l's packed postings, and lets go of them.
func (l *plist) unpack() {
	l.docs, l.imp = make([]uint32, 0, l.df), make([]uint8, 0, l.df)
	d := -1
	for p := l.packed; len(p) > 0; {
		gap, n := binary.Uvarint(p)
		d += int(gap) + 1
		l.docs, l.imp = append(l.docs, uint32(d)), append(l.imp, p[n])
		p = p[n+1:]
	}
	l.packed = nil
}

// drop lets go of the postings of l once they are encoded, for Build, which encodes every list
// once: a million cases make more postings than encoded bytes. It keeps what the top files and
// the statistics read of them.
func (l *plist) drop(opt Options) {
	if len(l.docs) >= opt.TopDF {
		l.topDocs = topDocs(l, opt.TopRows)
	}
	l.df = len(l.docs)
	l.docs, l.imp = nil, nil
}

// inverted is the whole inverted index before encoding: postings without impacts.
type inverted struct {
	lists []*plist  // in key order
	dl    []float64 // weighted length of every document
	avg   float64   // their average (average), when weighed
}

type posting struct {
	h1, h2 uint32
	tf     int
}

// invert tokenises every document's fields and collects the postings of every key, without
// their impacts (see Builder.Build). Batches of documents are tokenised in parallel, then
// merged by partitions of the key space, each partition by one goroutine, in document order.
//
// With weigh (Build), the postings are packed with their impacts instead of their term counts
// (plist.pack): the lengths of the documents, and so their average, are worked out first, in a
// pass of their own. That costs a second reading of the text, but a posting then takes about 2
// bytes instead of 6 while the index is made (a million cases make over a hundred million).
func invert(docs []doc, weigh bool) *inverted {
	procs := runtime.GOMAXPROCS(0)
	inv := &inverted{dl: make([]float64, len(docs))}
	if weigh {
		parallelRange(procs, len(docs), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				inv.dl[i] = docLength(docs[i].Fields)
			}
		})
		inv.avg = average(inv.dl)
	}
	parts := make([]map[[2]uint32]*plist, procs)
	for i := range parts {
		parts[i] = map[[2]uint32]*plist{}
	}
	per := make([][]posting, batchDocs)
	scratch := sync.Pool{New: func() any { return make(map[[2]uint32]int, 512) }}
	for lo := 0; lo < len(docs); lo += batchDocs {
		hi := min(lo+batchDocs, len(docs))
		parallel(procs, hi-lo, func(i int) {
			tf := scratch.Get().(map[[2]uint32]int)
			per[i], inv.dl[lo+i] = tokenise(docs[lo+i].Fields, tf)
			scratch.Put(tf)
		})
		parallel(procs, procs, func(p int) {
			m := parts[p]
			for i := 0; i < hi-lo; i++ {
				for _, t := range per[i] {
					if int(t.h1%uint32(procs)) != p {
						continue
					}
					l := m[[2]uint32{t.h1, t.h2}]
					if l == nil {
						l = &plist{h1: t.h1, h2: t.h2}
						m[[2]uint32{t.h1, t.h2}] = l
					}
					if weigh {
						l.pack(uint32(lo+i), impact(float64(tfCap(t.tf)), inv.dl[lo+i], inv.avg))
					} else {
						l.docs = append(l.docs, uint32(lo+i))
						l.tf = append(l.tf, tfCap(t.tf))
					}
				}
			}
		})
	}
	for _, m := range parts {
		for _, l := range m {
			inv.lists = append(inv.lists, l)
		}
	}
	slices.SortFunc(inv.lists, func(a, b *plist) int {
		return cmp.Or(cmp.Compare(a.h1, b.h1), cmp.Compare(a.h2, b.h2))
	})
	return inv
}

// tfCap is a term count as a list keeps it.
func tfCap(tf int) uint16 { return uint16(min(tf, math.MaxUint16)) }

// docLength is the weighted length of a document's fields, as tokenise returns it.
func docLength(fields []Field) float64 {
	var dl float64
	for _, f := range fields {
		w := max(f.Weight, 1)
		eachToken(f.Text, Index, func([]byte) { dl += float64(w) })
	}
	return dl
}

// average is the average document length that impacts are weighed with: the mean of dl,
// rounded by coarse.
func average(dl []float64) float64 {
	var avg float64
	for _, l := range dl {
		avg += l
	}
	if len(dl) > 0 {
		avg = coarse(avg / float64(len(dl)))
	}
	return avg
}

// tokenise returns the distinct keys of a document's fields with their weighted counts, and the
// document's weighted length. Two tokens with one key (a 64-bit collision) count as one.
func tokenise(fields []Field, tf map[[2]uint32]int) ([]posting, float64) {
	clear(tf)
	var dl float64
	for _, f := range fields {
		w := max(f.Weight, 1)
		eachToken(f.Text, Index, func(tok []byte) {
			h1, h2 := hashBytes(tok)
			tf[[2]uint32{h1, h2}] += w
			dl += float64(w)
		})
	}
	out := make([]posting, 0, len(tf))
	for k, n := range tf {
		out = append(out, posting{k[0], k[1], n})
	}
	return out, dl
}

// impact is BM25's term weight without the idf, scaled to 1…maxImpact.
func impact(tf, dl, avg float64) uint8 {
	norm := 1.0
	if avg > 0 {
		norm = 1 - b + b*dl/avg
	}
	w := tf * (k1 + 1) / (tf + k1*norm) / (k1 + 1) // 0…1
	return uint8(math.Round(w*(maxImpact-1))) + 1
}

// shardBits is the number of bits of a shard number: enough for shards of about
// opt.ShardBytes on average, at most 20.
func shardBits(lists []*plist, opt Options) int {
	var est int
	for _, l := range lists {
		est += 22 + 3*min(l.count(), opt.HeadSize)
	}
	bits := 1
	for bits < 20 && est>>bits > opt.ShardBytes {
		bits++
	}
	return bits
}

// encode returns l's entry in its shard, and its tail file (nil when it has no tail). An
// entry is the key, df, tailmax and the head: the head highest impacts, ties to the earlier
// document; the tail holds the other postings. Both are in document order, written in one pass.
func (l *plist) encode(head int) (entry, tail []byte) {
	n := len(l.docs)
	// Impacts above cut are all in the head, and the first `left` postings of impact cut.
	cut, left, tailMax := 0, n, 0
	if n > head {
		var count [maxImpact + 1]int
		for _, v := range l.imp {
			count[v]++
		}
		cut, left = maxImpact, head
		for ; cut > 0 && count[cut] < left; cut-- {
			left -= count[cut]
		}
		if count[cut] > left {
			tailMax = cut
		} else {
			for tailMax = cut - 1; tailMax > 0 && count[tailMax] == 0; tailMax-- {
			}
		}
	}
	buf := make([]byte, 0, 20+3*min(n, head))
	buf = append(buf, '"')
	buf = append(buf, fixed48(l.h1)+fixed48(l.h2)...)
	buf = append(buf, `":"`...)
	buf = appendNum(buf, n)
	buf = appendNum(buf, tailMax)
	if n > head {
		tail = append(make([]byte, 0, 10+3*(n-head)), `{"p":"`...)
	}
	hp, tp := -1, -1 // the last document of the head, of the tail
	for i, d := range l.docs {
		switch v := int(l.imp[i]); {
		case v > cut, v == cut && left > 0:
			if v == cut {
				left--
			}
			buf = appendPosting(buf, int(d)-hp-1, v)
			hp = int(d)
		default:
			tail = appendPosting(tail, int(d)-tp-1, v)
			tp = int(d)
		}
	}
	buf = append(buf, '"')
	if tail != nil {
		tail = append(tail, `"}`...)
	}
	return buf, tail
}

// shard encodes the shard of the entries of lists.
func shard(lists []*plist) []byte {
	n := 3
	for _, l := range lists {
		n += len(l.entry) + 1
	}
	buf := make([]byte, 0, n)
	buf = append(buf, '{')
	for i, l := range lists {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, l.entry...)
	}
	return append(buf, "}\n"...)
}

// appendPosting appends a posting: the gap from the last document (document − last − 1) and
// the impact, as appendNum does, the common short numbers at once: most gaps and every impact
// are one digit.
func appendPosting(buf []byte, gap, imp int) []byte {
	switch {
	case gap < radix:
		buf = append(buf, finals[gap])
	case gap < radix*radix:
		buf = append(buf, leads[gap/radix], finals[gap%radix])
	default:
		buf = appendNum(buf, gap)
	}
	if imp < radix {
		return append(buf, finals[imp])
	}
	return appendNum(buf, imp)
}

// ShardName is the file of shard s of 2^bits.
func ShardName(s uint32, bits int) string {
	return fmt.Sprintf("s/%0*x.json", (bits+3)/4, s)
}

// TailName is the file of the tail of the key (h1, h2).
func TailName(h1, h2 uint32) string {
	return fmt.Sprintf("t/%08x%08x.json", h1, h2)
}

// parallel calls f(0…n−1) on procs goroutines.
func parallel(procs, n int, f func(int)) {
	var wg sync.WaitGroup
	next := make(chan int, procs)
	for p := 0; p < min(procs, n); p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
