// Package meetings reads the deliberation halls (议事厅), their meetings (notices and minutes) and
// the free pages of a site from Markdown files with TOML front matter.
//
// Front matter is strict: unknown keys, missing fields, bad values and references to unknown
// halls or communities are errors at the line of the key in the file. Bodies are kept as raw
// Markdown with the line they start on; they have not passed the privacy guard yet, so only
// package privacy may turn them into anything published.
package meetings

import (
	"time"

	"gongshi/generator/config"
	"gongshi/generator/schedule"
	"gongshi/generator/source"
)

// Folders in the site.
const (
	HallsDir    = "content/halls"
	MeetingsDir = "content/meetings"
	PagesDir    = "content/pages"
)

// Kind is the kind of meeting.
type Kind string

// Kinds of meeting, from the glossary.
const (
	BuildingMeeting Kind = "building_meeting"
	GridMeeting     Kind = "grid_meeting"
	JointMeeting    Kind = "joint_meeting"
	OnsiteMeeting   Kind = "onsite_meeting"
	PartiesMeeting  Kind = "parties_meeting"
	CloudMeeting    Kind = "cloud_meeting"
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{BuildingMeeting, GridMeeting, JointMeeting, OnsiteMeeting, PartiesMeeting, CloudMeeting}

// Status is where a meeting stands.
type Status string

// Statuses of a meeting.
const (
	Scheduled Status = "scheduled"
	Held      Status = "held"
	Cancelled Status = "cancelled"
	Postponed Status = "postponed"
)

// Statuses lists the statuses in display order.
var Statuses = []Status{Scheduled, Held, Cancelled, Postponed}

// Role is a party's role at a meeting: never a person's name.
type Role string

// Roles lists every role that may appear in minutes, from the glossary.
var Roles = []Role{
	"petitioner_rep", "respondent", "department", "hotline", "community_secretary", "grid_worker",
	"property_manager", "mediator", "legal_adviser", "lawyer", "community_police", "deputy",
	"enforcement_officer", "party_member", "volunteer", "partner_unit", "resident_rep",
}

// Text is a piece of raw text from a content file with the position where it starts.
type Text struct {
	Pos  source.Pos
	Text string
}

// Hall is a deliberation hall.
type Hall struct {
	File         string
	Name         string
	Slug         string
	Community    *config.Community
	Address      string
	SizeM2       float64
	OpeningHours string
	Schedule     schedule.Schedule // regular sessions and rota
	Body         Text              // Markdown description
	doc          *doc
}

// At returns the position of a front-matter key of the hall's file.
func (h *Hall) At(key string) source.Pos { return h.doc.at(key) }

// Party is one side at a meeting, by role.
type Party struct {
	Role  Role   `toml:"role"`
	Org   string `toml:"org"`   // an organisation, never a person
	Count int    `toml:"count"` // how many attended in this role, 0 if not recorded
}

// Meeting is a notice or the minutes of a meeting.
type Meeting struct {
	File        string
	ID          string
	Hall        *Hall
	Kind        Kind
	Title       string
	Start       time.Time
	End         time.Time
	Status      Status
	PostponedTo time.Time // the new start of a postponed meeting, when known
	Sequence    int       // bumped on each change of a notice: calendars follow it
	Updated     time.Time // when the file last changed in substance; DTSTAMP of calendars
	PublishAt   time.Time // not published before this day; zero means at once
	NoticedAt   time.Time // when the notice (会议通知) was posted; zero when not known
	Topic       string
	Agenda      []string
	Attendance  int
	Cases       []string
	Parties     []Party
	Measures    []Measure
	Body        Text // agenda for a notice, minutes for a meeting held
	doc         *doc
}

// Measure is an agreed action (商定措施) with its owner and due date, tracked until done (跟踪督办).
type Measure struct {
	What     string     `toml:"what"`
	Owner    string     `toml:"owner"` // a role or a department, never a person
	Due      localDate  `toml:"due"`
	Status   string     `toml:"status"`  // open or done; overdue is derived from the due date
	DoneAt   localDate  `toml:"done_at"` // when it was done
	FollowUp []FollowUp `toml:"follow_up"`
}

// FollowUp is a dated note on a measure.
type FollowUp struct {
	Date localDate `toml:"date"`
	Note string    `toml:"note"`
}

// DueDate is the measure's due date.
func (m *Measure) DueDate() time.Time { return m.Due.t }

// DoneDate is when the measure was done, zero if it is not.
func (m *Measure) DoneDate() time.Time { return m.DoneAt.t }

// Day is the follow-up's date.
func (f *FollowUp) Day() time.Time { return f.Date.t }

// Measure statuses as written in front matter.
const (
	MeasureOpen = "open"
	MeasureDone = "done"
)

// At returns the position of a front-matter key of the meeting's file.
func (m *Meeting) At(key string) source.Pos { return m.doc.at(key) }

// Page is a free page such as about or methodology.
type Page struct {
	File   string
	Title  string
	Slug   string
	Weight int
	Body   Text
	doc    *doc
}

// At returns the position of a front-matter key of the page's file.
func (p *Page) At(key string) source.Pos { return p.doc.at(key) }

// Set is everything this package reads, sorted: halls by slug, meetings by start then id, pages
// by weight then slug.
type Set struct {
	Halls    []*Hall
	Meetings []*Meeting
	Pages    []*Page
	all      []*Meeting // every meeting with an id, also those with errors, for CheckRefs
	broken   []string   // ids of meeting files that could not be read: already reported
}

// Hall returns the hall with the given slug.
func (s *Set) Hall(slug string) *Hall {
	for _, h := range s.Halls {
		if h.Slug == slug {
			return h
		}
	}
	return nil
}
