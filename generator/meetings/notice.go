package meetings

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// Notice is what `generator new notice` needs to write a meeting notice.
type Notice struct {
	Hall  *Hall
	Kind  Kind
	Start time.Time // in Asia/Shanghai
}

// NoticeID is the meeting id of a notice: M-YYYY-MMDD-hall, with -2, -3, … when the hall
// already has a meeting that day (taken says which ids exist).
func NoticeID(n Notice, taken func(id string) bool) string {
	base := fmt.Sprintf("M-%s-%s", n.Start.Format("2006"), n.Start.Format("0102")) + "-" + n.Hall.Slug
	id := base
	for i := 2; taken(id); i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	return id
}

// NoticePath is where a notice with id is written: content/meetings/YYYY/ID.md.
func NoticePath(id string, start time.Time) string {
	return path.Join(MeetingsDir, start.Format("2006"), id+".md")
}

// NoticeFile returns the text of a valid notice file, to be completed by the author: the title,
// topic, agenda and invited parties are placeholders that read as such.
func NoticeFile(id string, n Notice, title string) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "id       = %q\n", id)
	fmt.Fprintf(&b, "hall     = %q\n", n.Hall.Slug)
	fmt.Fprintf(&b, "kind     = %q\n", string(n.Kind))
	fmt.Fprintf(&b, "title    = %q\n", title)
	fmt.Fprintf(&b, "start    = %s\n", n.Start.Format("2006-01-02T15:04:05"))
	fmt.Fprintf(&b, "end      = %s\n", n.Start.Add(90*time.Minute).Format("2006-01-02T15:04:05"))
	b.WriteString("status   = \"scheduled\"   # held when the minutes are added; cancelled or postponed (with postponed_to)\n")
	b.WriteString("sequence = 0             # add 1 on every change of date, place or status\n")
	b.WriteString("# noticed_at = 2006-01-02  # the day the notice is posted, for the notice lead time\n")
	b.WriteString("topic    = \"（议题）\"\n")
	b.WriteString("agenda   = [\"（议程一）\", \"（议程二）\"]\n")
	b.WriteString("cases    = []            # ids of the 12345 cases this meeting handles\n")
	b.WriteString("\n[[parties]]\nrole = \"resident_rep\"    # roles only, never personal names\n")
	b.WriteString("\n[[parties]]\nrole = \"hotline\"\n")
	b.WriteString("+++\n")
	b.WriteString("## 会议通知\n\n")
	fmt.Fprintf(&b, "%s定于%d月%d日%s在%s召开会议。欢迎居民参加。\n", n.Hall.Community.Name, n.Start.Month(), n.Start.Day(),
		n.Start.Format("15:04"), n.Hall.Name)
	return b.String()
}
