// Package cases reads case exports (工单) into Records.
//
// A Record is the raw, validated case: it still holds free text that has not passed the privacy
// guard, so only package privacy may turn it into anything published. Columns that identify the
// caller are dropped while reading and never reach a Record; they are named in the Report.
//
// Contract of Load(fsys, dir, cfg):
//
//   - It reads every file in dir (not sub-folders, not dot-files), in the order of the names:
//     CSV and TSV (UTF-8 with or without a byte-order mark, GB18030/GBK, UTF-16 with a mark),
//     .xlsx workbooks, JSON arrays and JSON Lines, Open311 GeoReport v2 JSON and XML. Old .xls
//     workbooks and web pages named .xls are refused with a message saying how to re-save them.
//   - The first [[import]] table of site.toml whose files pattern matches a file's name says
//     how to read it: format, sheet, column mapping, value mapping, fixed values, date layouts,
//     day/month order, time zone. A file no table matches must be in the canonical layout
//     (README), read strictly: canonical or built-in alias headers, canonical values and dates.
//   - Every row read ends in exactly one place: a returned Record, a rejection (every problem
//     of the row reported at file:line:col, col being the 1-based number of the column in the
//     row, the message naming the column), or replaced by the same id in a later file (the
//     later export updates the case; the same id twice in one file is a rejection). The Report
//     counts them per file and by reason, and its counts add up.
//   - Problems of a whole file (unreadable, wrong header, a mapping that does not fit) are in the
//     same error list and counted in Report.Problems; warnings that reject nothing are in
//     Report.Notes.
//   - Records come back sorted by id. Reading streams: memory grows with the records kept, not
//     with the size of the files (an .xlsx keeps its shared strings in memory, as Excel does).
//   - A file's rows become records only through the same checks, whatever its format: a GB18030
//     CSV, an .xlsx workbook or JSON Lines of the same rows give the same records as the UTF-8
//     CSV (a test proves it on the demo).
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
