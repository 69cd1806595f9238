// Package sitetest helps the tests of the packages that read a site.Site: it changes the fields
// of a view model one at a time, so that a test can check that a cache keyed by what a case is
// made of sees every change that alters its output.
package sitetest

import (
	"reflect"
	"time"

	"gongshi/generator/site"
)

// EachCaseField calls fn once for every field of each of the first n cases of a site, of its
// community, its category and its meeting: each time on a new site from model, with that one
// field changed (a string gets a letter more, a number one more, a bool its opposite, a time
// four months later; fields of other kinds are skipped, as are nil communities, categories and
// meetings). what names the field, such as "Meeting.Title"; i is the case.
func EachCaseField(model func() *site.Site, n int, fn func(s *site.Site, i int, what string)) {
	for i := range n {
		for _, path := range []string{"", "Community", "Category", "Meeting"} {
			rt := reflect.TypeFor[site.Case]()
			if path != "" {
				f, _ := rt.FieldByName(path)
				rt = f.Type.Elem()
			}
			for k := range rt.NumField() {
				s := model()
				v := reflect.ValueOf(s.Cases[i]).Elem()
				if path != "" {
					if v = v.FieldByName(path); v.IsNil() {
						continue
					}
					v = v.Elem()
				}
				if change(v.Field(k)) {
					fn(s, i, path+"."+rt.Field(k).Name)
				}
			}
		}
	}
}

// change sets a field, exported or not, to another value, and reports whether it could.
func change(v reflect.Value) bool {
	v = reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem() // unexported fields too
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(v.Interface().(time.Time).AddDate(0, 4, 0)))
	case v.Kind() == reflect.String:
		v.SetString(v.String() + "x")
	case v.Kind() == reflect.Bool:
		v.SetBool(!v.Bool())
	case v.Kind() >= reflect.Int && v.Kind() <= reflect.Int64:
		v.SetInt(v.Int() + 1)
	case v.Kind() == reflect.Float64:
		v.SetFloat(v.Float() + 1)
	default:
		return false
	}
	return true
}
