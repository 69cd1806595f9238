package opendata

import "fmt"

// Definition is the definition of a published figure; Figure.Definition refers to its ID.
type Definition struct {
	ID          string `json:"id"`
	Label       string `json:"label"`    // zh-CN, as on the site
	LabelEn     string `json:"label_en"` // English
	Unit        string `json:"unit"`     // cases, percent, days, meetings or flag
	Numerator   string `json:"numerator"`
	Denominator string `json:"denominator"`
	Description string `json:"description"`
}

// Definitions returns the definitions of every figure of stats.json, in a fixed order, with the
// parameters of o (the weight of "basically satisfied", the threshold k).
func Definitions(o Options) []Definition {
	w, k := "w（site.toml [stats] basically_satisfied_weight）", "k（site.toml [privacy] k）"
	if o.K > 0 {
		w, k = decimal(o.Weight, 4), fmt.Sprint(o.K)
	}
	count := func(id, label, en, desc string) Definition {
		return Definition{ID: id, Label: label, LabelEn: en, Unit: "cases", Description: desc}
	}
	rate := func(id, label, en, num, den, desc string) Definition {
		return Definition{ID: id, Label: label, LabelEn: en, Unit: "percent", Numerator: num, Denominator: den,
			Description: desc + " 百分数保留一位小数；分子、分母见 numerator、denominator。"}
	}
	return []Definition{
		count("received", "受理工单", "cases received", "期间内受理的全部工单，含只计入统计、不单独公示的工单。"),
		count("closed", "办结工单", "cases closed", "办理状态为已办结或未解决、且有办结时间的工单；撤回的工单不计。"),
		count("resolved", "已办结工单", "cases resolved", "办理状态为已办结（resolved）的工单。"),
		count("collective", "群体诉求", "collective cases", "标记为群体诉求（多名居民、同一诉求）的工单。"),
		count("proactive", "未诉先办", "proactive cases", "来源为网格巡查或睦邻邻里群、在任何热线工单之前发现的工单。"),
		count("meeting", "议事会办", "cases settled through a meeting", "办理方式为联席会办、现场会办、有请当事人会办或云上会办（非直接办理）的工单。"),
		count("surveyed", "有效回访", "surveyed cases", "回访联系到居民并得到答复的工单：三率的分母。"),
		rate("response_rate", "响应率", "response rate", "有效回访中居民确认及时联系的工单数", "有效回访工单数",
			"有效回访工单中，居民确认承办单位及时联系的比例。"),
		rate("resolution_rate", "解决率", "resolution rate", "有效回访中居民表示已解决的工单数", "有效回访工单数",
			"有效回访工单中，居民表示问题已解决的比例。"),
		rate("satisfaction_rate", "满意率", "satisfaction rate", "满意数 + "+w+" × 基本满意数", "有满意度答复的有效回访工单数",
			"“满意”计 1，“基本满意”计 "+w+"，“不满意”计 0。"),
		rate("strict_satisfaction_rate", "满意率（仅“满意”）", "strict satisfaction rate", "满意数", "有满意度答复的有效回访工单数",
			"只计“满意”的满意率，与加权满意率并列公布。"),
		rate("closure_rate", "办结率", "closure rate", "办结工单数", "受理工单数减去居民撤回的工单数",
			"期间内受理的工单中已办结（已办结或未解决）的比例。"),
		{ID: "median_days_to_close", Label: "办结用时中位数", LabelEn: "median days to close", Unit: "days",
			Denominator: "办结工单数",
			Description: "办结工单从受理到办结的天数（含小数）的中位数，最近秩法；保留一位小数。不单独公布平均数。"},
		{ID: "p90_days_to_close", Label: "办结用时第 90 百分位", LabelEn: "90th percentile of days to close", Unit: "days",
			Denominator: "办结工单数",
			Description: "办结工单从受理到办结的天数的第 90 百分位数，最近秩法；保留一位小数。"},
		{ID: "meetings_held", Label: "召开议事会议", LabelEn: "meetings held", Unit: "meetings",
			Description: "状态为已召开的议事会议场次；每场会议在站点上有自己的页面。"},
		{ID: "suppressed", Label: "隐去", LabelEn: "suppressed", Unit: "flag",
			Description: "1 至 " + k + "−1 的计数隐去，并隐去足以推算出它们的其他计数，直至任何合计中的隐去计数至少两个且合计不小于 " + k +
				"；以隐去计数为分子、分母或可推算其补数的比率、天数同样隐去。隐去的数值在 JSON 中为 null，在表格 CSV 中为 ×，不以任何形式发布。"},
	}
}

func definitionsJSON(o Options) (resource, error) {
	data, err := jsonRows(Definitions(o))
	if err != nil {
		return resource{}, err
	}
	fs := []field{
		{Name: "id", Type: "string", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "label", Type: "string", Constraints: required()},
		{Name: "label_en", Type: "string", Constraints: required()},
		{Name: "unit", Type: "string", Constraints: enum(true, "cases", "percent", "days", "meetings", "flag")},
		{Name: "numerator", Type: "string"},
		{Name: "denominator", Type: "string"},
		{Name: "description", Type: "string", Constraints: required()},
	}
	return newResource("definitions", "definitions.json", "统计口径 Definitions",
		"The definition of every figure of stats.json, with the parameters of this build; part of the data version.",
		"json", tableSchema{Fields: fs, PrimaryKey: []string{"id"}, MissingValues: []string{""}}, data), nil
}
