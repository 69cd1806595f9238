package stats

import (
	"math"
	"sort"
)

// Rankings of communities by the three rates (issue 5). A community is ranked by a rate only
// when the rate's denominator is published and holds at least n_min cases (site.toml [stats]
// n_min): surveyed cases for the response and resolution rates, surveyed cases with a
// satisfaction answer for the satisfaction rate. Below that it is "too few to rank": a rate over
// a handful of cases says more about chance than about a community. A community whose rate or
// denominator is suppressed is not ranked either, and nothing is said about its count: ranking
// it, or calling it too few, would tell whether a hidden count is below n_min.
//
// Each ranked rate carries its 95% Wilson score interval, so that a reader sees which
// differences chance alone could make. Ranks are by the rate, highest first; equal rates share
// a rank ("1, 2, 2, 4").

// Z95 is the standard normal quantile of a two-sided 95% interval.
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval of the proportion num/n at the normal quantile z,
// as fractions from 0 to 1; n = 0 gives 0, 1 (nothing is known). num may be fractional (the
// weighted satisfaction rate): the interval is then that of the proportion num/n.
func Wilson(num float64, n int, z float64) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	nf := float64(n)
	p := num / nf
	z2 := z * z
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half)
}

// Standing says whether a community is ranked by a rate.
type Standing string

// Standings of a community in a ranking.
const (
	Ranked     Standing = "ranked"
	TooFew     Standing = "too_few"    // the denominator is published and below n_min
	Suppressed Standing = "suppressed" // the rate or its denominator is hidden
)

// RankRow is one community in a ranking.
type RankRow struct {
	Key       string // community slug
	Index     int    // the community's index in site.toml order (ByCommunity)
	Rate      Rate
	Standing  Standing
	Rank      int     // 1 for the highest rate; 0 when not ranked
	Low, High float64 // the 95% Wilson interval of the rate, fractions; set when ranked
}

// Ranking is the ranking of the communities by one rate.
type Ranking struct {
	Def  string // response_rate, resolution_rate or satisfaction_rate
	NMin int
	// Rows are the ranked communities by rank (ties in site.toml order), then those too few to
	// rank, then the suppressed ones, each group in site.toml order.
	Rows []RankRow
}

// RankedDefs are the rates communities are ranked by, in the order of the pages.
var RankedDefs = []string{"response_rate", "resolution_rate", "satisfaction_rate"}

// RateOf returns the rate def of f.
func RateOf(f Figures, def string) Rate {
	switch def {
	case "response_rate":
		return f.Response
	case "resolution_rate":
		return f.Resolution
	case "satisfaction_rate":
		return f.Satisfaction
	}
	panic("stats: no ranking by " + def)
}

// Rank ranks the communities (rows, as ByCommunity) by the rate def, from their published
// (suppressed) figures only. A rate is hidden whenever its denominator is (Counts.figures), so
// the rate's own flag says both.
func Rank(rows []Row, def string, nMin int) Ranking {
	r := Ranking{Def: def, NMin: nMin}
	var ranked, few, hidden []RankRow
	for i, row := range rows {
		x := RankRow{Key: row.Key, Index: i, Rate: RateOf(row.Figures, def)}
		switch {
		case x.Rate.Hidden:
			x.Standing = Suppressed
			hidden = append(hidden, x)
		case x.Rate.Den < nMin:
			x.Standing = TooFew
			few = append(few, x)
		default:
			x.Standing = Ranked
			x.Low, x.High = Wilson(x.Rate.Num, x.Rate.Den, Z95)
			ranked = append(ranked, x)
		}
	}
	// Compare num/den exactly enough: cross-multiplied, rounded to the 4 decimals of the
	// weighted numerator, so that 27/30 and 54/60 tie.
	cmp := func(a, b Rate) int {
		l := math.Round(a.Num*float64(b.Den)*1e4) - math.Round(b.Num*float64(a.Den)*1e4)
		switch {
		case l > 0:
			return 1
		case l < 0:
			return -1
		}
		return 0
	}
	sort.SliceStable(ranked, func(i, j int) bool { return cmp(ranked[i].Rate, ranked[j].Rate) > 0 })
	for i := range ranked {
		ranked[i].Rank = i + 1
		if i > 0 && cmp(ranked[i].Rate, ranked[i-1].Rate) == 0 {
			ranked[i].Rank = ranked[i-1].Rank
		}
	}
	r.Rows = append(append(append(r.Rows, ranked...), few...), hidden...)
	return r
}
