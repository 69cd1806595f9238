package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"
)

// The meeting schedule: which meetings were held (or are announced) in which hall and when.
// It is planned before any case is generated; cases handled through a meeting are then
// attached to a held meeting of their community while the cases stream by.

type kind int

const (
	kindBuilding kind = iota
	kindGrid
	kindJoint
	kindOnsite
	kindParties
	kindCloud
	numKinds
)

var kindIDs = [numKinds]string{"building_meeting", "grid_meeting", "joint_meeting", "onsite_meeting", "parties_meeting", "cloud_meeting"}

// handlesCases reports whether cases may name meetings of kind k as their method.
func (k kind) handlesCases() bool { return k >= kindJoint }

// lead is the least time between receiving a case and a meeting of each kind about it.
var lead = [numKinds]time.Duration{kindJoint: 48 * time.Hour, kindOnsite: 12 * time.Hour, kindParties: 24 * time.Hour, kindCloud: 2 * time.Hour}

type meeting struct {
	id         string
	hall       int
	kind       kind
	start, end time.Time
	status     string // held scheduled cancelled postponed
	sub        int    // topic as a flat subcategory index; replaced by the cases' commonest
	theme      int    // grid meetings: index into gridThemes; -1 otherwise
	cases      []int64
	subCount   []int32
}

type schedule struct {
	meetings []*meeting   // by start, then hall, then kind
	byCom    [][]*meeting // held meetings that handle cases, per community, by start
}

type planner struct {
	r     *rand.Rand
	s     float64
	comW  []float64 // community weights for meetings (flatter than case volume)
	topic []float64 // weights of flat subcategories for case-handling meetings
	bldg  []float64 // weights of flat subcategories for building meetings
	out   []*meeting
	busy  map[hallDay][]*meeting // meetings planned per hall and day
}

type hallDay struct{ hall, day int }

func planMeetings(seed int64, s float64) *schedule {
	p := &planner{r: newRand(seed, streamMeetings), s: s, busy: map[hallDay][]*meeting{}}
	for _, c := range communities {
		p.comW = append(p.comW, math.Pow(c.weight, 0.7))
	}
	for _, c := range categories {
		for range c.subs {
			p.topic = append(p.topic, c.weight*c.meet/float64(len(c.subs)))
			b := 0.0
			if c.fam == famProperty || c.fam == famEnvironment || c.fam == famNeighbour || c.fam == famSafety || c.slug == "parking" {
				b = c.weight / float64(len(c.subs))
			}
			p.bldg = append(p.bldg, b)
		}
	}
	// Orders of magnitude of the reference article, for one street: about 40 joint meetings
	// in 2021 and 12 in the first half of 2022; parties meetings since March 2022; cloud
	// meetings the most common kind.
	p.spread(kindJoint, date(2021, 1, 4), date(2021, 12, 31), 40)
	p.spread(kindJoint, date(2022, 1, 4), date(2022, 6, 30), 12)
	p.spread(kindJoint, date(2022, 7, 1), lastDay, 4)
	p.spread(kindParties, date(2022, 3, 1), lastDay, 30)
	p.spread(kindOnsite, firstDay, lastDay, 32)
	p.spread(kindCloud, firstDay, date(2021, 12, 31), 28)
	p.spread(kindCloud, date(2022, 1, 1), lastDay, 48)
	p.spread(kindBuilding, firstDay, lastDay, 40)
	p.gridMeetings()
	p.notices()

	ms := p.out
	slices.SortStableFunc(ms, func(a, b *meeting) int {
		return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.hall, b.hall), cmp.Compare(a.kind, b.kind))
	})
	seen := make(map[string]int)
	sc := &schedule{meetings: ms, byCom: make([][]*meeting, len(communities))}
	for _, m := range ms {
		h := halls[m.hall]
		base := fmt.Sprintf("M-%04d-%02d%02d-%s", m.start.Year(), int(m.start.Month()), m.start.Day(), h.slug)
		seen[base]++
		m.id = base
		if n := seen[base]; n > 1 {
			m.id = fmt.Sprintf("%s-%d", base, n)
		}
		if m.kind.handlesCases() && m.status == "held" {
			c := communityIndex(h.community)
			sc.byCom[c] = append(sc.byCom[c], m)
		}
	}
	return sc
}

