package demo

import "math/rand/v2"

// The places of the demo: one district, one street, eleven communities with their grids and
// residential compounds, and the roads that appear in case text. Community names, slugs and
// compounds beyond the five named in the reference article are invented.

const (
	districtName = "江北新区"
	districtSlug = "jiangbei"
	streetName   = "沿江街道"
	streetSlug   = "yanjiang"
)

// community is one 社区 of the street.
type community struct {
	name   string // 水城社区
	slug   string // shuicheng
	prefix string // 水城, used for grid names
	// weight is the community's share of case volume (relative).
	weight float64
	// grids is the number of grids (3–6).
	grids int
	// groupShare is the share of cases that arrive through the community's neighbour groups.
	groupShare float64
	// compounds are residential compounds (小区) named in case text.
	compounds []string
}

// communities lists the street's communities in a fixed order; the first few are much bigger.
var communities = []community{
	{"水城社区", "shuicheng", "水城", 18, 6, 0.18, []string{"水城花园", "滨江水岸", "水城新村", "水城东苑"}},
	{"龙山社区", "longshan", "龙山", 14, 5, 0.18, []string{"龙山苑", "龙山新寓", "金龙花园"}},
	{"百润社区", "bairun", "百润", 12, 5, 0.20, []string{"百润家园", "润泽园", "百润东苑"}},
	{"路西社区", "luxi", "路西", 7, 4, 0.55, []string{"路西新村", "西苑小区", "路西公寓"}},
	{"新化社区", "xinhua", "新化", 9, 5, 0.20, []string{"新化小区", "新化佳园", "安居苑"}},
	{"江岸社区", "jiangan", "江岸", 8, 4, 0.16, []string{"江岸明珠", "望江花园", "江岸人家"}},
	{"东沟社区", "donggou", "东沟", 4, 3, 0.15, []string{"东沟新村", "东沟小区"}},
	{"朱家山社区", "zhujiashan", "朱家山", 5, 3, 0.15, []string{"朱家山花园", "山水家园"}},
	{"新城社区", "xincheng", "新城", 10, 5, 0.18, []string{"新城佳苑", "新城锦园", "滨河湾"}},
	{"河滨社区", "hebin", "河滨", 3, 3, 0.15, []string{"河滨小区", "清水湾"}},
	{"浦洲社区", "puzhou", "浦洲", 4, 3, 0.16, []string{"浦洲花园", "浦洲新寓"}},
}

// roads appear in case text about streets and construction sites.
var roads = []string{"沿江路", "浦滨路", "新华路", "龙山路", "百润路", "水城大道", "朱家山路", "东沟路", "河滨路", "浦洲路", "江岸路", "新城大道"}

var cnOrdinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// gridName returns the name of grid i (0-based) of c, e.g. 水城第一网格.
func (c community) gridName(i int) string {
	return c.prefix + "第" + cnOrdinals[i] + "网格"
}

// gridNames returns all grid names of c in order.
func (c community) gridNames() []string {
	out := make([]string, c.grids)
	for i := range out {
		out[i] = c.gridName(i)
	}
	return out
}

// communityIndex returns the index of the community with the given slug, or -1.
func communityIndex(slug string) int {
	for i, c := range communities {
		if c.slug == slug {
			return i
		}
	}
	return -1
}

// The issue catalogue: categories and subcategories of residents' requests with the text
// fragments that case summaries and resolutions are built from. Placeholders in the
// fragments: {c} a compound, {p} a compound and building ("水城花园3号楼"), {r} a road,
// {t} a time of day, {d} a duration. Nothing ever names a person or a room.

// family groups categories that share the wording of meeting minutes.
type family int

const (
	famProperty family = iota
	famEnvironment
	famNoise
	famTraffic
	famNeighbour
	famUtilities
	famSafety
	famServices
	numFamilies
)

type subcategory struct {
	name string
	// consult marks enquiries and suggestions ("咨询…", "建议…"): no complaint wording.
	consult   bool
	summaries []string
	actions   []string
}

