package search

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBuilderMatchesBuild edits a corpus step by step, the way a dev server's rebuilds see it
// (issue 7), and checks that each build of one Builder gives Build's files byte for byte, and
// that a file whose bytes did not change keeps its slice.
func TestBuilderMatchesBuild(t *testing.T) {
	for _, opt := range []Options{
		{HeadSize: 8, ChunkSize: 5, ShardBytes: 1024, TopDF: 3, TopRows: 4},
		{},
	} {
		t.Run(fmt.Sprintf("head%d", opt.HeadSize), func(t *testing.T) { builderSteps(t, opt) })
	}
}

func builderSteps(t *testing.T, opt Options) {
	in := testInput(300, 5)
	extra := testInput(700, 6).Docs[300:] // documents to add
	r := rand.New(rand.NewPCG(9, 9))
	bld := NewBuilder(opt)
	var prev []File
	clone := func(d Doc) Doc {
		d.Fields = slices.Clone(d.Fields)
		d.Text = slices.Clone(d.Text)
		return d
	}
	pick := func() int { return r.IntN(len(in.Docs)) }
	steps := []struct {
		name string
		do   func()
	}{
		{"nothing", func() {}},
		{"a title", func() {
			i := pick()
			d := clone(in.Docs[i])
			d.Title += "议事"
			d.Fields[1].Text = d.Title
			in.Docs[i] = d
		}},
		{"a new word", func() {
			i := pick()
			d := clone(in.Docs[i])
			d.Fields[2].Text += fmt.Sprintf("新词%d", r.IntN(1000))
			in.Docs[i] = d
		}},
		{"a body, searched and shown", func() {
			i := pick()
			d := clone(in.Docs[i])
			d.Fields[2].Text = "电梯 维修 电梯 维修 电梯。"
			d.Text = []string{d.Fields[2].Text}
			in.Docs[i] = d
		}},
		{"a word's last document", func() {
			i := pick()
			d := clone(in.Docs[i])
			d.Fields = d.Fields[:1]
			in.Docs[i] = d
		}},
		{"display data only", func() {
			i := pick()
			d := clone(in.Docs[i])
			d.Kicker += "·"
			in.Docs[i] = d
		}},
		{"a common word everywhere", func() {
			for i := range in.Docs {
				if i%3 == 0 {
					d := clone(in.Docs[i])
					d.Fields = append(d.Fields, Field{"公示", 1})
					in.Docs[i] = d
				}
			}
		}},
		{"a date that reorders", func() {
			i := pick()
			d := clone(in.Docs[i])
			d.Date = "1999-01"
			in.Docs[i] = d
		}},
		// The same documents, numbered otherwise: communities come in file order.
		{"communities in another order", func() {
			in.Communities = slices.Clone(in.Communities)
			slices.Reverse(in.Communities)
		}},
		{"a new document", func() { in.Docs, extra = append(in.Docs, extra[0]), extra[1:] }},
		{"a removed document", func() { in.Docs = slices.Delete(in.Docs, 7, 8) }},
		{"many new documents", func() { in.Docs, extra = append(in.Docs, extra[:320]...), extra[320:] }},
	}
	changedSome, bits, bitsChanged := false, 0, 0
	for round := range 3 {
		for _, st := range steps {
			if st.name == "many new documents" && round > 0 {
				continue
			}
			st.do()
			got, gst, err := bld.Build(in)
			if err != nil {
				t.Fatal(err)
			}
			want, wst, err := Build(in, opt)
			if err != nil {
				t.Fatal(err)
			}
			if gst != wst {
				t.Errorf("%s: stats %+v, want %+v", st.name, gst, wst)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d files, want %d", st.name, len(got), len(want))
			}
			old := map[string][]byte{}
			for _, f := range prev {
				old[f.Name] = f.Data
			}
			kept, same := 0, 0
			for i := range got {
				if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Fatalf("%s (round %d): %s differs from Build's %s", st.name, round, got[i].Name, want[i].Name)
				}
				if o, ok := old[got[i].Name]; ok && bytes.Equal(o, got[i].Data) {
					same++
					if &o[0] == &got[i].Data[0] {
						kept++
					}
				}
			}
			if prev == nil {
				prev = got
				continue
			}
			if st.name == "a title" && same-kept > 1 { // meta.json is made again every time
				t.Errorf("%s: %d files have the same bytes in a new slice", st.name, same-kept)
			}
			if (st.name == "a title" || st.name == "display data only") && kept < len(got)/2 {
				t.Errorf("%s: only %d of %d files kept their bytes", st.name, kept, len(got))
			}
			if gst.ShardBits != bits {
				bitsChanged++
			}
			bits = gst.ShardBits
			changedSome = changedSome || kept < len(got)
			prev = got
		}
		if round == 0 && prev == nil {
			t.Fatal("no build")
		}
	}
	if !changedSome {
		t.Fatal("no step changed a file")
	}
	if opt.ShardBytes != 0 && bitsChanged < 2 {
		t.Errorf("the number of shard bits changed %d times: the steps should change it once", bitsChanged-1)
	}
}

