package demo

// Wording of meeting minutes per family of topics. Voices are written without a subject:
// the minutes put the speaker's role in front ("**物业**：表示……"). Placeholders: {topic},
// {c} a compound, {t} a time of day. Owners of measures are roles, relabelled per kind of
// meeting (see ownerLabel).

type measure struct{ text, owner string }

type minutesFamily struct {
	respondents []string // organisations complained about; "" for a household
	departments []string
	petitioner  []string
	respondent  []string
	department  []string
	measures    []measure
}

const hotlineOrg = "江北新区12345热线平台"

var families = [numFamilies]minutesFamily{
	famProperty: {
		respondents: []string{"某物业服务公司", "某房地产开发公司"},
		departments: []string{"江北新区建设与交通局", "沿江街道物业管理办公室"},
		petitioner: []string{"反映{c}居民围绕“{topic}”多次报修、投诉，物业答复多、落实少，希望这次明确整改时间表，并把进度在楼栋群里公开。",
			"认为“{topic}”问题已影响日常生活，老人和孩子出行不便，要求拿出具体方案，不能再一拖再拖。",
			"提出“{topic}”问题反复出现，希望查清原因、一次修好，维修费用如何分担要讲清楚。"},
		respondent: []string{"表示此前人手不足、响应偏慢，承认存在问题，愿意增加人员并在限期内完成整改。",
			"说明部分维修需动用专项维修资金，需履行业主表决程序，目前已完成报价，可同步启动。"},
		department: []string{"指出物业服务须按合同约定履行，逾期不整改将纳入信用考核；涉及维修资金的，街道可指导加快审批。",
			"介绍了物业服务考核和维修资金使用的相关规定，明确由街道物业办牵头督促落实。"},
		measures: []measure{{"在完成时限前处理“{topic}”相关问题，并在楼栋公示结果", "被投诉对象"},
			{"组织业主代表对整改和维修质量进行验收", "社区"}, {"指导启动专项维修资金使用程序", "职能部门"},
			{"每周在邻里群通报整改进度", "被投诉对象"}, {"对整改情况进行回访并记录", "热线平台"}},
	},
	famEnvironment: {
		respondents: []string{"某物业服务公司", "某环卫作业公司"},
		departments: []string{"江北新区城市管理局", "沿江街道环卫所"},
		petitioner: []string{"反映{c}“{topic}”问题时好时坏，夏季尤其严重，异味和蚊蝇影响开窗通风，希望建立长效机制。",
			"表示曾多次在邻里群里反映“{topic}”，清理后没几天又恢复原样，要求明确责任人和清理频次。"},
		respondent: []string{"表示作业车辆和人员排班紧张，同意调整作业时段并增加频次。",
			"承认日常巡查不到位，表示将增加保洁班次，并配合社区开展宣传劝导。"},
		department: []string{"表示将把该点位纳入重点巡查清单，对作业质量进行考核，发现问题限时整改。",
			"提出源头减量同样重要，建议社区结合垃圾分类督导开展入户宣传。"},
		measures: []measure{{"调整作业频次，重点点位每日早晚各清理一次", "被投诉对象"},
			{"在重点点位增设保洁巡查并做好台账", "被投诉对象"}, {"组织志愿者开展集中清理和宣传劝导", "社区"},
			{"每周抽查一次作业质量并通报结果", "职能部门"}, {"每日巡查并在邻里群反馈", "网格员"}},
	},
	famNoise: {
		respondents: []string{"某建筑工程公司", "某餐饮店", ""},
		departments: []string{"江北新区城市管理局", "江北新区生态环境和水务局"},
		petitioner: []string{"反映“{topic}”持续时间长，{t}仍有噪音，家中老人孩子休息受到严重影响，要求严格限定作业和活动时间。",
			"表示理解正常施工和活动的需要，但希望对方换位思考，降低音量、避开休息时段。",
			"提出多次投诉后情况只好转几天，希望这次形成书面约定，并有人负责监督。"},
		respondent: []string{"表示此前对噪音影响估计不足，愿意调整作业和活动时间，并采取降噪措施。",
			"说明部分工序需连续作业，将依法办理夜间作业手续并提前公告周边居民。"},
		department: []string{"明确夜间22时至次日6时原则上禁止产生噪声的作业，确需连续作业须依法办理手续；将加强夜间巡查，违规的依法处理。",
			"表示将开展噪声监测，超标的责令整改，并把该点位纳入夜间巡查。"},
		measures: []measure{{"22时后停止高噪音作业和活动，确需连续作业的提前公告", "被投诉对象"},
			{"加装隔音围挡、更换低噪音设备或调整音响位置", "被投诉对象"}, {"每周开展两次夜间巡查并进行噪声监测", "职能部门"},
			{"建立居民监督员机制，发现问题在邻里群反馈", "社区"}, {"两周后回访诉求人", "热线平台"}},
	},
	famTraffic: {
		respondents: []string{"某物业服务公司", "某共享单车运营企业"},
		departments: []string{"江北新区公安分局交通警察大队", "江北新区建设与交通局"},
		petitioner: []string{"反映{c}“{topic}”问题突出，早晚高峰通行困难，消防通道被占更让人担心。",
			"希望物业和有关部门一起想办法，既要管住乱停乱放，也要想办法增加停车位。"},
		respondent: []string{"表示小区车位配比偏低，已梳理出可挖潜的空间，愿意施划临时车位并加强巡查。",
			"表示将增加调度频次，并在小区门口设置停放区域和电子围栏。"},
		department: []string{"表示将在周边道路加强巡查，对占用消防通道等行为依法处理，同时研究周边错时共享停车。",
			"介绍了周边道路停车泊位的规划情况，可结合居民意见优化设置。"},
		measures: []measure{{"施划禁停标线和临时车位，安排专人巡查", "被投诉对象"},
			{"加强周边道路巡查，依法处理违停", "职能部门"}, {"协调周边单位开放错时共享车位", "社区"},
			{"牵头起草停车自治公约，征求楼栋意见", "诉求人代表"}, {"跟踪落实情况并回访", "热线平台"}},
	},
	famNeighbour: {
		respondents: []string{""},
		departments: []string{"沿江街道人民调解委员会", "江北新区公安分局沿江派出所"},
		petitioner: []string{"陈述了“{topic}”问题的经过，表示问题已持续较长时间，多次沟通无果，希望在社区见证下把话说开、把事办好。",
			"表示不想把邻里关系闹僵，只希望对方正视问题、尽快采取措施，相关损失能有个说法。"},
		respondent: []string{"表示此前不清楚对邻居造成的影响，愿意配合排查，并承担应由自己负责的部分。",
			"对部分事实有不同看法，但同意在调解员主持下协商解决。"},
		department: []string{"结合民法典关于相邻关系的规定讲解了双方的权利义务，建议先排查原因、再按责任分担。",
			"提醒高空抛物、私占公共空间等行为涉嫌违法，希望双方共同维护楼栋安全和秩序。"},
		measures: []measure{{"安排专业人员排查原因，费用按责任分担", "物业"},
			{"采取整改措施，社区调解员现场见证", "被投诉对象"}, {"在楼栋开展邻里公约宣传", "社区"},
			{"一周后上门回访双方", "网格员"}, {"跟踪督办，结果在本站公示", "热线平台"}},
	},
	famUtilities: {
		respondents: []string{"某供水服务单位", "某供电服务单位", "某物业服务公司"},
		departments: []string{"江北新区生态环境和水务局", "江北新区城市管理局"},
		petitioner: []string{"反映{c}“{topic}”问题反复出现，夏季用水用电高峰影响更大，希望查清原因、彻底解决，不要只做临时修补。",
			"表示出现问题时没有提前通知，抢修进度也不透明，希望建立信息告知机制。"},
		respondent: []string{"说明了故障原因，表示管线和设备老化是主因，已列入改造计划，近期先做应急处置。",
			"承认通知不及时，承诺今后计划停水停电至少提前一天在小区公告。"},
		department: []string{"表示将督促运维单位加快改造进度，并把该片区纳入汛期和迎峰度夏重点保障范围。",
			"明确了各方维修责任的分界点，属于公共部分的由相关单位负责。"},
		measures: []measure{{"完成应急抢修，并对老化管线和设备进行排查", "被投诉对象"},
			{"计划停水停电至少提前一天在小区公告", "被投诉对象"}, {"将改造项目纳入年度计划并公示进度", "职能部门"},
			{"配合做好应急送水和现场秩序维护", "物业"}, {"汛期内每周回访一次", "热线平台"}},
	},
	famSafety: {
		respondents: []string{"", "某物业服务公司", "某商户"},
		departments: []string{"江北新区综合行政执法局", "江北新区消防救援大队"},
		petitioner: []string{"反映{c}“{topic}”存在明显安全隐患，一旦出事后果严重，希望有关部门依法处理，不能一拖再拖。",
			"表示楼栋居民对“{topic}”意见很大，希望处理结果公平，一视同仁。"},
		respondent: []string{"表示认识到问题的严重性，愿意在规定期限内自行整改。",
			"提出实际困难，希望给予一定整改期限，并请社区协助寻找替代办法。"},
		department: []string{"明确违法建设和消防隐患必须整改，逾期不整改的将依法处置。",
			"讲解了电动车入户充电、堵塞通道的危害，提出集中充电和定期检查的建议。"},
		measures: []measure{{"在期限内自行整改到位", "被投诉对象"},
			{"到期复查，未整改的依法处置", "职能部门"}, {"协调新增集中充电设施", "社区"},
			{"每月开展一次消防安全巡查", "物业"}, {"跟踪督办并回访", "热线平台"}},
	},
	famServices: {
		respondents: []string{"某商户", "某服务机构"},
		departments: []string{"江北新区市场监督管理局", "江北新区社会事业局"},
		petitioner: []string{"反映“{topic}”问题涉及不少家庭，希望有关部门把政策讲清楚，把服务落到实处。",
			"表示多次咨询得到的答复不一致，希望明确办理渠道和时限。"},
		respondent: []string{"表示将优化服务流程、增加服务时段，并公开投诉渠道。",
			"表示愿意协商解决，按约定退还相关费用。"},
		department: []string{"解读了相关政策，明确办理流程和时限，并表示将对相关机构加强监管。",
			"表示将组织调解，对违法违规行为依法查处。"},
		measures: []measure{{"优化流程并在社区公示服务时间", "被投诉对象"},
			{"在社区开展一次政策宣讲", "职能部门"}, {"协助符合条件的居民办理相关手续", "社区"},
			{"一周后回访诉求人", "热线平台"}},
	},
}