type category struct {
	name, slug string
	weight     float64 // relative share of case volume
	meet       float64 // propensity to be handled through a meeting (complex disputes)
	collective float64 // propensity to be a collective request
	summer     float64 // volume factor June–August (0 means 1)
	y2022      float64 // volume factor in 2022 (0 means 1)
	fam        family
	sensitive  bool     // social assistance and the like: aggregate only (privacy SPEC §7)
	handlers   []string // who handles the case in resolution text
	subs       []subcategory
}

// categories is the catalogue: living-environment categories first, then public services.
var categories = append(livingCategories, serviceCategories...)

var livingCategories = []category{
	{name: "物业管理", slug: "property", weight: 14, meet: 0.13, collective: 0.05, fam: famProperty,
		handlers: []string{"物业", "社区", "街道物业办"},
		subs: []subcategory{
			{name: "物业服务", summaries: []string{"{c}物业服务质量下降，保安经常脱岗，门禁长期损坏无人维修", "{p}楼道卫生{d}无人打扫，物业不作为", "{c}物业对业主报修推诿拖延，报修后{d}无人上门"},
				actions: []string{"社区约谈物业服务公司，督促其加强人员管理并限期整改", "物业安排专人上门核实，修复门禁并恢复日常保洁", "街道物业办将该物业纳入重点督查，物业已补齐保安和保洁人员"}},
			{name: "电梯维修", summaries: []string{"{p}电梯{d}频繁停运，老人上下楼困难", "{p}电梯运行时异响明显，居民担心安全", "{p}电梯困人后维修不及时，要求物业彻底检修"},
				actions: []string{"物业联系维保单位对电梯进行全面检修，更换老化部件", "街道联合特种设备监管部门督促维保单位检测，电梯已恢复运行"}},
			{name: "公共维修", summaries: []string{"{p}单元门损坏，{d}未修", "{c}小区内楼道灯不亮，夜间出行不便", "{p}屋面雨水管断裂，雨天外墙漏水"},
				actions: []string{"物业已安排维修人员更换损坏部件", "社区协调物业使用维修资金进行修缮"}},
			{name: "物业费纠纷", summaries: []string{"{c}物业上调物业费未经业主大会表决，业主有异议", "{c}物业以欠缴物业费为由限制业主车辆进出", "对{c}物业费收费标准和公共收益公示有疑问"},
				actions: []string{"社区组织物业与业主代表面对面沟通，物业公示收费依据和公共收益明细", "街道物业办核查收费标准和公共收益账目，督促物业依规收费、按时公示"}},
		}},
	{name: "环境卫生", slug: "sanitation", weight: 10, meet: 0.05, collective: 0.03, summer: 1.2, fam: famEnvironment,
		handlers: []string{"物业", "环卫所", "社区"},
		subs: []subcategory{
			{name: "垃圾清运", summaries: []string{"{c}垃圾桶满溢，垃圾清运不及时，异味较大", "{c}垃圾分类投放点周边脏乱，夏季蚊蝇滋生", "{r}沿线建筑垃圾堆放{d}未清运"},
				actions: []string{"环卫部门调整清运频次，每日早晚各清运一次", "物业已清理垃圾并对投放点进行消杀"}},
			{name: "楼道堆物", summaries: []string{"{p}楼道内长期堆放纸箱、旧家具等杂物，堵塞疏散通道", "{p}楼道有居民堆放废品，存在消防隐患", "{p}公共楼道被占用放置鞋柜和杂物"},
				actions: []string{"物业联合网格员上门劝导，楼道堆物已清理完毕", "社区组织志愿者开展楼道清理行动，并张贴通知提醒居民"}},
			{name: "卫生死角", summaries: []string{"{c}围墙边卫生死角长期无人清扫，老鼠较多", "{r}绿化带内有大量生活垃圾", "{c}地下车库积水发臭"},
				actions: []string{"环卫所安排人员清理卫生死角并投放灭鼠药", "物业组织人员清理卫生死角，并纳入日常保洁范围"}},
		}},
	{name: "噪音扰民", slug: "noise", weight: 9, meet: 0.13, collective: 0.06, summer: 1.4, fam: famNoise,
		handlers: []string{"城管部门", "社区", "派出所"},
		subs: []subcategory{
			{name: "夜间施工", summaries: []string{"{r}附近工地{t}仍在施工，噪音很大，影响休息", "{c}旁工地夜间浇筑混凝土，机械轰鸣至凌晨", "{r}道路施工{t}作业，噪音扰民{d}"},
				actions: []string{"城管部门到场核查，督促施工方严格遵守夜间停工规定", "施工方承诺22时后停止高噪音作业，并公示夜间施工许可"}},
			{name: "广场舞噪音", summaries: []string{"{c}广场舞音响声音过大，{t}影响居民休息", "{c}中心广场{t}有人使用高音喇叭跳舞", "{c}健身活动音响扰民{d}"},
				actions: []string{"社区与广场舞队伍沟通，约定音量和活动时间", "社区协调将活动点位调整至远离住宅楼的空地，并限定结束时间"}},
			{name: "商铺噪音", summaries: []string{"{r}沿街商铺使用高音喇叭促销，噪音扰民", "{c}底商饭店排风机噪音影响楼上居民", "{r}烧烤摊{t}喧哗，影响周边居民"},
				actions: []string{"城管部门现场检查，责令商户整改噪音问题", "市场监管和城管部门联合检查，商户加装降噪设施"}},
			{name: "装修噪音", summaries: []string{"{p}有住户装修在午休时段施工，噪音大", "{p}装修{t}仍在电钻作业", "{p}装修{d}，周末也不停工"},
				actions: []string{"物业上门告知装修管理规定，施工时间已调整", "社区协调装修业主与邻居沟通，约定施工时段"}},
		}},
	{name: "停车管理", slug: "parking", weight: 7, meet: 0.10, collective: 0.04, fam: famTraffic,
		handlers: []string{"物业", "交警部门", "社区"},
		subs: []subcategory{
			{name: "占用消防通道", summaries: []string{"{c}消防通道长期被私家车占用，存在安全隐患", "{p}楼下消防通道{t}停满车辆", "{c}消防车通道被电动车和杂物堵塞"},
				actions: []string{"物业施划禁停标线并安排人员巡查劝离", "消防、城管部门联合检查，清理占道车辆"}},
			{name: "乱停乱放", summaries: []string{"{r}路边车辆乱停，早晚高峰拥堵", "{c}门口共享单车乱停乱放，影响通行", "{c}小区内车辆占用绿地停放"},
				actions: []string{"交警部门加强巡查并对违停车辆依法处理", "社区联系相关单位清理乱停车辆并施划停放区域"}},
			{name: "车位纠纷", summaries: []string{"{c}地下车位被他人长期占用，物业处理不力", "{c}新增车位分配规则不公开，业主有意见", "{c}外来车辆进入小区占用车位"},
				actions: []string{"物业核实车位产权并协调占用方腾退", "社区组织业主代表讨论车位分配办法并公示结果"}},
		}},
	{name: "邻里纠纷", slug: "neighbour", weight: 6, meet: 0.26, collective: 0.01, fam: famNeighbour,
		handlers: []string{"社区", "人民调解委员会", "网格员"},
		subs: []subcategory{
			{name: "漏水渗水", summaries: []string{"{p}楼上住户卫生间漏水，导致楼下天花板渗水发霉", "{p}上下楼之间渗水问题{d}未解决，双方协商不成", "{p}楼上住户空调冷凝水滴落到楼下阳台"},
				actions: []string{"社区调解员组织双方协商，楼上住户同意请专业人员维修防水", "物业上门检测渗漏点，双方就维修费用分担达成一致"}},
			{name: "高空抛物", summaries: []string{"{p}有人从楼上抛扔垃圾，存在安全隐患", "{p}楼下多次发现高空抛下的烟头和果皮", "{p}高空坠物砸坏楼下车辆顶棚"},
				actions: []string{"物业加装监控探头，社区在楼栋开展高空抛物危害宣传", "派出所和社区联合走访楼栋住户，开展安全教育"}},
			{name: "公共空间占用", summaries: []string{"{p}有住户在楼道私装铁门占用公共空间", "{p}底层住户圈占楼前绿地种菜", "{p}顶楼住户占用楼顶平台搭建花架"},
				actions: []string{"社区和物业上门做工作，住户已自行拆除", "经调解，住户同意恢复公共空间原状"}},
		}},
	{name: "市政设施", slug: "municipal", weight: 8, meet: 0.06, collective: 0.04, fam: famUtilities,
		handlers: []string{"城管部门", "建设与交通部门", "社区"},
		subs: []subcategory{
			{name: "路灯不亮", summaries: []string{"{r}路灯{d}不亮，夜间出行不安全", "{c}门口路段路灯损坏，晚上一片漆黑", "{r}部分路灯白天亮晚上不亮"},
				actions: []string{"路灯管理所已派员检修，更换损坏灯具", "城管部门核实后修复线路故障，路灯恢复正常"}},
			{name: "下水道堵塞", summaries: []string{"{p}下水道堵塞，污水外溢", "{c}雨后排水不畅，路面积水严重", "{r}窨井盖缺失，存在安全隐患"},
				actions: []string{"水务部门安排疏通车疏通管道", "城管部门现场处置，完成疏通并修复破损设施"}},
			{name: "道路破损", summaries: []string{"{r}路面坑洼不平，雨天积水", "{c}门口人行道地砖松动破损", "{r}减速带损坏，车辆经过噪音大"},
				actions: []string{"建设与交通部门安排对破损路面进行修补", "养护单位更换松动地砖，恢复人行道平整"}},
		}},
	{name: "供水供电", slug: "utilities", weight: 7, meet: 0.05, collective: 0.08, summer: 1.6, fam: famUtilities,
		handlers: []string{"供电公司", "自来水公司", "物业"},
		subs: []subcategory{
			{name: "停水", summaries: []string{"{c}突然停水，未提前通知", "{p}停水{d}，居民生活受影响", "{c}供水管道爆裂，大面积停水"},
				actions: []string{"自来水公司排查原因并抢修，已恢复供水", "物业张贴停水通知并安排送水"}},
			{name: "停电", summaries: []string{"{c}夏季用电高峰频繁跳闸停电", "{p}反复停电，空调无法使用", "{c}配电箱老化，雨天跳闸"},
				actions: []string{"供电公司抢修线路并对配电设备进行增容", "物业联系供电公司更换老化配电箱"}},
			{name: "水压不足", summaries: []string{"{p}高层水压不足，用水困难", "{c}二次供水水箱清洗不及时，水质浑浊", "{p}自来水发黄有异味"},
				actions: []string{"自来水公司调整加压泵运行参数，水压恢复正常", "物业对二次供水水箱进行清洗消毒并送检水质"}},
		}},
	{name: "房屋质量", slug: "housing", weight: 5, meet: 0.16, collective: 0.06, fam: famProperty,
		handlers: []string{"住建部门", "开发商", "物业"},
		subs: []subcategory{
			{name: "外墙渗漏", summaries: []string{"{p}外墙渗水，雨天室内墙面发霉", "{p}外墙保温层脱落，存在坠落隐患", "{p}外墙瓷砖松动脱落"},
				actions: []string{"开发商安排施工队对外墙进行防水修缮", "物业设置警戒区，协调维修资金对外墙进行修复"}},
			{name: "墙体开裂", summaries: []string{"{p}楼道墙体出现裂缝，居民担心安全", "{c}新交付房屋墙体开裂，开发商拖延维修"},
				actions: []string{"住建部门委托第三方检测，结论为非结构性裂缝，开发商负责修补", "开发商与业主签订维修协议并开始施工"}},
			{name: "屋顶漏水", summaries: []string{"{p}顶楼屋面防水层老化，下雨即漏水", "{p}楼顶水箱漏水，渗入顶层"},
				actions: []string{"物业申请使用维修资金，屋面防水工程已完工", "社区协调开发商和物业共同承担屋顶维修"}},
		}},
	{name: "绿化养护", slug: "greening", weight: 4, meet: 0.04, collective: 0.02, summer: 1.3, fam: famEnvironment,
		handlers: []string{"园林部门", "物业"},
		subs: []subcategory{
			{name: "树木修剪", summaries: []string{"{p}楼前树木过高遮挡采光，影响低层住户", "{r}行道树枝叶遮挡路灯和交通标志", "{c}树木枯枝有坠落风险"},
				actions: []string{"园林部门安排对树木进行修剪", "物业联系绿化养护单位清理枯枝"}},
			{name: "绿地毁损", summaries: []string{"{c}绿地被毁种菜", "{c}绿化带无人养护，杂草丛生", "{r}绿化带被车辆碾压损毁"},
				actions: []string{"物业清理整治并补植绿化", "园林部门安排养护单位补种并加强巡查"}},
		}},
	{name: "违章搭建", slug: "illegal-building", weight: 4, meet: 0.16, collective: 0.03, fam: famSafety,
		handlers: []string{"综合执法部门", "城管部门", "社区"},
		subs: []subcategory{
			{name: "私搭乱建", summaries: []string{"{p}底层住户在院内违规搭建阳光房", "{p}楼顶有人违规加建", "{c}有住户私自扩建院墙占用公共区域"},
				actions: []string{"综合执法部门现场核查，责令限期自行拆除", "经执法部门依法处置，违建已拆除"}},
			{name: "破墙开店", summaries: []string{"{p}底层住户破墙开门改作商铺", "{r}沿街住宅擅自改变房屋用途开店"},
				actions: []string{"城管部门责令恢复原状，商户已封堵破墙门洞", "住建和执法部门联合核查，依法督促整改"}},
		}},
	{name: "安全隐患", slug: "safety", weight: 4, meet: 0.08, collective: 0.03, fam: famSafety,
		handlers: []string{"消防部门", "物业", "社区"},
		subs: []subcategory{
			{name: "飞线充电", summaries: []string{"{p}有居民从楼上拉电线为电动车充电，存在火灾隐患", "{c}电动车飞线充电现象普遍，充电桩不足", "{p}电动车停放在楼道内充电"},
				actions: []string{"物业和网格员上门劝导并拆除飞线，社区协调新增集中充电桩", "消防部门开展电动车安全检查，小区新建充电车棚"}},
			{name: "消防设施", summaries: []string{"{p}消防栓无水，灭火器过期", "{c}消防设施损坏{d}未修复", "{p}楼道应急照明灯损坏"},
				actions: []string{"物业已完成消防设施检修和更换", "消防部门督促物业完成消防设施维保"}},
		}},
	{name: "文明养犬", slug: "dogs", weight: 3, meet: 0.10, collective: 0.02, fam: famNeighbour,
		handlers: []string{"派出所", "城管部门", "社区"},
		subs: []subcategory{
			{name: "宠物扰民", summaries: []string{"{p}住户饲养的狗{t}狂吠，影响休息", "{p}有住户在楼道内饲养宠物，气味较大", "{p}有住户饲养多只猫，异味影响邻居"},
				actions: []string{"社区和物业上门沟通，养宠住户承诺加强管理", "社区调解员组织邻里协商，约定养宠规范"}},
			{name: "犬只未拴绳", summaries: []string{"{c}遛狗不拴绳现象普遍，老人孩子受到惊吓", "{c}犬只粪便随处可见，无人清理", "{c}有居民饲养疑似禁养犬"},
				actions: []string{"社区开展文明养犬宣传，派出所对未拴绳行为进行劝导", "城管与派出所联合巡查，督促犬主规范遛犬"}},
		}},
}

