package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Meeting files: TOML front matter, then minutes (held meetings) or a notice with an agenda
// (scheduled, cancelled, postponed). Each file draws its text from its own random stream.

type party struct {
	role  string
	count int
	org   string
}

var kindCN = [numKinds]string{"楼栋议事“有事好商量”", "网格议事“睦邻月谈”", "联席会办", "现场会办", "有请当事人会办", "云上会办"}

// voice says who speaks in the minutes and where the words come from:
// P petitioner, R respondent, D department, H hotline, S secretary, B party member,
// G grid worker, T residents on the theme, O police, V volunteer.
type voice struct {
	label string
	from  byte
}

var voices = [numKinds][]voice{
	kindBuilding: {{"居民代表", 'P'}, {"物业", 'R'}, {"网格员", 'G'}, {"党员", 'B'}},
	kindGrid:     {{"居民代表", 'T'}, {"社区民警", 'O'}, {"志愿者", 'V'}, {"网格员", 'G'}},
	kindJoint:    {{"诉求人代表", 'P'}, {"被投诉对象", 'R'}, {"职能部门", 'D'}, {"社区书记", 'S'}, {"热线平台", 'H'}},
	kindOnsite:   {{"居民代表", 'P'}, {"被投诉对象", 'R'}, {"职能部门", 'D'}, {"社区书记", 'S'}},
	kindParties:  {{"诉求人代表", 'P'}, {"被投诉对象", 'R'}, {"职能部门", 'D'}, {"热线平台", 'H'}},
	kindCloud:    {{"居民代表", 'P'}, {"被投诉对象", 'R'}, {"网格员", 'G'}, {"热线平台", 'H'}},
}

type minutes struct {
	r        *rand.Rand
	m        *meeting
	b        strings.Builder
	com      *community
	hall     *hall
	topic    string
	fam      family
	compound string
	building string
	grid     string
	parties  []party
	measures []measureRow
}

func writeMeetings(dir string, seed int64, s *schedule) error {
	for i, m := range s.meetings {
		doc := newMinutes(rand.New(rand.NewPCG(uint64(seed), streamMinutes+uint64(i)<<8)), m)
		path := filepath.Join(dir, strconv.Itoa(m.start.Year()), m.id+".md")
		if err := writeFile(path, doc.render()); err != nil {
			return err
		}
	}
	return nil
}

func newMinutes(r *rand.Rand, m *meeting) *minutes {
	h := &halls[m.hall]
	d := &minutes{r: r, m: m, hall: h, com: &communities[communityIndex(h.community)]}
	if m.kind == kindGrid {
		d.topic, d.fam = gridThemes[m.theme].theme, gridThemes[m.theme].fam
	} else {
		c, sub := splitSub(m.topicSub())
		d.topic, d.fam = categories[c].subs[sub].name, categories[c].fam
	}
	d.compound = pick(r, d.com.compounds)
	d.building = strconv.Itoa(1+r.IntN(28)) + pick(r, bldSuffix)
	d.grid = d.com.gridName(r.IntN(d.com.grids))
	d.parties = d.makeParties()
	return d
}

func (d *minutes) makeParties() []party {
	r, f := d.r, &families[d.fam]
	resp := party{"respondent", 1, pick(r, f.respondents)}
	dept := party{"department", 1 + r.IntN(2), pick(r, f.departments)}
	hot := party{"hotline", 1, hotlineOrg}
	switch d.m.kind {
	case kindParties:
		ps := []party{{"petitioner_rep", 2 + r.IntN(4), ""}, resp, dept, hot}
		if r.IntN(5) < 2 {
			ps = append(ps, party{"mediator", 1, ""})
		}
		return ps
	case kindJoint:
		other := families[(int(d.fam)+1+r.IntN(int(numFamilies)-1))%int(numFamilies)].departments[0]
		return []party{{"petitioner_rep", 2 + r.IntN(3), ""}, resp, dept, {"department", 1, other},
			{"community_secretary", 1, ""}, hot}
	case kindOnsite:
		ps := []party{{"resident_rep", 3 + r.IntN(6), ""}, resp, dept}
		if d.fam == famNoise || d.fam == famSafety || d.fam == famEnvironment {
			ps = append(ps, party{"enforcement_officer", 1 + r.IntN(3), ""})
		}
		return append(ps, party{"community_secretary", 1, ""}, party{"grid_worker", 1, ""})
	case kindCloud:
		return []party{{"resident_rep", 6 + r.IntN(25), ""}, resp, {"grid_worker", 1 + r.IntN(2), ""}, hot}
	case kindBuilding:
		return []party{{"resident_rep", 5 + r.IntN(11), ""}, {"property_manager", 1 + r.IntN(2), "某物业服务公司"},
			{"party_member", 1 + r.IntN(3), ""}, {"grid_worker", 1, ""}}
	}
	ps := []party{{"resident_rep", 8 + r.IntN(18), ""}, {"grid_worker", 1 + r.IntN(2), ""},
		{"community_police", 1, ""}, {"volunteer", 2 + r.IntN(5), ""}}
	if d.hall.slug == "anju" {
		return append(ps, party{"partner_unit", 2 + r.IntN(4), ""})
	}
	return append(ps, party{"legal_adviser", 1, ""})
}

func (d *minutes) title() string {
	m := d.m
	switch m.kind {
	case kindBuilding:
		return d.compound + d.building + "“有事好商量”：" + d.topic
	case kindGrid:
		return d.grid + "“睦邻月谈”：" + d.topic
	case kindJoint:
		return d.topic + "问题联席会办"
	case kindOnsite:
		return d.compound + d.topic + "现场会办"
	case kindParties:
		return d.topic + "有请当事人会办"
	}
	return d.compound + d.topic + "云上会办"
}

