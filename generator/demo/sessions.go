package demo

import (
	"fmt"
	"strings"
)

// session is a hall's regular session, written as a [[sessions]] table (see the README).
type session struct {
	kind, title, freq, weekday string
	nth                        int
	clock, duration            string
}

// upcomingThemes are the themes of the monthly grid meetings ("睦邻月谈") from the demo's build
// month on.
var upcomingThemes = [][2]string{
	{"2022-08", "文明养犬"}, {"2022-09", "消防安全与飞线充电"}, {"2022-10", "老旧小区改造意见征集"},
	{"2022-11", "冬季供暖与独居老人关爱"}, {"2022-12", "年终议事成效回顾"},
}

// writeSessions writes a hall's [[sessions]] and [[rota]] tables. The first hall's weekly
// building meeting carries the two kinds of exception: a session cancelled for the Mid-Autumn
// holiday and one moved for National Day; its mediators are on a weekly rota.
func writeSessions(b *strings.Builder, h hall) {
	for _, s := range h.sessions {
		b.WriteString("\n[[sessions]]\n")
		fmt.Fprintf(b, "kind     = %s\n", tomlString(s.kind))
		fmt.Fprintf(b, "title    = %s\n", tomlString(s.title))
		fmt.Fprintf(b, "freq     = %s\n", tomlString(s.freq))
		fmt.Fprintf(b, "weekday  = %s\n", tomlString(s.weekday))
		if s.nth != 0 {
			fmt.Fprintf(b, "nth      = %d\n", s.nth)
		}
		fmt.Fprintf(b, "time     = %s\n", tomlString(s.clock))
		fmt.Fprintf(b, "duration = %s\n", tomlString(s.duration))
		fmt.Fprintf(b, "from     = %s\n", h.opened.Format("2006-01-02"))
		if s.kind == "grid_meeting" {
			b.WriteString("themes   = { ")
			for j, t := range upcomingThemes {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(b, "%s = %s", tomlString(t[0]), tomlString(t[1]))
			}
			b.WriteString(" }\n")
		}
		if h.slug == "haitang" && s.kind == "building_meeting" && s.weekday == "monday" {
			b.WriteString("\n  [[sessions.exceptions]]\n  date      = 2022-09-12\n  cancelled = true\n  note      = \"中秋节假期，暂停一次\"\n")
			b.WriteString("\n  [[sessions.exceptions]]\n  date     = 2022-10-03\n  moved_to = 2022-10-08T19:00:00\n  note     = \"国庆假期，改至调休工作日\"\n")
		}
	}
	if h.slug == "haitang" {
		b.WriteString("\n[[rota]]\nrole  = \"mediator\"\nweeks = \"odd\"\nkind  = \"parties_meeting\"\nnote  = \"金牌调解员坐班\"\n")
		b.WriteString("\n[[rota]]\nrole  = \"legal_adviser\"\nweeks = \"even\"\nkind  = \"parties_meeting\"\nnote  = \"法律明白人坐班\"\n")
	}
}
