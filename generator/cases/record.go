// Package cases reads case exports (工单) into Records.
//
// A Record is the raw, validated case: it still holds free text that has not passed the privacy
// guard, so only package privacy may turn it into anything published. Columns that identify the
// caller are dropped while reading and never reach a Record; they are named in the Report.
//
// Load reads every export under content/cases through an fs.FS and returns all rows it could
// validate plus every problem it found, each at its file:line:col (col is the 1-based number of
// the column in the row), so one run reports all errors of all exports. The reader is chosen by
// the file's extension; other formats slot in as further readers producing the same rows.
package cases

import (
	"time"

	"gongshi/generator/config"
	"gongshi/generator/source"
)

// Channel is how a case came in (来源渠道).
type Channel string

// Channels.
const (
	Hotline        Channel = "hotline"
	NeighbourGroup Channel = "neighbour_group"
	Hall           Channel = "hall"
	GridPatrol     Channel = "grid_patrol"
)

// Channels lists the channels in display order.
var Channels = []Channel{Hotline, NeighbourGroup, Hall, GridPatrol}

// Status is where a case stands (办理状态).
type Status string

// Statuses.
const (
	Received   Status = "received"
	InProgress Status = "in_progress"
	Resolved   Status = "resolved"
	Unresolved Status = "unresolved"
	Withdrawn  Status = "withdrawn"
)

// Statuses lists the statuses in display order.
var Statuses = []Status{Received, InProgress, Resolved, Unresolved, Withdrawn}

// Method is how a case was handled (办理方式).
type Method string

// Methods.
const (
	Direct         Method = "direct"
	JointMeeting   Method = "joint_meeting"
	OnsiteMeeting  Method = "onsite_meeting"
	PartiesMeeting Method = "parties_meeting"
	CloudMeeting   Method = "cloud_meeting"
)

// Methods lists the methods in display order.
var Methods = []Method{Direct, JointMeeting, OnsiteMeeting, PartiesMeeting, CloudMeeting}

// Satisfaction is the resident's answer at the callback survey (是否满意).
type Satisfaction string

// Satisfaction answers; the empty value means not asked.
const (
	Satisfied          Satisfaction = "satisfied"
	BasicallySatisfied Satisfaction = "basically_satisfied"
	Dissatisfied       Satisfaction = "dissatisfied"
)

// Answer is a yes/no answer that may be missing.
type Answer int8

// Answers.
const (
	Unknown Answer = iota
	Yes
	No
)

// Record is one validated case row.
type Record struct {
	Pos *Row // where the row is; At gives the position of one of its columns

	ID          string
	ReceivedAt  time.Time
	RespondedAt time.Time // zero when not recorded
	ClosedAt    time.Time // zero while open

	Community   *config.Community
	Grid        string
	Category    *config.Category
	Subcategory string

	Channel    Channel
	Status     Status
	Method     Method
	Collective bool

	Summary    string // raw free text: not yet through the privacy guard
	Resolution string // raw free text: not yet through the privacy guard

	Surveyed        bool
	Solved          Answer
	Satisfaction    Satisfaction
	RespondedInTime Answer

	Meeting string // id of the meeting that handled it, if any
}

// Closed reports whether the case has a closing time.
func (r *Record) Closed() bool { return !r.ClosedAt.IsZero() }

// Row locates a record in its export.
type Row struct {
	file *File
	Line int
}

// At returns the position of column col (a canonical column name) in the row.
func (r *Row) At(col string) source.Pos {
	return source.Pos{File: r.file.Name, Line: r.Line, Col: r.file.col[col]}
}

// Pos returns the position of the row itself.
func (r *Row) Pos() source.Pos { return source.Pos{File: r.file.Name, Line: r.Line} }

// File describes one export that was read.
type File struct {
	Name    string   // path in the site, e.g. content/cases/2022.csv
	Rows    int      // data rows read
	Dropped []string // caller-identity columns dropped at import, as written in the header
	col     map[string]int
}
