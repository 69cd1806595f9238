package opendata

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"gongshi/generator/site"
	"gongshi/generator/site/sitetest"
)

// TestCacheComparesEveryField: the case files are made again when any field of a case's source
// differs, so a field added to caseSource must be compared by sameSource too.
func TestCacheComparesEveryField(t *testing.T) {
	s := "x"
	base := caseSource{meeting: &s}
	if !sameSource(base, base) {
		t.Fatal("a source differs from itself")
	}
	rt := reflect.TypeFor[caseSource]()
	for i := range rt.NumField() {
		other := base
		f := reflect.ValueOf(&other).Elem().Field(i)
		f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem() // unexported fields too
		switch {
		case f.Type() == reflect.TypeFor[time.Time]():
			f.Set(reflect.ValueOf(time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)))
		case f.Kind() == reflect.String:
			f.SetString("changed")
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.Kind() == reflect.Int:
			f.SetInt(1)
		case f.Kind() == reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		default:
			t.Fatalf("caseSource.%s: a %s; teach this test and sameSource to change and compare it", rt.Field(i).Name, f.Kind())
		}
		if sameSource(base, other) {
			t.Errorf("sameSource does not compare caseSource.%s", rt.Field(i).Name)
		}
	}
}

// TestCaseSourcesCoverRows changes every field of a case, of its community, category and
// meeting, one at a time: whenever the rows of the case files change, the sources must too (the
// Cache keys the files by them).
func TestCaseSourcesCoverRows(t *testing.T) {
	model := func() *site.Site {
		cm := &site.Community{Name: "C", Slug: "c", URL: "/communities/c/", Street: "S"}
		cat := &site.Category{Name: "K", Slug: "k", URL: "/categories/k/"}
		m := &site.Meeting{ID: "M1", Title: "T"}
		day := time.Date(2022, 8, 3, 0, 0, 0, 0, time.UTC)
		return &site.Site{Categories: []*site.Category{cat}, Cases: []*site.Case{
			{ID: "1", Community: cm, Category: cat, Received: day, Closed: day.AddDate(0, 0, 2), DaysToClose: 2, Summary: "s", Meeting: m},
			{ID: "2", Community: cm, Category: cat, Received: day, Subcategory: "sub", Method: "m", Status: "s", Channel: "c", Resolution: "r"},
		}}
	}
	rowsOf := func(s *site.Site) []caseRow {
		t.Helper()
		cs, err := caseOrder(s)
		if err != nil {
			t.Fatal(err)
		}
		rows := make([]caseRow, len(cs))
		for i, c := range cs {
			rows[i] = rowOf(c)
		}
		return rows
	}
	srcOf := func(s *site.Site) []caseSource {
		t.Helper()
		src, ok := caseSources(s)
		if !ok {
			t.Fatal("no sources")
		}
		return src
	}
	baseRows, baseSrc := rowsOf(model()), srcOf(model())
	if !slices.EqualFunc(baseSrc, srcOf(model()), sameSource) {
		t.Fatal("the sources of equal sites differ")
	}
	changed := 0
	sitetest.EachCaseField(model, 2, func(s *site.Site, i int, what string) {
		rows, src := rowsOf(s), srcOf(s)
		if got, want := sameSources(s, baseSrc), slices.EqualFunc(src, baseSrc, sameSource); got != want {
			t.Errorf("case %d: after a change of %s sameSources says %v, the sources compared %v", i, what, got, want)
		}
		if !reflect.DeepEqual(rows, baseRows) {
			changed++
			if slices.EqualFunc(src, baseSrc, sameSource) {
				t.Errorf("case %d: a change of %s changes the rows but not the sources", i, what)
			}
		}
	})
	for i := range 2 { // each case
		s := model()
		s.Cases[i].Meeting = map[bool]*site.Meeting{true: nil, false: {ID: "M1"}}[s.Cases[i].Meeting != nil]
		if reflect.DeepEqual(rowsOf(s), baseRows) || slices.EqualFunc(srcOf(s), baseSrc, sameSource) {
			t.Errorf("case %d: a meeting added or removed changes the rows %v, the sources %v", i,
				!reflect.DeepEqual(rowsOf(s), baseRows), !slices.EqualFunc(srcOf(s), baseSrc, sameSource))
		}
	}
	if changed < 10 {
		t.Errorf("only %d changes changed the rows: this test tests little", changed)
	}
}
