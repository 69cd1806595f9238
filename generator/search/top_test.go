package search

import (
	"fmt"
	"strings"
	"testing"
)

// TestTopFiles checks the top files against Reader: for every token of the corpus in at least
// TopDF documents, the top file holds the first TopRows results of a query of that token alone,
// in order, with their display data and, of the text, the paragraph that holds the token, as
// the display file has it; rarer tokens have none.
func TestTopFiles(t *testing.T) {
	in := testInput(800, 3)
	opt := Options{HeadSize: 20, TopDF: 3, TopRows: 5}
	files, st, err := Build(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	if m := r.Meta(); m.Top != 3 || m.Rows != 5 {
		t.Fatalf("meta.json: top %d rows %d", m.Top, m.Rows)
	}
	seen := map[string]bool{}
	checked, none := 0, 0
	for _, d := range in.Docs {
		for _, f := range d.Fields {
			for _, tok := range Tokens(f.Text, Index) {
				if seen[tok] || len(Tokens(tok, Query)) != 1 {
					continue
				}
				seen[tok] = true
				docs, shown, err := r.Top(tok)
				if err != nil {
					t.Fatal(err)
				}
				ds, _, err := r.Postings(tok)
				if err != nil {
					t.Fatal(err)
				}
				if len(ds) < opt.TopDF {
					if docs != nil {
						t.Errorf("%q in %d documents has a top file", tok, len(ds))
					}
					none++
					continue
				}
				res, err := r.Search(tok, Filter{}, opt.TopRows)
				if err != nil {
					t.Fatal(err)
				}
				var want []int
				for _, h := range res.Hits {
					want = append(want, h.Doc)
				}
				if fmt.Sprint(docs) != fmt.Sprint(want) {
					t.Errorf("%q: top file %v, Reader's first results %v", tok, docs, want)
					continue
				}
				for i, n := range docs {
					s, err := r.Show(n)
					if err != nil {
						t.Fatal(err)
					}
					x := shown[i]
					if x.URL != s.URL || x.Title != s.Title || x.Kicker != s.Kicker || x.Date != s.Date || len(x.Text) != min(1, len(s.Text)) {
						t.Errorf("%q: the top file shows document %d as %+v, the display file as %+v", tok, n, x, s)
						continue
					}
					if len(x.Text) == 0 {
						continue
					}
					holds, in := false, false
					for _, p := range s.Text {
						in = in || p == x.Text[0]
						holds = holds || strings.Contains(strings.ToLower(p), tok)
					}
					if !in || holds && !strings.Contains(strings.ToLower(x.Text[0]), tok) {
						t.Errorf("%q: document %d's paragraph %q is not its paragraph that holds the token, of %q", tok, n, x.Text[0], s.Text)
					}
				}
				checked++
			}
		}
	}
	if checked < 100 || none == 0 || st.Tops < checked {
		t.Errorf("%d tokens with a top file checked, %d without; %d top files", checked, none, st.Tops)
	}
	t.Logf("%d top files (%d KiB), %d tokens checked, %d rarer", st.Tops, st.TopBytes>>10, checked, none)
}