// Voices of roles that do not depend on the topic family.
var (
	hotlineVoices = []string{"作为召集方，梳理了相关工单的办理情况，请各方聚焦问题、提出可落地的办法，商定事项将逐项跟踪督办。",
		"说明此前工单答复后诉求人仍不满意，本次请当事人当面沟通，力争一次会办、问题清零。"}
	secretaryVoices = []string{"表示现场看得清、问题摆得明，社区将牵头协调各方，并把落实情况纳入网格日常巡查。",
		"表示社区将做好各方沟通，对困难住户给予必要帮助，确保商定事项落地。"}
	partyVoices = []string{"主持议事，提议按“有事好商量”规则逐项表决，少数服从多数，同时照顾困难住户的实际情况。",
		"主持议事，请大家先摆问题、再谈办法，形成的意见写入楼栋公约。"}
	gridVoices = []string{"介绍了本网格近期围绕“{topic}”收到的诉求和巡查情况，建议把共性问题列入下月重点。",
		"表示将在邻里群里每周通报进展，居民发现新情况可随时在群里反映。"}
	residentThemeVoices = []string{"围绕本月主题“{topic}”，结合楼栋实际提出意见和建议，希望社区把好做法固定下来。",
		"提出{c}在“{topic}”方面还有薄弱环节，希望网格员多到楼栋走一走。"}
	policeVoices = []string{"结合近期辖区情况提醒居民注意安全防范，表示将加强重点时段巡逻。",
		"介绍了相关法律规定，建议居民遇到纠纷先协商、再调解，避免矛盾激化。"}
	volunteerVoices = []string{"表示志愿者队伍愿意参与“{topic}”相关的宣传和值守，建议按楼栋排班。",
		"提出组织一次集中行动，邀请更多居民参与。"}
	gridMeasures = []measure{{"梳理本网格“{topic}”相关问题清单", "网格员"}, {"按楼栋排班开展宣传和值守", "志愿者"},
		{"加强重点时段巡逻", "社区民警"}, {"在邻里群发布倡议书", "居民代表"}, {"配合开展集中整治", "物业"}}
)

