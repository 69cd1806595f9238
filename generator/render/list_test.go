package render

import (
	"slices"
	"testing"
)

// TestListClosesUpLanguages: list, which lists each language into its own stretch of one slice
// and closes them up, lists what listLang lists of each language in turn, and listSize leaves
// room for every page of a language.
func TestListClosesUpLanguages(t *testing.T) {
	th := lazyTheme(t)
	s := lazyModel(th)
	var want []Job
	for _, l := range th.Langs() {
		part := listLang(s, th, l, nil)
		if len(part) > listSize(s) {
			t.Errorf("%s: %d pages, listSize %d", l.Tag, len(part), listSize(s))
		}
		want = append(want, part...)
	}
	if len(th.Langs()) < 2 || len(want) == 0 {
		t.Fatalf("%d languages, %d pages: this test tests nothing", len(th.Langs()), len(want))
	}
	got := list(s, th)
	same := func(a, b Job) bool { return a.Path() == b.Path() && a.Template() == b.Template() }
	if !slices.EqualFunc(got, want, same) {
		t.Errorf("list gives %d pages, the languages in turn %d, or in another order", len(got), len(want))
	}
}
