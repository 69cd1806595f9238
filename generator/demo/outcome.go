package demo

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// What happens to a case: response, meeting, closure, callback survey; and the CSV row.

const oneDay = 24 * time.Hour

// generate fills g.row with case number seq of day d, pre-drawn as p.
func (g *caseGen) generate(d time.Time, seq int, p preCase) {
	r := g.r
	com := &communities[p.com]
	cat := &categories[p.cat]
	sub := &cat.subs[p.sub]
	received := d.Add(time.Duration(p.minute) * time.Minute)
	id := int64(d.Year()*10000+int(d.Month())*100+d.Day())*100000 + int64(seq)

	collective := false
	if p.com == g.luxi {
		if p.ch == chGroup && g.luxiLeft > 0 && r.Float64() < cat.collective*0.2 {
			collective = true
			g.luxiLeft--
		}
	} else {
		collective = r.Float64() < cat.collective*0.75
	}
	grid := com.gridName(r.IntN(com.grids))
	caller, phone := maskedCaller(r, p.ch)

	var resp time.Duration
	switch p.ch {
	case chHall:
		resp = time.Duration(2+r.IntN(19)) * time.Minute
	case chPatrol:
		resp = time.Duration(5+r.IntN(36)) * time.Minute
	default:
		resp = 5*time.Minute + time.Duration(r.ExpFloat64()*80*float64(time.Minute))
		resp = min(resp, 36*time.Hour).Truncate(time.Minute)
	}
	responded := received.Add(resp)
	if p.ch == chHotline || p.ch == chGroup {
		responded = officeHours(r, responded) // night calls are followed up in the morning
		resp = responded.Sub(received)
	}

	var m *meeting
	pm := cat.meet * meetFactor[p.ch] * g.meetScale
	if collective {
		pm *= 3
	}
	if r.Float64() < pm {
		m = g.sched.assign(r, p.com, received, p.cat, p.ch, collective)
	}

	var (
		st     status
		closed time.Time
		good   bool
	)
	if m != nil {
		good = r.Float64() < meetingSolveRate(received.Year())
		st = stResolved
		if !good && r.Float64() < 0.55 {
			st = stUnresolved
		}
		median := 36 * time.Hour
		if st == stUnresolved {
			median = 4 * oneDay
		}
		closed = m.end.Add(lognormal(r, median, 1.0))
		if closed.After(cutoff) {
			closed = m.end.Add(time.Duration(r.Int64N(int64(cutoff.Sub(m.end)))))
		}
		closed = later(closed, m.end.Add(10*time.Minute)).Truncate(time.Minute)
		if c := officeHours(r, closed); !c.After(cutoff) {
			closed = c
		}
		m.attach(id, flatSub(p.cat, p.sub))
	} else {
		switch u := r.Float64(); {
		case u < 0.032:
			st = stWithdrawn
		case u < 0.095:
			st = stUnresolved
		default:
			st = stResolved
		}
		var delay time.Duration
		switch {
		case st == stWithdrawn:
			delay = lognormal(r, oneDay, 1.0)
		case r.Float64() < 0.012: // settled on the phone within the hour
			delay = time.Duration(5+r.IntN(55)) * time.Minute
		case st == stUnresolved:
			delay = lognormal(r, 7*oneDay, 1.1)
		default:
			delay = lognormal(r, 2*oneDay+8*time.Hour, 1.15) // with the rest: median 3 days, 90th percentile 15 days
		}
		closed = received.Add(max(delay, 5*time.Minute)).Truncate(time.Minute)
		if delay > 2*time.Hour {
			closed = officeHours(r, closed)
		}
		if st == stResolved {
			good = r.Float64() < 0.93
		} else {
			good = r.Float64() < 0.06
		}
		age := cutoff.Sub(received)
		open := closed.After(cutoff)
		if !open && age < 21*oneDay && r.Float64() < 0.65*(1-float64(age)/float64(21*oneDay)) {
			open = true // recent cases are often still being handled at the export
		}
		if !open && r.Float64() < 0.015 {
			open = true // a long-running dispute
		}
		if open {
			st = stInProgress
			if responded.After(cutoff) || (age < 2*oneDay && r.IntN(3) == 0) {
				st = stReceived
			}
		}
	}
	if st != stReceived && st != stInProgress && closed.Before(responded) {
		responded = received.Add(closed.Sub(received) / 2).Truncate(time.Minute)
	}

	row := g.row
	row[0] = strconv.FormatInt(id, 10)
	row[1], row[2] = caller, phone
	row[3] = g.format(received)
	row[4], row[5] = "", ""
	if st != stReceived {
		row[4] = g.format(responded)
	}
	if st >= stResolved {
		row[5] = g.format(closed)
	}
	row[6], row[7], row[8] = streetName, com.name, grid
	row[9], row[10] = cat.name, sub.name
	row[11] = channelIDs[p.ch]
	row[12] = statusIDs[st]
	switch {
	case st == stReceived:
		row[13] = ""
	case m != nil:
		row[13] = kindIDs[m.kind]
	default:
		row[13] = "direct"
	}
	row[14] = strconv.FormatBool(collective)

	g.w.reset(com, cat, p.ch)
	row[15] = g.w.summary(sub, p.ch, collective)
	hallName := ""
	if m != nil {
		hallName = halls[m.hall].name
	}
	row[16] = g.w.resolution(sub, st, m, hallName)

	surveyed := (st == stResolved || st == stUnresolved) && r.Float64() < 0.77
	row[17], row[18], row[20] = "", "", ""
	row[19] = strconv.FormatBool(surveyed)
	if surveyed {
		row[17], row[18] = "no", satisfaction(r.Float64(), good)
		if good {
			row[17] = "yes"
		}
		inTime := 0.5
		switch {
		case resp <= 2*time.Hour:
			inTime = 0.97
		case resp <= oneDay:
			inTime = 0.85
		}
		row[20] = "no"
		if r.Float64() < inTime {
			row[20] = "yes"
		}
	}
	row[21] = ""
	if m != nil {
		row[21] = m.id
	}
}

// satisfaction maps a uniform draw to the resident's answer; dissatisfaction goes with
// problems that are not solved.
func satisfaction(u float64, solved bool) string {
	a, b := 0.78, 0.97 // satisfied below a, basically satisfied below b
	if !solved {
		a, b = 0.05, 0.35
	}
	switch {
	case u < a:
		return "satisfied"
	case u < b:
		return "basically_satisfied"
	}
	return "dissatisfied"
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// officeHours moves a moment at night (21:00–8:00) to the next morning between 8:00 and 10:00.
func officeHours(r *rand.Rand, t time.Time) time.Time {
	h := t.Hour()
	if h >= 8 && h < 21 {
		return t
	}
	d := date(t.Year(), t.Month(), t.Day())
	if h >= 21 {
		d = d.AddDate(0, 0, 1)
	}
	return d.Add(time.Duration(8*60+r.IntN(120)) * time.Minute)
}
