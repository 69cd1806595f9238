package demo

import (
	"fmt"
	"strings"
	"time"
)

// measureRow is an agreed measure of a meeting held, written as a [[measures]] table.
type measureRow struct {
	what, owner string
	due         time.Time
	done        time.Time // zero while open
	followUp    [][2]string
}

// pickMeasures draws the meeting's agreed measures. Measures due before the build date are
// mostly done (a follow-up note says how the hotline checked), a few are overdue; later ones are
// open.
func (d *minutes) pickMeasures() []measureRow {
	r, k, f := d.r, d.m.kind, &families[d.fam]
	ms := f.measures
	if k == kindGrid {
		ms = gridMeasures
	}
	n := 3 + r.IntN(2)
	var out []measureRow
	for i, j := range r.Perm(len(ms))[:min(n, len(ms))] {
		due := d.m.start.AddDate(0, 0, dueOffsets[i])
		due = time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, due.Location())
		text := strings.NewReplacer("{topic}", d.topic, "{c}", d.compound, "{t}", pick(r, timesOfDay)).Replace(ms[j].text)
		m := measureRow{what: text, owner: ownerLabel(k, ms[j].owner), due: due}
		if due.Before(buildDate) && r.Float64() > 0.06 {
			m.done = due.AddDate(0, 0, -r.IntN(5))
			if m.done.Before(d.m.start) {
				m.done = d.m.start
			}
			m.followUp = append(m.followUp, [2]string{m.done.Format("2006-01-02"), pick(r, doneNotes)})
		} else if due.Before(buildDate) {
			m.followUp = append(m.followUp, [2]string{due.AddDate(0, 0, 3).Format("2006-01-02"), pick(r, overdueNotes)})
		}
		out = append(out, m)
	}
	return out
}

var doneNotes = []string{
	"网格员现场查看，已按商定落实，诉求人确认。",
	"热线平台回访诉求人，表示问题已解决。",
	"社区会同物业复查，整改到位，拍照存档。",
	"责任方书面反馈已完成，网格员核实无误。",
}

var overdueNotes = []string{
	"热线平台督办：责任方称材料审批未完成，已提请街道协调。",
	"逾期未落实，热线平台已再次发函督办，并约请责任方到议事厅说明情况。",
	"施工队伍未按期进场，社区已报街道督办，新的完成时限待定。",
}

// writeMeasures writes the [[measures]] tables of a meeting's front matter.
func writeMeasures(b *strings.Builder, ms []measureRow) {
	for _, m := range ms {
		b.WriteString("\n[[measures]]\n")
		fmt.Fprintf(b, "what   = %s\n", tomlString(m.what))
		fmt.Fprintf(b, "owner  = %s\n", tomlString(m.owner))
		fmt.Fprintf(b, "due    = %s\n", m.due.Format("2006-01-02"))
		if m.done.IsZero() {
			b.WriteString("status = \"open\"\n")
		} else {
			fmt.Fprintf(b, "status = \"done\"\ndone_at = %s\n", m.done.Format("2006-01-02"))
		}
		for _, f := range m.followUp {
			fmt.Fprintf(b, "\n  [[measures.follow_up]]\n  date = %s\n  note = %s\n", f[0], tomlString(f[1]))
		}
	}
}
