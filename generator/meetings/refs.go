package meetings

import (
	"gongshi/generator/cases"
	"gongshi/generator/source"
)

// CheckRefs checks the references between cases and meetings in both directions: a case's
// meeting must exist and be held in a hall of the case's community, and a meeting's cases must
// exist. It runs on the raw records so that errors point at the row and column of the export.
func (s *Set) CheckRefs(recs []cases.Record) source.List {
	var errs source.List
	byID := make(map[string]*Meeting, len(s.all))
	for _, m := range s.all {
		byID[m.ID] = m
	}
	broken := map[string]bool{}
	for _, id := range s.broken {
		broken[id] = true
	}
	// The ids the meetings list, found or not among the cases: a few, where the cases are many.
	ids := map[string]bool{}
	for _, m := range s.all {
		for _, id := range m.Cases {
			ids[id] = false
		}
	}
	for i := range recs {
		r := &recs[i]
		if _, listed := ids[r.ID]; listed {
			ids[r.ID] = true
		}
		if r.Meeting == "" {
			continue
		}
		m, ok := byID[r.Meeting]
		switch {
		case !ok && broken[r.Meeting]:
			// the meeting file's own error is reported
		case !ok:
			errs.Add(r.Pos.At("meeting"), "meeting: unknown meeting %q: use the id of a file in %s", r.Meeting, MeetingsDir)
		case m.Hall != nil && r.Community != nil && m.Hall.Community != r.Community:
			errs.Add(r.Pos.At("meeting"), "meeting: %s was held in %s (%s), but the case is in %s",
				m.ID, m.Hall.Name, m.Hall.Community.Name, r.Community.Name)
		}
	}
	for _, m := range s.all {
		for _, id := range m.Cases {
			if !ids[id] {
				errs.Add(m.At("cases"), "unknown case %q in cases: use the id of a case in %s", id, cases.Dir)
			}
		}
	}
	return errs
}