func (d *minutes) render() string {
	m := d.m
	b := &d.b
	b.WriteString("+++\n")
	fmt.Fprintf(b, "id     = %s\n", tomlString(m.id))
	fmt.Fprintf(b, "hall   = %s\n", tomlString(d.hall.slug))
	fmt.Fprintf(b, "kind   = %s\n", tomlString(kindIDs[m.kind]))
	fmt.Fprintf(b, "title  = %s\n", tomlString(d.title()))
	fmt.Fprintf(b, "start  = %s\n", m.start.Format("2006-01-02T15:04:05"))
	fmt.Fprintf(b, "end    = %s\n", m.end.Format("2006-01-02T15:04:05"))
	fmt.Fprintf(b, "status = %s\n", tomlString(m.status))
	switch m.status {
	case "postponed":
		fmt.Fprintf(b, "postponed_to = %s\n", m.start.AddDate(0, 0, 14).Format("2006-01-02T15:04:05"))
		b.WriteString("sequence = 1\n")
	case "cancelled":
		b.WriteString("sequence = 1\n")
	}
	fmt.Fprintf(b, "updated = %s\n", d.updated().Format("2006-01-02T15:04:05"))
	if n, ok := d.noticed(); ok {
		fmt.Fprintf(b, "noticed_at = %s\n", n.Format("2006-01-02"))
	}
	fmt.Fprintf(b, "topic  = %s\n", tomlString(d.topic))
	if m.status != "held" {
		fmt.Fprintf(b, "agenda = %s\n", tomlStrings(d.agenda()))
	}
	b.WriteString("cases  = [")
	for i, id := range m.cases {
		if i > 0 {
			b.WriteString(",")
		}
		if len(m.cases) > 3 {
			b.WriteString("\n  ")
		}
		fmt.Fprintf(b, "%q", strconv.FormatInt(id, 10))
	}
	if len(m.cases) > 3 {
		b.WriteString(",\n")
	}
	b.WriteString("]\n")
	for _, p := range d.parties {
		fmt.Fprintf(b, "\n[[parties]]\nrole  = %s\ncount = %d\n", tomlString(p.role), p.count)
		if p.org != "" {
			fmt.Fprintf(b, "org   = %s\n", tomlString(p.org))
		}
	}
	if m.status == "held" {
		d.measures = d.pickMeasures()
		writeMeasures(b, d.measures)
	}
	b.WriteString("+++\n")
	if m.status == "held" {
		d.heldBody()
	} else {
		d.noticeBody()
	}
	return b.String()
}

// updated is when the file last changed: minutes are written up the day after the meeting,
// notices a week before it (three days before for a change of date or a cancellation).
func (d *minutes) updated() time.Time {
	m := d.m
	day := time.Date(m.start.Year(), m.start.Month(), m.start.Day(), 9, 0, 0, 0, m.start.Location())
	switch m.status {
	case "held":
		return day.AddDate(0, 0, 1)
	case "postponed", "cancelled":
		return day.AddDate(0, 0, -3)
	}
	return day.AddDate(0, 0, -7)
}

// noticeSince is the first day whose meetings record when their notice was posted: the halls
// kept no record of notices before the portal, so the earlier meetings have none.
var noticeSince = time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)

// noticeDays are the fewest days, and how many more at most, between a notice and its meeting,
// by kind: building meetings follow a weekly rota, grid meetings a monthly theme announced a week
// or so ahead, onsite and cloud meetings are called at short notice.
var noticeDays = [numKinds][2]int{kindBuilding: {2, 3}, kindGrid: {5, 6}, kindJoint: {2, 5}, kindOnsite: {0, 3},
	kindParties: {3, 5}, kindCloud: {0, 2}}

// noticed is the day the meeting's notice was posted, if it was recorded. It is drawn from the
// meeting's id, not from the generator's random stream, so that the rest of the demo stays as
// it was before notice dates were written.
func (d *minutes) noticed() (time.Time, bool) {
	m := d.m
	day := time.Date(m.start.Year(), m.start.Month(), m.start.Day(), 0, 0, 0, 0, m.start.Location())
	if m.status != "held" {
		return d.updated(), true // a notice is the file itself: posted when last changed
	}
	if day.Before(time.Date(noticeSince.Year(), noticeSince.Month(), noticeSince.Day(), 0, 0, 0, 0, day.Location())) {
		return time.Time{}, false
	}
	h := fnv.New32a()
	h.Write([]byte(m.id))
	nd := noticeDays[m.kind]
	return day.AddDate(0, 0, -(nd[0] + int(h.Sum32()%uint32(nd[1])))), true
}

// agenda is a notice's agenda.
func (d *minutes) agenda() []string {
	switch d.m.kind {
	case kindBuilding:
		return agendaBuilding
	case kindGrid:
		return agendaGrid
	}
	return agendaDefault
}

// say appends tmpl with {topic}, {c} and {t} replaced.
func (d *minutes) say(tmpl string) {
	d.b.WriteString(strings.NewReplacer("{topic}", d.topic, "{c}", d.compound, "{t}", pick(d.r, timesOfDay)).Replace(tmpl))
}

func (d *minutes) partyLines() {
	for _, p := range d.parties {
		d.b.WriteString("- ")
		d.b.WriteString(roleCN[p.role])
		switch {
		case p.org != "" && p.count > 1:
			fmt.Fprintf(&d.b, "：%s（%d人）", p.org, p.count)
		case p.org != "":
			d.b.WriteString("：" + p.org)
		default:
			fmt.Fprintf(&d.b, " %d 人", p.count)
		}
		if p.role == "hotline" {
			d.b.WriteString("（召集方）")
		}
		d.b.WriteString("\n")
	}
}

func cnDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
