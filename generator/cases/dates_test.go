package cases

import (
	"strings"
	"testing"
	"time"

	"gongshi/generator/config"
)

func TestDates(t *testing.T) {
	sh := config.Location()
	ny, _ := time.LoadLocation("America/New_York")
	at := func(loc *time.Location, y, mo, d, h, mi, s, ns int) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, ns, loc)
	}
	lenient := &dates{loc: sh, hint: "H"}
	dmy := &dates{loc: sh, order: 'd', hint: "H"}
	mdy := &dates{loc: ny, order: 'm', hint: "H"}
	strict := &dates{loc: sh, strict: true}
	xlsx := &dates{loc: sh, strict: true, serial: true}
	for _, c := range []struct {
		d    *dates
		in   string
		want time.Time
		err  string // a part of the message
	}{
		{strict, "2022-08-17 08:34", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{strict, "2022-08-17T08:34:05", at(sh, 2022, 8, 17, 8, 34, 5, 0), ""},
		{strict, "2022-08-17 8:34", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{strict, "2022-8-17 08:34", time.Time{}, "write it as 2006-01-02 15:04"},
		{strict, "2022-08-17", time.Time{}, "bad date"},
		{strict, "2022-08-17 08:34+08:00", time.Time{}, "bad date"},
		{xlsx, "44790.356944444444", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{xlsx, "44790", at(sh, 2022, 8, 17, 0, 0, 0, 0), ""},
		{lenient, "2022/8/17 8:34", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{lenient, "2022.08.17", at(sh, 2022, 8, 17, 0, 0, 0, 0), ""},
		{lenient, "2022年8月17日", at(sh, 2022, 8, 17, 0, 0, 0, 0), ""},
		{lenient, "2022年8月17日8时5分3秒", at(sh, 2022, 8, 17, 8, 5, 3, 0), ""},
		{lenient, "2022年08月17日 08:34", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{lenient, "20220817", at(sh, 2022, 8, 17, 0, 0, 0, 0), ""},
		{lenient, "2022-08-17T08:34:05.5+08:00", at(sh, 2022, 8, 17, 8, 34, 5, 5e8), ""},
		{lenient, "2022-08-17T00:34:05Z", at(sh, 2022, 8, 17, 8, 34, 5, 0), ""},
		{lenient, "2014-07-12T10:58:43-05:00", at(sh, 2014, 7, 12, 23, 58, 43, 0), ""},
		{lenient, "2022-08-17 08:34 +0800", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{lenient, "2022/8/17 下午3:05", at(sh, 2022, 8, 17, 15, 5, 0, 0), ""},
		{lenient, "2022/8/17 上午12:05", at(sh, 2022, 8, 17, 0, 5, 0, 0), ""},
		{lenient, "2022-02-29", time.Time{}, "no such day"},
		{lenient, "2024-02-29 23:59:59", at(sh, 2024, 2, 29, 23, 59, 59, 0), ""},
		{lenient, "2022-08-17 24:00", time.Time{}, "no such day"},
		{lenient, "01/02/2022", time.Time{}, "ambiguous date"},
		{lenient, "1/2/22", time.Time{}, "two-digit year"},
		{lenient, "44790.5", time.Time{}, "Excel serial"},
		{lenient, "2022-08", time.Time{}, "bad date"},
		{lenient, "2022", time.Time{}, "bad date"},
		{lenient, "", time.Time{}, "bad date"},
		{lenient, "2022/8/17 08:34 PM", at(sh, 2022, 8, 17, 20, 34, 0, 0), ""},
		{lenient, "2022/8/17 20:34 PM", time.Time{}, "no such day"},
		{dmy, "17/08/2022 08:34", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{dmy, "17.8.2022", at(sh, 2022, 8, 17, 0, 0, 0, 0), ""},
		{dmy, "2022-08-17 08:34", at(sh, 2022, 8, 17, 8, 34, 0, 0), ""},
		{mdy, "08/17/2022 08:34:12 PM", at(ny, 2022, 8, 17, 20, 34, 12, 0), ""},
		{mdy, "8/17/2022 12:00 AM", at(ny, 2022, 8, 17, 0, 0, 0, 0), ""},
		{mdy, "17/08/2022", time.Time{}, "no such day"},
	} {
		got, err := c.d.parse([]byte(c.in))
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.msg, c.err)):
			t.Errorf("%q: got %v, %v; want an error with %q", c.in, got, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%q: %s", c.in, err.msg)
		case c.err == "" && (!got.Equal(c.want) || got.Location() != c.want.Location()):
			t.Errorf("%q: got %v, want %v", c.in, got, c.want)
		}
	}
}

func TestDateLayouts(t *testing.T) {
	sh := config.Location()
	d := &dates{loc: sh, layouts: []string{"Jan 2 2006 15h04", "excel"}, serial: true}
	got, err := d.parse([]byte("Aug 17 2022 08h34"))
	if err != nil || !got.Equal(time.Date(2022, 8, 17, 8, 34, 0, 0, sh)) {
		t.Errorf("layout: %v %v", got, err)
	}
	got, err = d.parse([]byte("44790.5"))
	if err != nil || !got.Equal(time.Date(2022, 8, 17, 12, 0, 0, 0, sh)) {
		t.Errorf("excel: %v %v", got, err)
	}
}

// TestCanonicalDatesAsGo checks that the canonical layout reads what time.ParseInLocation
// read with the layouts the loader used before.
func TestCanonicalDatesAsGo(t *testing.T) {
	sh := config.Location()
	d := &dates{loc: sh, strict: true}
	for _, s := range []string{"2022-08-17 08:34", "2022-08-17 8:34", "2022-08-17T08:34:59", "2022-08-17 08:34:05.123",
		"2022-08-17 08:60", "2022-13-01 08:00", "2022-08-17 08:4", "2022-08-17  08:34", "2022-08-17 08:34:5", "2022-08-17T 08:34", "2022-08-17 08:34:05,5", "2022-02-29 00:00"} {
		var want time.Time
		var wantErr error = errNoLayout
		for _, l := range []string{dateLayout, "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
			if t, err := time.ParseInLocation(l, s, sh); err == nil {
				want, wantErr = t, nil
				break
			}
		}
		got, err := d.parse([]byte(s))
		if (err != nil) != (wantErr != nil) || err == nil && !got.Equal(want) {
			t.Errorf("%q: got %v %v, Go reads %v %v", s, got, err, want, wantErr)
		}
	}
}

var errNoLayout = &time.ParseError{}
