package demo

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// The deliberation halls (议事厅): the four named in the reference article, one invented
// hall for each remaining community, and an older room in 水城社区 that served before the
// 12345有请当事人议事厅 opened in March 2022.

type hall struct {
	name, slug string
	community  string // community slug
	address    string // building level at most
	size       int    // m²
	hours      string
	sessions   []session
	// opened is the first day meetings may be held there.
	opened time.Time
	desc   []string // Markdown paragraphs
}

var halls = []hall{
	{name: "海棠议事厅", slug: "haitang", community: "longshan", address: "龙山社区党群服务中心一楼", size: 25,
		hours:    "周一至周五 9:00–17:00",
		sessions: []session{{kind: "parties_meeting", title: "金牌调解员轮值坐班", freq: "weekly", weekday: "wednesday", nth: 0, clock: "09:00", duration: "2h30m"}, {kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "monday", nth: 0, clock: "19:00", duration: "1h30m"}, {kind: "grid_meeting", title: "睦邻月谈", freq: "monthly", weekday: "friday", nth: 1, clock: "19:00", duration: "1h30m"}},
		opened:   date(2020, 6, 1),
		desc: []string{
			"海棠议事厅设在龙山社区党群服务中心一楼，面积约25平方米，一张长桌、十余把椅子，墙上张贴着议事规则和本月议题。",
			"议事厅实行金牌调解员每周轮值坐班制度：社区里热心、有威望的党员、退休干部和法律明白人组成调解员队伍，按周排班，居民遇到邻里矛盾可以直接上门，调解员当场听、当场劝、当场记。",
			"12345热线转来的复杂诉求，社区会邀请诉求人、被投诉方和相关部门到议事厅当面协商，商定的事项由热线平台跟踪督办，办理结果在本站公示。",
		}},
	{name: "小圆桌议事会", slug: "xiaoyuanzhuo", community: "bairun", address: "百润社区党群服务中心二楼", size: 40,
		hours:    "周一至周六 9:00–17:30",
		sessions: []session{{kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "tuesday", nth: 0, clock: "19:00", duration: "1h30m"}, {kind: "grid_meeting", title: "睦邻月谈", freq: "monthly", weekday: "saturday", nth: 2, clock: "09:30", duration: "1h30m"}},
		opened:   date(2020, 9, 1),
		desc: []string{
			"小圆桌议事会以一张圆桌为标志：围桌而坐、不分主次，居民、物业和社区工作人员平等发言。",
			"议事会把议题分成楼栋、网格和社区三级：楼栋里能商量的在楼栋解决，跨楼栋的提交网格“睦邻月谈”，涉及多个部门的再提交社区召集联席会办。",
		}},
	{name: "“沿之有你”12345有请当事人议事厅", slug: "yanzhiyouni", community: "shuicheng", address: "水城社区党群服务中心一楼", size: 60,
		hours:    "周一至周五 9:00–17:00，周四延长至20:00",
		sessions: []session{{kind: "parties_meeting", title: "有请当事人会办", freq: "weekly", weekday: "thursday", nth: 0, clock: "14:30", duration: "1h30m"}, {kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "friday", nth: 0, clock: "19:00", duration: "1h30m"}, {kind: "grid_meeting", title: "睦邻月谈", freq: "monthly", weekday: "saturday", nth: 1, clock: "09:30", duration: "1h30m"}},
		opened:   date(2022, 3, 1),
		desc: []string{
			"“沿之有你”12345有请当事人议事厅于2022年3月在水城社区启用，是沿江街道推动“热线进小区”的重点阵地。",
			"议事厅推行“四方会谈”：诉求人代表、被投诉对象、有关职能部门和12345热线平台四方到场，热线平台作为召集方，把反复投诉、答复后仍不满意的工单请到桌面上当面说清。",
			"每次会办形成纪要，商定措施明确责任方和完成时限，热线平台逐项跟踪督办，并在完成时限后回访诉求人。",
		}},
	{name: "水城社区睦邻议事室", slug: "shuicheng-mulin", community: "shuicheng", address: "水城社区党群服务中心二楼", size: 30,
		hours:    "周一至周五 9:00–17:00",
		sessions: []session{{kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "tuesday", nth: 0, clock: "19:00", duration: "1h30m"}},
		opened:   date(2019, 5, 1),
		desc: []string{
			"睦邻议事室是水城社区较早设立的议事场所，2022年3月“沿之有你”12345有请当事人议事厅启用后，主要承担楼栋议事和小型协商。",
			"议事室与社区的睦邻邻里群联动：群里提出的问题先在群内讨论，需要当面商量的再约到议事室。",
		}},
	{name: "安居议事会", slug: "anju", community: "xinhua", address: "新化社区党群服务中心一楼", size: 50,
		hours:    "周一至周五 8:30–17:00",
		sessions: []session{{kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "wednesday", nth: 0, clock: "19:00", duration: "1h30m"}, {kind: "joint_meeting", title: "五方联动联席会", freq: "monthly", weekday: "friday", nth: -1, clock: "14:30", duration: "1h30m"}},
		opened:   date(2020, 4, 1),
		desc: []string{
			"安居议事会是新化社区“五方联动”的议事平台：社区党组织、物业、社区民警、志愿者和共建单位五方共同参与，重大事项共同商议、分工落实。",
			"社区与20家共建单位结对，累计提供帮扶158人次，投入资金20余万元，帮助居民解决就业岗位约20个。",
			"议事会每月召开一次五方联动联席会，对当月12345热线工单进行梳理，重点研究反复出现的问题。",
		}},
	{name: "邻里连心议事厅", slug: "lianxin", community: "luxi", address: "路西社区党群服务中心一楼", size: 35,
		hours:    "周一至周五 9:00–17:00",
		sessions: []session{{kind: "cloud_meeting", title: "邻里群云上会办", freq: "weekly", weekday: "thursday", nth: 0, clock: "19:30", duration: "1h30m"}, {kind: "grid_meeting", title: "睦邻月谈", freq: "monthly", weekday: "saturday", nth: 3, clock: "09:30", duration: "1h30m"}},
		opened:   date(2020, 10, 1),
		desc: []string{
			"路西社区建有7个睦邻邻里群，覆盖辖区主要小区。居民在群里提出的问题由网格员当天接单，能在群里商量解决的就在群里“云上会办”。",
			"邻里群累计协商解决各类问题400余件，其中包括2件群体诉求工单。需要面对面协商的，转到邻里连心议事厅召开议事会。",
		}},
	{name: "江岸同心议事厅", slug: "tongxin", community: "jiangan", address: "江岸社区党群服务中心二楼", size: 45,
		hours:    "周一至周五 9:00–17:00",
		sessions: []session{{kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "monday", nth: 0, clock: "19:00", duration: "1h30m"}, {kind: "grid_meeting", title: "睦邻月谈", freq: "monthly", weekday: "friday", nth: 2, clock: "19:00", duration: "1h30m"}},
		opened:   date(2020, 7, 1),
		desc: []string{
			"江岸同心议事厅面向沿江几个老旧小区，议题多集中在停车、加装电梯和老旧管网改造。",
			"议事厅邀请律师和法律明白人定期参加议事，帮助居民把诉求说在法理上、把方案落在可执行上。",
		}},
	{name: "东沟板凳议事会", slug: "bandeng", community: "donggou", address: "东沟社区党群服务中心门前广场", size: 80,
		hours:    "周一至周五 9:00–17:00（露天议事视天气安排）",
		sessions: []session{{kind: "building_meeting", title: "板凳议事", freq: "weekly", weekday: "friday", nth: 0, clock: "18:30", duration: "1h30m"}},
		opened:   date(2020, 5, 1),
		desc: []string{
			"东沟板凳议事会保留了“搬个板凳聊聊天”的传统：天气好时在党群服务中心门前广场露天议事，下雨天移到室内活动室。",
			"议事会规模不大，但居民参与度高，楼道清理、绿地认养等事项多由居民自己商定、自己落实。",
		}},
	{name: "山语议事厅", slug: "shanyu", community: "zhujiashan", address: "朱家山社区党群服务中心一楼", size: 30,
		hours:    "周一至周五 9:00–17:00",
		sessions: []session{{kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "tuesday", nth: 0, clock: "19:00", duration: "1h30m"}},
		opened:   date(2020, 8, 1),
		desc: []string{
			"山语议事厅服务朱家山社区的两个主要小区，议题以物业服务、环境卫生和邻里关系为主。",
			"议事厅与社区法律明白人、人大代表联络站协作，复杂议题会邀请人大代表旁听并提出意见。",
		}},
	{name: "新城共享议事厅", slug: "gongxiang", community: "xincheng", address: "新城社区邻里中心三楼", size: 70,
		hours:    "周一至周日 9:00–20:00",
		sessions: []session{{kind: "building_meeting", title: "楼栋议事“有事好商量”", freq: "weekly", weekday: "wednesday", nth: 0, clock: "19:00", duration: "1h30m"}, {kind: "grid_meeting", title: "睦邻月谈", freq: "monthly", weekday: "friday", nth: 1, clock: "19:00", duration: "1h30m"}},
		opened:   date(2020, 11, 1),
		desc: []string{
			"新城共享议事厅设在新城社区邻里中心三楼，与社区图书角、共享会议室合用，晚间和周末也对居民开放。",
			"新城社区新建小区多、年轻家庭多，议事厅常用“线上预约、线下议事”的方式，方便上班族参加。",
		}},
	{name: "河滨议事长廊", slug: "changlang", community: "hebin", address: "河滨小区中心花园长廊", size: 40,
		hours:    "全天开放，议事时段见下",
		sessions: []session{{kind: "building_meeting", title: "长廊议事", freq: "weekly", weekday: "saturday", nth: 0, clock: "09:30", duration: "1h30m"}},
		opened:   date(2021, 1, 1),
		desc: []string{
			"河滨议事长廊把议事搬到了小区中心花园的长廊里，居民散步时就能停下来听一听、说一说。",
			"长廊旁设有意见箱和议题公示栏，每周六上午由网格员主持议事。",
		}},
	{name: "浦洲和事佬议事室", slug: "heshilao", community: "puzhou", address: "浦洲社区党群服务中心一楼", size: 28,
		hours:    "周一至周五 9:00–17:00",
		sessions: []session{{kind: "parties_meeting", title: "和事佬坐班调解", freq: "weekly", weekday: "thursday", nth: 0, clock: "09:00", duration: "1h30m"}},
		opened:   date(2020, 6, 1),
		desc: []string{
			"浦洲和事佬议事室由社区老党员、退休教师等组成“和事佬”调解队伍，每周四上午坐班。",
			"议事室重点调解漏水渗水、噪音、宠物扰民等邻里纠纷，调解不成的引导当事人通过人民调解委员会或司法途径解决。",
		}},
}

