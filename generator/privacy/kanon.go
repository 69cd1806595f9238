package privacy

import (
	"fmt"

	"gongshi/generator/cases"
)

// Why a case counts in statistics only.
const (
	HeldStatus    = "not resolved"                                // still open, unresolved or withdrawn
	HeldSensitive = "sensitive category"                          // SPEC §7.2: aggregate only
	HeldKAnon     = "fewer than k similar cases, even by quarter" // SPEC §7.2: record-level k-anonymity
)

// Granularity of the dates shown on a case page.
const (
	ByMonth   = "month"
	ByQuarter = "quarter"
)

// applyKAnonymity makes the published case list k-anonymous on the quasi-identifiers
// {community, period, top-level category} (SPEC §7.2): where fewer than k published cases share
// a month, they are shown by quarter instead; where fewer than k of those share a quarter, they
// are held back and count in statistics only. The same generalisation holds for every record.
func applyKAnonymity(cs []Case, k int) {
	type key struct {
		community, category string
		period              string
	}
	month := func(c *Case) key {
		return key{c.Community.Slug, c.Category.Slug, c.ReceivedAt.Format("2006-01")}
	}
	quarter := func(c *Case) key {
		return key{c.Community.Slug, c.Category.Slug, fmt.Sprintf("%d-Q%d", c.ReceivedAt.Year(), (int(c.ReceivedAt.Month())+2)/3)}
	}
	byMonth := map[key]int{}
	for i := range cs {
		if cs[i].Published {
			byMonth[month(&cs[i])]++
		}
	}
	byQuarter := map[key]int{}
	for i := range cs {
		c := &cs[i]
		if c.Published && byMonth[month(c)] < k {
			c.Period = ByQuarter
			byQuarter[quarter(c)]++
		}
	}
	for i := range cs {
		c := &cs[i]
		if c.Published && c.Period == ByQuarter && byQuarter[quarter(c)] < k {
			c.Published, c.Held = false, HeldKAnon
		}
	}
}

// hold decides whether a case gets a page of its own: resolved cases of categories that are not
// sensitive do; the others count in statistics only.
func hold(r *cases.Record) string {
	switch {
	case r.Status != cases.Resolved:
		return HeldStatus
	case r.Category.Sensitive:
		return HeldSensitive
	}
	return ""
}
