package stats

import (
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

// TestWindowLinkedToAllTime: when every case falls in the 12-month window, the window's counts
// and the all-time counts are the same numbers, published twice. Here the all-time counts must
// hide a complement for community a's small counts (community b is a district figure, never
// hidden), so the window's same counts must be hidden too, or they give a's away.
func TestWindowLinkedToAllTime(t *testing.T) {
	build := func() (whole, head *area, parts []*area) {
		whole = &area{key: "all", counts: &Counts{}, level: sdc.Street}
		head = &area{key: "window", counts: &Counts{}, level: sdc.Street}
		a := &area{key: "community=a", counts: &Counts{}, level: sdc.Community}
		b := &area{key: "community=b", counts: &Counts{}, level: sdc.District}
		add := func(x *area, cs []*privacy.Case) {
			for _, c := range cs {
				x.counts.Add(c)
				whole.counts.Add(c)
				head.counts.Add(c)
			}
		}
		add(a, mk(4, func(i int, c *privacy.Case) {
			if i == 0 {
				c.Status, c.ClosedAt = cases.InProgress, time.Time{} // one case still open
			}
		}))
		add(b, mk(40, nil))
		return whole, head, []*area{a, b}
	}
	leaks := func(hidden sdc.Set) []string {
		var out []string
		for _, m := range measures {
			if hidden[sdc.CellID("all/"+m)] && !hidden[sdc.CellID("window/"+m)] {
				out = append(out, m)
			}
		}
		return out
	}
	whole, head, parts := build()
	plain, err := suppression("2022-08", nil, whole, [][]*area{parts}, []*area{head}, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(leaks(plain)) == 0 {
		t.Fatal("without the link no all-time count is hidden beside its window count: the test shows nothing")
	}
	whole, head, parts = build()
	linked, err := suppression("2022-08", nil, whole, [][]*area{parts}, []*area{head}, nil, 10, windowLinks(head, whole)...)
	if err != nil {
		t.Fatal(err)
	}
	if l := leaks(linked); len(l) > 0 {
		t.Errorf("all-time %v hidden, the same counts of the window published", l)
	}
	other := &area{key: "window", counts: &Counts{Received: whole.counts.Received - 1}}
	if windowLinks(other, whole) != nil {
		t.Error("a window without every case is linked to the all-time counts")
	}
}