// gridThemes are the monthly themes of "睦邻月谈", January 2021 to September 2022.
var gridThemes = [numMonths]struct {
	theme string
	fam   family
}{
	{"冬季消防安全", famSafety}, {"春节期间烟花爆竹燃放", famSafety}, {"垃圾分类再动员", famEnvironment},
	{"楼道堆物清理", famEnvironment}, {"电动车规范充电", famSafety}, {"防汛准备与积水点排查", famUtilities},
	{"夏季用电安全", famUtilities}, {"夜间噪音共治", famNoise}, {"文明养犬公约", famNeighbour},
	{"停车秩序与车位共享", famTraffic}, {"老旧小区改造意见征集", famProperty}, {"冬季关爱独居老人", famServices},
	{"春节平安与邻里互助", famNeighbour}, {"疫情防控志愿服务", famServices}, {"楼栋议事规则修订", famProperty},
	{"高空抛物治理", famNeighbour}, {"飞线充电整治", famSafety}, {"物业服务满意度评议", famProperty},
	{"防暑降温与用水用电", famUtilities}, {"睦邻邻里群公约", famNeighbour}, {"秋季环境整治", famEnvironment},
}

var roleCN = map[string]string{
	"petitioner_rep": "诉求人代表", "respondent": "被投诉对象", "department": "职能部门", "hotline": "热线平台",
	"community_secretary": "社区书记", "grid_worker": "网格员", "property_manager": "物业", "mediator": "金牌调解员",
	"legal_adviser": "法律明白人", "lawyer": "律师", "community_police": "社区民警", "deputy": "人大代表",
	"enforcement_officer": "综合执法队员", "party_member": "党员", "volunteer": "志愿者", "partner_unit": "共建单位",
	"resident_rep": "居民代表",
}
