package opendata

import (
	"reflect"
	"testing"
)

// TestCacheComparesEveryField: the case files are made again when any field of a row differs,
// so a field added to caseRow must be compared by sameRow too.
func TestCacheComparesEveryField(t *testing.T) {
	s := "x"
	n := 1
	base := caseRow{Subcategory: &s, Method: &s, Closed: &s, DaysToClose: &n, Summary: &s, Resolution: &s, Meeting: &s}
	if !sameRow(base, base) {
		t.Fatal("a row differs from itself")
	}
	rt := reflect.TypeFor[caseRow]()
	for i := range rt.NumField() {
		other := base
		f := reflect.ValueOf(&other).Elem().Field(i)
		f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem() // unexported fields too
		switch f.Kind() {
		case reflect.String:
			f.SetString("changed")
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		default:
			t.Fatalf("caseRow.%s: a %s; teach this test and sameRow to change and compare it", rt.Field(i).Name, f.Kind())
		}
		if sameRow(base, other) {
			t.Errorf("sameRow does not compare caseRow.%s", rt.Field(i).Name)
		}
	}
}
