package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Case free text: summaries and resolutions assembled from the catalogue fragments with
// varied openers and closings. Only roles and organisations act in the text, and places go
// no finer than a building.

var (
	timesOfDay = []string{"每晚十点以后", "凌晨一两点", "周末清晨", "晚上九点后", "中午午休时间", "深夜"}
	durations  = []string{"近一周", "已有半个多月", "一个多月", "好几天", "两周多"}
	bldSuffix  = []string{"号楼", "栋", "幢", "号楼"}

	openers = [numChannels][]string{
		chHotline: {"来电反映，", "市民来电反映，", "来电人称，", "业主来电反映，", "居民来电投诉，"},
		chGroup:   {"睦邻邻里群内居民反映，", "邻里群群成员反映，", "居民在邻里群内反映，"},
		chPatrol:  {"网格员巡查发现，", "网格员日常巡查中发现，", "网格巡查发现，"},
		chHall:    {"居民到议事厅反映，", "居民来议事厅现场反映，", "议事厅接待居民时了解到，"},
	}
	consultOpeners = [numChannels]string{chHotline: "来电", chGroup: "邻里群内居民", chPatrol: "网格员走访时居民", chHall: "居民到议事厅"}
	collectiveOps  = []string{"多名居民联名反映，", "多名业主集体反映，", "多户居民共同反映，", "楼栋居民集体反映，"}
	requests       = []string{"希望尽快处理", "要求相关部门尽快解决", "希望社区协调解决", "请求督促整改", "希望彻底解决", "", ""}
	patrolNotes    = []string{"已拍照上报", "已现场告知并上报", "已录入网格系统", ""}

	resolvedPre  = []string{"接单后及时联系{w}，", "经现场核查，", "经核实，", "经与{w}沟通，", "当日到现场查看后，"}
	resolvedPost = []string{"，已向{w}反馈办理结果。", "，{w}表示认可。", "，问题已解决。", "。"}
	unresolvedRe = []string{"涉及历史遗留问题，需纳入整体改造计划", "双方意见分歧较大，暂未达成一致", "不属于行政职能范围，建议通过司法途径解决", "所需资金较大，需业主大会表决后实施", "产权归属不清，暂无法处理"}
	withdrawnTx  = []string{"{w}来电表示问题已自行解决，申请撤回。", "{w}表示已与对方协商解决，撤回诉求。", "经联系，{w}表示不再需要处理。"}
	progressTx   = []string{"已转{h}办理，正在处理中。", "{h}已联系{w}，正在协调处理。", ""}
	meetingVerb  = [numKinds]string{kindJoint: "联席会办", kindOnsite: "现场会办", kindParties: "有请当事人会办", kindCloud: "邻里群云上会办"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// writer assembles text into a reused builder.
type writer struct {
	r   *rand.Rand
	b   strings.Builder
	com *community
	// compound and building are fixed per case so that {c} and {p} agree.
	compound, building string
	handler, who       string
}

func (w *writer) reset(com *community, cat *category, ch channel) {
	w.com = com
	w.compound = pick(w.r, com.compounds)
	w.building = strconv.Itoa(1+w.r.IntN(28)) + pick(w.r, bldSuffix)
	w.handler = pick(w.r, cat.handlers)
	w.who = "居民"
	if ch == chHotline {
		w.who = "来电人"
	}
}

// fill appends tmpl with its placeholders replaced.
func (w *writer) fill(tmpl string) {
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 || i+2 >= len(tmpl) || tmpl[i+2] != '}' {
			w.b.WriteString(tmpl)
			return
		}
		w.b.WriteString(tmpl[:i])
		switch tmpl[i+1] {
		case 'c':
			w.b.WriteString(w.compound)
		case 'p':
			w.b.WriteString(w.compound)
			w.b.WriteString(w.building)
		case 'r':
			w.b.WriteString(pick(w.r, roads))
		case 't':
			w.b.WriteString(pick(w.r, timesOfDay))
		case 'd':
			w.b.WriteString(pick(w.r, durations))
		case 'h':
			w.b.WriteString(w.handler)
		case 'w':
			w.b.WriteString(w.who)
		default:
			w.b.WriteString(tmpl[i : i+3])
		}
		tmpl = tmpl[i+3:]
	}
}

func (w *writer) take() string {
	s := w.b.String()
	w.b.Reset()
	return s
}

// summary returns the case summary. Records typed by grid workers on a phone sometimes use
// ASCII commas, which the CSV writer must quote.
func (w *writer) summary(sub *subcategory, ch channel, collective bool) string {
	switch {
	case sub.consult:
		w.b.WriteString(consultOpeners[ch])
	case collective:
		w.fill(pick(w.r, collectiveOps))
	default:
		w.b.WriteString(pick(w.r, openers[ch]))
	}
	w.fill(pick(w.r, sub.summaries))
	if !sub.consult {
		tail := pick(w.r, requests)
		if ch == chPatrol {
			tail = pick(w.r, patrolNotes)
		}
		if tail != "" {
			w.b.WriteString("，")
			w.b.WriteString(tail)
		}
	}
	w.b.WriteString("。")
	s := w.take()
	if (ch == chPatrol || ch == chGroup) && w.r.IntN(5) < 2 {
		s = strings.ReplaceAll(s, "，", ",")
	}
	return s
}

// resolution returns the resolution text for a case in its final state; m is the meeting
// that handled it, or nil.
func (w *writer) resolution(sub *subcategory, st status, m *meeting, hallName string) string {
	switch st {
	case stReceived:
		return ""
	case stInProgress:
		w.fill(pick(w.r, progressTx))
		return w.take()
	case stWithdrawn:
		w.fill(pick(w.r, withdrawnTx))
		return w.take()
	}
	if m != nil {
		w.b.WriteString(strconv.Itoa(int(m.start.Month())))
		w.b.WriteString("月")
		w.b.WriteString(strconv.Itoa(m.start.Day()))
		w.b.WriteString("日经")
		if w.r.IntN(2) == 0 && m.kind != kindCloud {
			w.b.WriteString(hallName)
		}
		w.b.WriteString(meetingVerb[m.kind])
		w.b.WriteString("，")
		if st == stUnresolved {
			w.b.WriteString("各方未能达成一致，")
			w.b.WriteString(pick(w.r, unresolvedRe))
			w.fill("，已告知{w}后续解决途径。")
			return w.take()
		}
		w.b.WriteString(pick(w.r, sub.actions))
		w.fill(pick(w.r, resolvedPost))
		return w.take()
	}
	w.fill(pick(w.r, resolvedPre))
	if st == stUnresolved {
		w.fill("{h}多次协调，但")
		w.b.WriteString(pick(w.r, unresolvedRe))
		w.fill("，已向{w}做好解释说明。")
		return w.take()
	}
	w.b.WriteString(pick(w.r, sub.actions))
	w.fill(pick(w.r, resolvedPost))
	return w.take()
}

var (
	surnames   = []rune("张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗")
	maskForms  = []string{"某", "某某", "女士", "先生"}
	phoneHeads = []string{"130", "133", "135", "138", "139", "151", "152", "158", "177", "180", "186", "189"}
)

// maskedCaller returns an already-masked caller name and phone for the two identity columns.
func maskedCaller(r *rand.Rand, ch channel) (name, phone string) {
	if ch == chPatrol {
		return "", ""
	}
	if f := pick(r, maskForms); f == "女士" || f == "先生" {
		name = "某" + f
	} else {
		name = string(pick(r, surnames)) + f
	}
	if ch == chHotline || (ch == chHall && r.IntN(2) == 0) {
		n := r.IntN(10000)
		phone = pick(r, phoneHeads) + "****" + string([]byte{byte('0' + n/1000), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
	}
	return name, phone
}