// spread adds round(n·s) meetings of kind k on days drawn from [from, to].
func (p *planner) spread(k kind, from, to time.Time, n float64) {
	count := max(1, int(math.Round(n*p.s)))
	days := int(to.Sub(from)/(24*time.Hour)) + 1
	for range count {
		day := from.AddDate(0, 0, p.r.IntN(days))
		if k != kindCloud && k != kindBuilding {
			switch day.Weekday() { // office meetings on working days
			case time.Saturday:
				day = day.AddDate(0, 0, -1)
			case time.Sunday:
				day = day.AddDate(0, 0, 1)
			}
			if day.After(to) {
				day = day.AddDate(0, 0, -3)
			}
		}
		com := weightedIndex(p.r, p.comW)
		if k == kindParties && p.r.Float64() < 0.55 {
			com = communityIndex("shuicheng")
		}
		hs := hallsOf(com, day)
		h := hs[p.r.IntN(len(hs))]
		if k == kindParties && slices.Contains(hs, hallIndex("yanzhiyouni")) && p.r.Float64() < 0.8 {
			h = hallIndex("yanzhiyouni")
		}
		sub := weightedIndex(p.r, p.topic)
		if k == kindBuilding {
			sub = weightedIndex(p.r, p.bldg)
		}
		p.add(k, h, day, sub, -1, "held")
	}
}

// slots are start times (minutes after midnight) and durations (minutes) per kind.
var slots = [numKinds]struct {
	starts   []int
	min, max int
}{
	kindBuilding: {[]int{19 * 60, 19*60 + 30}, 60, 90},
	kindGrid:     {[]int{19 * 60}, 80, 100},
	kindJoint:    {[]int{9*60 + 30, 14*60 + 30, 15 * 60}, 90, 150},
	kindOnsite:   {[]int{9 * 60, 10 * 60, 15 * 60, 16 * 60}, 60, 90},
	kindParties:  {[]int{9*60 + 30, 14*60 + 30, 15 * 60, 19 * 60}, 90, 120},
	kindCloud:    {[]int{12*60 + 30, 19*60 + 30, 20 * 60, 20*60 + 30}, 40, 90},
}

// add plans a meeting of kind k in hall h on day, or on a nearby day when the hall is busy
// at every slot of that kind: a hall holds one meeting at a time.
func (p *planner) add(k kind, h int, day time.Time, sub, theme int, status string) *meeting {
	sl := slots[k]
	step := 1
	for try := 0; ; try++ {
		start := day.Add(time.Duration(pick(p.r, sl.starts)) * time.Minute)
		if k == kindGrid && day.Weekday() == time.Saturday {
			start = day.Add((9*60 + 30) * time.Minute)
		}
		dur := sl.min + 5*p.r.IntN((sl.max-sl.min)/5+1)
		m := &meeting{hall: h, kind: k, start: start, end: start.Add(time.Duration(dur) * time.Minute),
			status: status, sub: sub, theme: theme}
		key := hallDay{h, int(day.Sub(firstDay) / (24 * time.Hour))}
		if try >= 40 || !slices.ContainsFunc(p.busy[key], func(o *meeting) bool {
			return o.start.Before(m.end) && m.start.Before(o.end)
		}) {
			p.busy[key] = append(p.busy[key], m)
			p.out = append(p.out, m)
			return m
		}
		if try%4 == 3 {
			if status == "held" && !day.AddDate(0, 0, step+1).Before(cutoff) {
				step = -1
			}
			day = day.AddDate(0, 0, step)
		}
	}
}