// hallsOf returns the indices of the halls of a community open on day t.
func hallsOf(com int, t time.Time) []int {
	var out []int
	for i, h := range halls {
		if h.community == communities[com].slug && !t.Before(h.opened) {
			out = append(out, i)
		}
	}
	return out
}

func hallIndex(slug string) int {
	for i, h := range halls {
		if h.slug == slug {
			return i
		}
	}
	panic("demo: unknown hall " + slug)
}

// writeHalls writes content/halls/SLUG.md.
func writeHalls(dir string) error {
	for _, h := range halls {
		var b strings.Builder
		b.WriteString("+++\n")
		fmt.Fprintf(&b, "name          = %s\n", tomlString(h.name))
		fmt.Fprintf(&b, "slug          = %s\n", tomlString(h.slug))
		fmt.Fprintf(&b, "community     = %s\n", tomlString(communities[communityIndex(h.community)].name))
		fmt.Fprintf(&b, "address       = %s\n", tomlString(h.address))
		fmt.Fprintf(&b, "size_m2       = %d\n", h.size)
		fmt.Fprintf(&b, "opening_hours = %s\n", tomlString(h.hours))
		writeSessions(&b, h)
		b.WriteString("+++\n")
		b.WriteString(strings.Join(h.desc, "\n\n"))
		b.WriteString("\n")
		if err := writeFile(filepath.Join(dir, h.slug+".md"), b.String()); err != nil {
			return err
		}
	}
	return nil
}
