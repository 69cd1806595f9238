package stats

import (
	"math"
	"testing"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/privacy"
	"gongshi/generator/sdc"
)

func TestPercentileNearestRank(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, c := range []struct{ p, want float64 }{{50, 5}, {90, 9}, {100, 10}, {1, 1}} {
		if got := Percentile(v, c.p); got != c.want {
			t.Errorf("p%g = %g, want %g", c.p, got, c.want)
		}
	}
	if Percentile(nil, 50) != 0 {
		t.Error("empty input")
	}
}

func mk(n int, mod func(i int, c *privacy.Case)) []*privacy.Case {
	t0 := time.Date(2022, 8, 1, 8, 0, 0, 0, time.UTC)
	out := make([]*privacy.Case, n)
	for i := range out {
		c := &privacy.Case{ReceivedAt: t0, Channel: cases.Hotline, Method: cases.Direct, Status: cases.Resolved,
			ClosedAt: t0.Add(time.Duration(i+1) * 24 * time.Hour), Surveyed: true, Solved: cases.Yes,
			RespondedInTime: cases.Yes, Satisfaction: cases.Satisfied}
		if mod != nil {
			mod(i, c)
		}
		out[i] = c
	}
	return out
}

// figures computes the figures of cs without suppression, to test the definitions.
func figures(cs []*privacy.Case, _ bool) Figures {
	var c Counts
	for _, x := range cs {
		c.Add(x)
	}
	return c.figures(Options{K: 10, Weight: 0.9}, func(string) bool { return false })
}

// suppressed computes the figures of two communities, a (the cases of as) and b (30 plain
// cases), with suppression at k = 10, and returns community a's.
func suppressed(t *testing.T, as []*privacy.Case) Figures {
	t.Helper()
	whole := &area{key: "all", counts: &Counts{}, level: 0}
	a := &area{key: "community=a", counts: &Counts{}}
	b := &area{key: "community=b", counts: &Counts{}}
	for _, c := range as {
		a.counts.Add(c)
		whole.counts.Add(c)
	}
	for _, c := range mk(30, nil) {
		b.counts.Add(c)
		whole.counts.Add(c)
	}
	hidden, err := suppression("2022-08", nil, whole, [][]*area{{a, b}}, nil, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	return a.counts.figures(Options{K: 10, Weight: 0.9}, func(m string) bool { return hidden[sdc.CellID(a.key+"/"+m)] })
}

// TestRatesOverSurveyed checks the three rates' definitions: every denominator is the surveyed
// cases, and "basically satisfied" counts with the configured weight.
func TestRatesOverSurveyed(t *testing.T) {
	cs := mk(40, func(i int, c *privacy.Case) {
		switch {
		case i < 10: // not surveyed: out of every rate
			c.Surveyed, c.Solved, c.Satisfaction, c.RespondedInTime = false, cases.Unknown, "", cases.Unknown
		case i < 20:
			c.Satisfaction = cases.BasicallySatisfied
			c.Solved = cases.No
		}
	})
	f := figures(cs, false)
	if f.Surveyed.N != 30 || f.Received.N != 40 {
		t.Fatalf("surveyed %d received %d", f.Surveyed.N, f.Received.N)
	}
	if f.Resolution.Num != 20 || f.Resolution.Den != 30 {
		t.Errorf("resolution %g/%d, want 20/30", f.Resolution.Num, f.Resolution.Den)
	}
	if want := 20 + 0.9*10; f.Satisfaction.Num != want || f.Satisfaction.Den != 30 {
		t.Errorf("satisfaction %g/%d, want %g/30", f.Satisfaction.Num, f.Satisfaction.Den, want)
	}
	if f.StrictSatisfaction.Num != 20 {
		t.Errorf("strict satisfaction %g", f.StrictSatisfaction.Num)
	}
	if f.MedianDays.Value != 20 || f.P90Days.Value != 36 {
		t.Errorf("median %g p90 %g, want 20 and 36", f.MedianDays.Value, f.P90Days.Value)
	}
}

// TestSuppressesSmallCells checks that counts from 1 to k-1 are hidden with every rate built on
// them, that zero is shown, and that a rate is hidden when it gives away a small complement.
func TestSuppressesSmallCells(t *testing.T) {
	f := suppressed(t, mk(7, nil))
	if !f.Received.Hidden || !f.Resolution.Hidden || !f.Satisfaction.Hidden || !f.MedianDays.Hidden {
		t.Errorf("7 cases are not hidden: %+v", f)
	}
	f = suppressed(t, nil)
	if f.Received.Hidden || f.Received.N != 0 || !f.Resolution.None() {
		t.Error("zero must be shown as 0 and a rate over nothing as none")
	}
	// 30 surveyed, 27 solved: the 3 not solved could be computed from the rate.
	f = suppressed(t, mk(30, func(i int, c *privacy.Case) {
		if i < 3 {
			c.Solved = cases.No
		}
	}))
	if f.Received.Hidden || !f.Resolution.Hidden {
		t.Errorf("received hidden %v, resolution hidden %v: a rate that reveals a small complement is shown", f.Received.Hidden, f.Resolution.Hidden)
	}
	if f.Response.Hidden {
		t.Error("the response rate, with no small count behind it, is hidden")
	}
}

// TestClosureLeavesOutWithdrawn checks the closure rate: cases closed as resolved or unresolved
// over cases received less the withdrawn ones, whose withdrawal is no closing time either.
func TestClosureLeavesOutWithdrawn(t *testing.T) {
	f := figures(mk(40, func(i int, c *privacy.Case) {
		switch {
		case i < 5:
			c.Status = cases.Withdrawn
		case i < 15:
			c.Status, c.ClosedAt = cases.InProgress, time.Time{}
		case i < 25:
			c.Status = cases.Unresolved
		}
	}), true)
	if f.Closure.Num != 25 || f.Closure.Den != 35 {
		t.Errorf("closure %g/%d, want 25/35", f.Closure.Num, f.Closure.Den)
	}
	if f.Closed.N != 25 {
		t.Errorf("closed %d, want 25", f.Closed.N)
	}
}

// TestWilsonBounds checks the 95% Wilson interval on values computed by hand (issue 5): a rate
// in the middle, and the two ends, where the interval stays inside [0, 1] and is not empty.
func TestWilsonBounds(t *testing.T) {
	for _, c := range []struct {
		num       float64
		n         int
		low, high float64
	}{
		{80, 100, 0.7112, 0.8666},
		{24, 30, 0.6269, 0.9049},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
	} {
		low, high := Wilson(c.num, c.n, Z95)
		if math.Abs(low-c.low) > 5e-5 || math.Abs(high-c.high) > 5e-5 {
			t.Errorf("Wilson(%g, %d) = [%.4f, %.4f], want [%.4f, %.4f]", c.num, c.n, low, high, c.low, c.high)
		}
	}
}