// numSubs is the number of subcategories over all categories.
func numSubs() int {
	n := 0
	for _, c := range categories {
		n += len(c.subs)
	}
	return n
}

// flatSub numbers subcategory s of category c across the catalogue.
func flatSub(c, s int) int {
	for i := range c {
		s += len(categories[i].subs)
	}
	return s
}

// splitSub is the inverse of flatSub.
func splitSub(f int) (c, s int) {
	for c = range categories {
		if f < len(categories[c].subs) {
			return c, f
		}
		f -= len(categories[c].subs)
	}
	panic("demo: subcategory out of range")
}

// weightedIndex draws an index with probability proportional to w[i].
func weightedIndex(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	u := r.Float64() * total
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// Public-service categories of the issue catalogue: fewer complaints about neighbours, more
// enquiries, rarely settled in a meeting.

var serviceCategories = []category{
	{name: "食品安全", slug: "food", weight: 2, meet: 0.02, collective: 0.02, summer: 1.2, fam: famServices,
		handlers: []string{"市场监管部门"},
		subs: []subcategory{
			{name: "无证经营", summaries: []string{"{r}有流动摊贩无证售卖熟食", "{c}周边小餐馆无证经营，卫生状况差"},
				actions: []string{"市场监管部门现场检查，责令停止无证经营", "市场监管和城管部门联合整治，流动摊贩已清理"}},
			{name: "食品卫生", summaries: []string{"{r}一家餐馆后厨卫生差，反映就餐后身体不适", "{c}附近超市销售过期食品"},
				actions: []string{"市场监管部门现场检查，责令整改并立案调查", "涉事超市下架过期食品并接受处罚"}},
		}},
	{name: "交通出行", slug: "transport", weight: 5, meet: 0.03, collective: 0.04, fam: famTraffic,
		handlers: []string{"建设与交通部门", "交警部门", "公交公司"},
		subs: []subcategory{
			{name: "公交线路", summaries: []string{"{c}附近公交班次少，等车时间长", "建议在{r}增设公交站点，方便{c}居民出行", "{r}公交站台雨棚损坏"},
				actions: []string{"交通部门会同公交公司现场核实，已安排整改", "交通部门答复已纳入线网优化方案"}},
			{name: "交通信号", summaries: []string{"{r}路口红绿灯时长设置不合理，行人过街困难", "{r}路口缺少信号灯，事故隐患大"},
				actions: []string{"交警部门调整信号灯配时", "交警部门现场勘察后设置临时警示标志，信号灯纳入建设计划"}},
			{name: "非机动车停放", summaries: []string{"{c}电动车停车棚不足，车辆停放混乱", "{r}人行道被非机动车占满"},
				actions: []string{"社区协调物业新增非机动车停放区", "城管部门施划非机动车停车位并规范停放"}},
		}},
	{name: "社会保障", slug: "social-security", weight: 3, meet: 0.02, collective: 0.01, fam: famServices, sensitive: true,
		handlers: []string{"社保部门", "社区"},
		subs: []subcategory{
			{name: "医保办理", consult: true, summaries: []string{"咨询灵活就业人员医保缴费办理流程", "反映医保报销进度慢", "咨询异地就医备案办理方式"},
				actions: []string{"社区工作人员解答政策并协助线上办理", "社保部门核实后加快审核，已完成报销"}},
			{name: "低保救助", consult: true, summaries: []string{"咨询低保申请条件和办理进度", "反映临时救助申请未获答复"},
				actions: []string{"街道民政工作人员上门核实家庭情况，按程序办理", "社区解释救助政策并协助补充材料"}},
		}},
	{name: "教育服务", slug: "education", weight: 3, meet: 0.02, collective: 0.05, fam: famServices,
		handlers: []string{"教育部门"},
		subs: []subcategory{
			{name: "入学咨询", consult: true, summaries: []string{"咨询{c}所属学区及入学登记材料", "反映新建小区学区划分不明确"},
				actions: []string{"教育部门答复学区划分及登记时间", "教育部门解释划片政策，后续将统一公布"}},
			{name: "校外培训", summaries: []string{"{r}有培训机构预收费用后停课", "{r}有校外培训机构违规开班"},
				actions: []string{"教育部门约谈培训机构，督促退费", "教育和市场监管部门联合检查，责令停止违规培训"}},
		}},
	{name: "医疗卫生", slug: "health", weight: 4, meet: 0.02, collective: 0.03, y2022: 1.8, fam: famServices,
		handlers: []string{"卫健部门", "社区卫生服务中心"},
		subs: []subcategory{
			{name: "社区医院", summaries: []string{"社区卫生服务中心挂号排队时间长", "建议社区卫生服务中心延长周末门诊时间"},
				actions: []string{"社区卫生服务中心优化预约流程", "卫健部门答复已增加周末门诊"}},
			{name: "核酸检测", summaries: []string{"{c}附近核酸采样点排队时间长", "建议在{c}增设便民核酸采样点", "核酸采样点夜间停止服务，下班后无法采样"},
				actions: []string{"街道增设核酸采样点并延长服务时间", "卫健部门调整采样点布局，高峰时段增加采样人员"}},
			{name: "疫苗接种", consult: true, summaries: []string{"咨询疫苗接种地点和预约方式", "反映接种点排队秩序混乱"},
				actions: []string{"工作人员告知接种点位置和预约渠道", "接种点增加引导人员，优化排队秩序"}},
		}},
	{name: "消费维权", slug: "consumer", weight: 3, meet: 0.03, collective: 0.06, fam: famServices,
		handlers: []string{"市场监管部门"},
		subs: []subcategory{
			{name: "预付卡退费", summaries: []string{"{r}一家健身房关门，预付卡无法退费", "{r}理发店预付卡余额无法使用"},
				actions: []string{"市场监管部门组织调解，商家同意分期退费", "市场监管部门告知消费者通过司法途径维权的程序"}},
			{name: "商品质量", summaries: []string{"购买的家电存在质量问题，商家拒绝退换", "{r}超市商品价格标签与结算价格不一致"},
				actions: []string{"市场监管部门组织调解，商家同意退换", "市场监管部门核查后责令商家整改"}},
		}},
	{name: "劳动保障", slug: "labour", weight: 2, meet: 0.05, collective: 0.10, fam: famServices,
		handlers: []string{"劳动监察部门"},
		subs: []subcategory{
			{name: "拖欠工资", summaries: []string{"{r}工地拖欠务工人员工资", "有企业拖欠员工工资{d}"},
				actions: []string{"劳动监察部门约谈用工单位，督促限期支付", "经协调，施工单位已足额发放拖欠工资"}},
			{name: "劳动合同", consult: true, summaries: []string{"反映用人单位未签订劳动合同", "咨询离职经济补偿标准"},
				actions: []string{"劳动监察部门解答政策并督促用人单位补签合同", "工作人员告知劳动仲裁申请途径"}},
		}},
	{name: "养老服务", slug: "elderly", weight: 3, meet: 0.03, collective: 0.02, fam: famServices,
		handlers: []string{"民政部门", "社区"},
		subs: []subcategory{
			{name: "助餐服务", summaries: []string{"{c}老年助餐点饭菜品种少", "建议在{c}附近设立老年助餐点"},
				actions: []string{"社区与助餐点运营方沟通，增加菜品", "街道评估后在社区党群服务中心开设助餐点"}},
			{name: "居家养老", consult: true, summaries: []string{"咨询居家养老上门服务申请", "反映居家养老服务人员未按约定上门"},
				actions: []string{"社区协助申请并安排服务", "民政部门约谈服务机构，督促规范服务"}},
		}},
	{name: "其他", slug: "other", weight: 4, meet: 0.02, collective: 0.01, fam: famServices,
		handlers: []string{"社区", "街道"},
		subs: []subcategory{
			{name: "政策咨询", consult: true, summaries: []string{"咨询居住证办理流程", "咨询{c}老旧小区改造计划", "咨询公租房申请条件"},
				actions: []string{"工作人员解答政策并告知办理渠道", "相关部门书面答复政策口径和办理时间"}},
			{name: "意见建议", consult: true, summaries: []string{"建议在{c}增设休闲座椅", "建议{c}增加儿童游乐设施", "建议社区多组织邻里活动"},
				actions: []string{"社区采纳建议并纳入微实事项目", "已转交相关部门研究"}},
		}},
}