// coarse keeps the average length within 1/256 of itself, and still when a few documents of
// thousands change (a relative change of 1e-5), in all but a few hundredths of cases.
func TestCoarse(t *testing.T) {
	moved, n := 0, 0
	for x := 1.0; x < 5000; x *= 1.0007 {
		c := coarse(x)
		if math.Abs(c-x) > x/256 {
			t.Fatalf("coarse(%v) = %v: more than 1/256 off", x, c)
		}
		if coarse(c) != c {
			t.Fatalf("coarse(coarse(%v)) = %v, not %v", x, coarse(c), c)
		}
		if coarse(x*(1+1e-5)) != c {
			moved++
		}
		n++
	}
	if moved*100 > n {
		t.Errorf("a change of 1e-5 moved the rounded average %d times in %d", moved, n)
	}
}

// TestEncodeMatchesSplit holds encode's one pass to the plain way: sort the postings by impact
// (ties to the earlier document), take the head's worth, and write the head and the tail each
// in document order with appendNum.
func TestEncodeMatchesSplit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 2000 {
		n, head := r.IntN(80), 1+r.IntN(12)
		l := &plist{h1: r.Uint32(), h2: r.Uint32()}
		d := -1
		for range n {
			d += 1 + r.IntN([]int{3, 40, 2000}[r.IntN(3)])
			l.docs = append(l.docs, uint32(d))
			l.imp = append(l.imp, uint8(1+r.IntN([]int{2, maxImpact}[r.IntN(2)])))
		}
		pos := make([]int, n)
		for i := range pos {
			pos[i] = i
		}
		slices.SortStableFunc(pos, func(a, b int) int { return int(l.imp[b]) - int(l.imp[a]) })
		h, tl := pos[:min(head, n)], pos[min(head, n):]
		slices.Sort(h)
		slices.Sort(tl)
		tailMax := 0
		for _, i := range tl {
			tailMax = max(tailMax, int(l.imp[i]))
		}
		write := func(buf []byte, pos []int) []byte {
			prev := -1
			for _, i := range pos {
				buf = appendNum(buf, int(l.docs[i])-prev-1)
				buf = appendNum(buf, int(l.imp[i]))
				prev = int(l.docs[i])
			}
			return buf
		}
		want := append([]byte(`"`+fixed48(l.h1)+fixed48(l.h2)+`":"`), appendNum(appendNum(nil, n), tailMax)...)
		want = append(write(want, h), '"')
		var wantTail []byte
		if len(tl) > 0 {
			wantTail = append(write([]byte(`{"p":"`), tl), `"}`...)
		}
		entry, tail := l.encode(head)
		if !bytes.Equal(entry, want) || !bytes.Equal(tail, wantTail) {
			t.Fatalf("round %d (%d postings, head %d): encode gives\n%s\n%s\nwant\n%s\n%s", round, n, head, entry, tail, want, wantTail)
		}
	}
}

// TestPackUnpack checks Build's packed postings against what they were made of, with gaps of
// every uvarint length.
func TestPackUnpack(t *testing.T) {
	docs := []uint32{0, 1, 2, 130, 131, 16515, 16516, 2_113_000, 1<<31 + 5, math.MaxUint32}
	var l plist
	for i, d := range docs {
		l.pack(d, uint8(i%maxImpact+1))
	}
	if l.count() != len(docs) {
		t.Fatalf("count %d, want %d", l.count(), len(docs))
	}
	l.unpack()
	if !slices.Equal(l.docs, docs) || l.packed != nil {
		t.Fatalf("unpacked %v (packed %v), want %v", l.docs, l.packed, docs)
	}
	for i, v := range l.imp {
		if want := uint8(i%maxImpact + 1); v != want {
			t.Errorf("impact %d: %d, want %d", i, v, want)
		}
	}
}

// TestBuildToStopsAtEmitError checks that BuildTo hands each file over once and returns the
// first error of emit without making more files.
func TestBuildToStopsAtEmitError(t *testing.T) {
	in := testInput(300, 5)
	seen := map[string]bool{}
	st, err := BuildTo(in, Options{ChunkSize: 20}, func(f File) error {
		if seen[f.Name] {
			t.Errorf("%s emitted twice", f.Name)
		}
		seen[f.Name] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := st.Shards + st.Tails + st.Chunks + st.Tops + 1; len(seen) != want {
		t.Errorf("%d files emitted, the statistics count %d", len(seen), want)
	}
	boom := errors.New("disk full")
	n := 0
	if _, err := BuildTo(in, Options{ChunkSize: 20}, func(File) error {
		if n++; n == 3 {
			return boom
		}
		return nil
	}); !errors.Is(err, boom) || n != 3 {
		t.Errorf("err %v after %d files, want %v after 3", err, n, boom)
	}
}
