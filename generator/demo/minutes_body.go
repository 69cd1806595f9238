package demo

import (
	"fmt"
	"strings"
)

// Bodies of meeting files: minutes with 会议议题, 参会各方, 各方意见, 商定事项 and 后续跟踪
// for held meetings; a notice with an agenda for the others.

var (
	intros = [numKinds]string{
		kindBuilding: "{c}{b}楼栋议事“有事好商量”，本次议题为“{topic}”。楼栋党员主持，物业和居民代表参加。",
		kindGrid:     "{grid}“睦邻月谈”，本月主题为“{topic}”。网格员召集居民代表、社区民警和志愿者围坐座谈，听取意见、商量办法。",
		kindJoint:    "“{topic}”问题{n}涉及多个部门职责，单一部门难以解决。街道在{hall}召集联席会办，请相关职能部门、被投诉对象和诉求人代表集中研究，明确分工和时限。",
		kindOnsite:   "各方来到{c}现场，实地查看“{topic}”问题{n}，在现场核实情况、商定处置办法。",
		kindParties:  "{c}居民反映的“{topic}”问题{n}经12345热线转办后，诉求人仍不满意。本次有请当事人会办由热线平台召集，诉求人代表、被投诉对象、职能部门和热线平台四方到场，当面陈述、当面协商。",
		kindCloud:    "在{community}睦邻邻里群内就“{topic}”问题{n}开展云上会办，各方在线陈述意见、商定办法，群内居民同步旁听。",
	}
	followUps = [numKinds]string{
		kindBuilding: "楼栋党员和物业在下一次“有事好商量”时通报落实情况，网格员做好记录；逾期未落实的提交网格“睦邻月谈”。",
		kindGrid:     "网格员将本次月谈意见汇总报社区，落实情况在下月“睦邻月谈”上通报，需要部门解决的事项转12345热线办理。",
		kindJoint:    "热线平台对商定事项逐项建立台账、跟踪督办，在完成时限后三个工作日内回访诉求人；未按期落实的，提请街道督办。",
		kindOnsite:   "社区和网格员对现场整改情况每周复查一次，热线平台在完成时限后回访诉求人，回访结果计入工单办理情况。",
		kindParties:  "热线平台对商定事项逐项跟踪督办，在完成时限后三个工作日内回访诉求人；各方同意，未按期落实的再次请当事人到议事厅说明情况。",
		kindCloud:    "网格员在邻里群内每周通报进展，热线平台在完成时限后回访，群内居民可随时反馈落实情况。",
	}
	noticeLines = [numKinds]string{
		kindBuilding: "欢迎本楼栋居民参加，有意见建议可提前在楼栋群留言。",
		kindGrid:     "欢迎本网格居民参加，现场提供茶水。",
		kindJoint:    "请相关职能部门和单位负责人准时参会。",
		kindOnsite:   "会议在问题现场进行，请各方准时到场。",
		kindParties:  "届时请诉求人代表、被投诉对象、职能部门和热线平台四方到场，当面协商。",
		kindCloud:    "会办在睦邻邻里群内进行，群内居民可在线旁听、发表意见。",
	}
	agendaDefault  = []string{"诉求人代表陈述诉求", "被投诉对象说明情况", "职能部门解读政策、提出意见", "各方协商，形成商定事项", "热线平台明确跟踪督办安排"}
	agendaBuilding = []string{"通报上次议事落实情况", "居民代表发言", "物业回应", "表决形成楼栋意见"}
	agendaGrid     = []string{"网格员通报本月网格情况", "围绕本月主题座谈", "形成倡议和分工"}
	dueOffsets     = []int{7, 14, 21, 30}
)

// ownerLabel names the owner of a measure with a role present at that kind of meeting.
func ownerLabel(k kind, owner string) string {
	var repl map[string]string
	switch k {
	case kindBuilding:
		repl = map[string]string{"被投诉对象": "物业", "职能部门": "社区", "热线平台": "网格员", "诉求人代表": "居民代表"}
	case kindCloud:
		repl = map[string]string{"职能部门": "社区", "诉求人代表": "居民代表"}
	case kindOnsite:
		repl = map[string]string{"诉求人代表": "居民代表", "热线平台": "社区"}
	}
	if x, ok := repl[owner]; ok {
		return x
	}
	return owner
}

func (d *minutes) intro(tmpl string) string {
	n := ""
	if len(d.m.cases) > 0 {
		n = fmt.Sprintf("（涉及12345工单%d件）", len(d.m.cases))
	}
	return strings.NewReplacer("{c}", d.compound, "{b}", d.building, "{grid}", d.grid, "{topic}", d.topic,
		"{n}", n, "{hall}", d.hall.name, "{community}", d.com.name).Replace(tmpl)
}

func (d *minutes) heldBody() {
	b, r, k, f := &d.b, d.r, d.m.kind, &families[d.fam]
	b.WriteString("## 会议议题\n\n")
	b.WriteString(d.intro(intros[k]))
	b.WriteString("\n\n## 参会各方\n\n")
	d.partyLines()
	b.WriteString("\n## 各方意见\n\n")
	for _, v := range voices[k] {
		var src []string
		switch v.from {
		case 'P':
			src = f.petitioner
		case 'R':
			src = f.respondent
		case 'D':
			src = f.department
		case 'H':
			src = hotlineVoices
		case 'S':
			src = secretaryVoices
		case 'B':
			src = partyVoices
		case 'G':
			src = gridVoices
		case 'T':
			src = residentThemeVoices
		case 'O':
			src = policeVoices
		default:
			src = volunteerVoices
		}
		b.WriteString("- **" + v.label + "**：")
		d.say(pick(r, src))
		b.WriteString("\n")
	}
	b.WriteString("\n## 商定事项\n\n")
	for i, m := range d.measures {
		fmt.Fprintf(b, "%d. %s（责任方：%s；完成时限：%s）\n", i+1, m.what, m.owner, cnDate(m.due))
	}
	b.WriteString("\n## 后续跟踪\n\n")
	b.WriteString(followUps[k])
	b.WriteString("\n")
}

func (d *minutes) noticeBody() {
	b, k, m := &d.b, d.m.kind, d.m
	b.WriteString("## 会议议题\n\n")
	fmt.Fprintf(b, "%s定于%d月%d日%s在%s召开%s，议题为“%s”。%s\n\n", d.com.name, int(m.start.Month()), m.start.Day(),
		m.start.Format("15:04"), d.hall.name, kindCN[k], d.topic, noticeLines[k])
	b.WriteString("## 拟邀参会方\n\n")
	d.partyLines()
	b.WriteString("\n## 议程\n\n")
	for i, a := range d.agenda() {
		fmt.Fprintf(b, "%d. %s\n", i+1, a)
	}
	b.WriteString("\n## 参会须知\n\n请参会人员提前十分钟到场签到。会议形成的商定事项将在本站公示，热线平台负责跟踪督办。\n")
	switch m.status {
	case "cancelled":
		b.WriteString("\n## 取消说明\n\n因主要当事方无法到场，本次会议取消。相关诉求由职能部门继续直接办理，热线平台跟踪办理进度。\n")
	case "postponed":
		b.WriteString("\n## 延期说明\n\n因需补充现场勘察材料，本次会议延期举行，新的时间确定后另行通知。\n")
	}
}
