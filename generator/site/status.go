package site

import "gongshi/generator/cases"

// Outcomes of a published case, as the case lists and pages say them (issue 8). Every published
// case was closed as resolved by the handling unit; the resident's answer at the callback survey
// comes first, so a case the resident called unsolved is never shown as resolved.
const (
	OutcomeUnsolved = "unsolved" // closed, but the resident said at the callback it was not solved
	OutcomeMeeting  = "meeting"  // resolved through a meeting (a hall's deliberation or a joint, on-site, parties' or cloud meeting)
	OutcomeSolved   = "solved"   // resolved, and the resident confirmed it at the callback
	OutcomeResolved = "resolved" // closed as resolved; the resident was not reached or did not answer
)

// Outcome says how the case ended: OutcomeUnsolved, OutcomeMeeting, OutcomeSolved or
// OutcomeResolved, in that order of precedence.
func (c *Case) Outcome() string {
	switch {
	case c.Solved == cases.No:
		return OutcomeUnsolved
	case c.ViaMeeting():
		return OutcomeMeeting
	case c.Solved == cases.Yes:
		return OutcomeSolved
	}
	return OutcomeResolved
}

// ViaMeeting reports whether the case was handled through a meeting: it names one, or its
// handling is one of the meeting methods (as the statistics count it).
func (c *Case) ViaMeeting() bool {
	return c.Meeting != nil || (c.Method != "" && c.Method != cases.Direct)
}