// gridMeetings adds the monthly "睦邻月谈" of some grids, each on the month's theme.
func (p *planner) gridMeetings() {
	per := min(len(halls), max(1, int(math.Round(1.25*p.s))))
	for mi := 0; mi < monthIndex(lastDay)+1; mi++ {
		month := date(2021+mi/12, time.Month(mi%12+1), 1)
		var used []int
		for range per {
			day := month.AddDate(0, 0, p.r.IntN(15))
			hs := hallsOf(weightedIndex(p.r, p.comW), day)
			h := hs[p.r.IntN(len(hs))]
			if slices.Contains(used, h) {
				continue
			}
			used = append(used, h)
			p.add(kindGrid, h, day, -1, mi, "held")
		}
	}
}

// notices adds the meetings announced after the build date.
func (p *planner) notices() {
	for _, n := range []struct {
		day    time.Time
		hall   string
		k      kind
		topic  string
		status string
	}{
		{date(2022, 8, 18), "haitang", kindParties, "夜间施工", "scheduled"},
		{date(2022, 8, 22), "xiaoyuanzhuo", kindBuilding, "电梯维修", "scheduled"},
		{date(2022, 8, 24), "anju", kindJoint, "飞线充电", "scheduled"},
		{date(2022, 8, 26), "lianxin", kindCloud, "垃圾清运", "scheduled"},
		{date(2022, 9, 2), "haitang", kindGrid, "", "scheduled"},
		{date(2022, 9, 7), "gongxiang", kindOnsite, "下水道堵塞", "cancelled"},
		{date(2022, 9, 15), "yanzhiyouni", kindParties, "车位纠纷", "postponed"},
	} {
		sub, theme := -1, -1
		if n.k == kindGrid {
			theme = monthIndex(n.day)
		} else {
			sub = subByName(n.topic)
		}
		m := p.add(n.k, hallIndex(n.hall), n.day, sub, theme, n.status)
		if n.k == kindParties {
			m.start = n.day.Add((14*60 + 30) * time.Minute)
			m.end = m.start.Add(90 * time.Minute)
		}
	}
}

func subByName(name string) int {
	for c, cat := range categories {
		for s, sub := range cat.subs {
			if sub.name == name {
				return flatSub(c, s)
			}
		}
	}
	panic("demo: unknown subcategory " + name)
}

// assign picks a held meeting of community com to handle a case received at t, or nil when
// none is held within 30 days. Earlier meetings, meetings on the case's category and kinds
// that suit the channel are preferred.
func (s *schedule) assign(r *rand.Rand, com int, t time.Time, cat int, ch channel, collective bool) *meeting {
	list := s.byCom[com]
	i := sort.Search(len(list), func(i int) bool { return !list[i].start.Before(t.Add(2 * time.Hour)) })
	limit := t.Add(30 * 24 * time.Hour)
	var cands [6]*meeting
	var w [6]float64
	n := 0
	for ; i < len(list) && n < len(cands) && !list[i].start.After(limit); i++ {
		m := list[i]
		if m.start.Before(t.Add(lead[m.kind])) {
			continue
		}
		x := 1 / float64(1+n)
		if c, _ := splitSub(m.sub); c == cat {
			x *= 3
		}
		switch {
		case m.kind == kindCloud && ch == chGroup:
			x *= 4
		case m.kind == kindParties && (ch == chHall || collective):
			x *= 2
		case m.kind == kindJoint && collective:
			x *= 3
		}
		cands[n], w[n] = m, x
		n++
	}
	if n == 0 {
		return nil
	}
	return cands[weightedIndex(r, w[:n])]
}

// attach records that case id (of flat subcategory sub) was handled in m.
func (m *meeting) attach(id int64, sub int) {
	if m.subCount == nil {
		m.subCount = make([]int32, numSubs())
	}
	m.subCount[sub]++
	m.cases = append(m.cases, id)
}

// topicSub is the commonest subcategory among the meeting's cases (the first in catalogue
// order on a tie), or the planned one when it has none.
func (m *meeting) topicSub() int {
	if m.subCount == nil {
		return m.sub
	}
	best := 0
	for i, n := range m.subCount {
		if n > m.subCount[best] {
			best = i
		}
	}
	return best
}
