package opendata

import (
	"gongshi/generator/cases"
	"gongshi/generator/meetings"
)

// vocab are the labels of the fixed vocabularies of the data (channels, methods, statuses, kinds
// of meeting): Chinese, as the site shows them in its default language, and English. They name
// the identifiers of the files in words, in the label columns and the schemas' categories, so
// that the files read the same whatever theme renders the pages.
var vocab = map[string][2]string{
	"channel." + string(cases.Hotline):        {"12345热线", "12345 hotline"},
	"channel." + string(cases.NeighbourGroup): {"睦邻邻里群", "neighbour group chat"},
	"channel." + string(cases.Hall):           {"议事厅来访", "visit to a hall"},
	"channel." + string(cases.GridPatrol):     {"网格巡查", "grid patrol"},

	"method." + string(cases.Direct):         {"直接办理", "handled directly"},
	"method." + string(cases.JointMeeting):   {"联席会办", "joint meeting"},
	"method." + string(cases.OnsiteMeeting):  {"现场会办", "on-site meeting"},
	"method." + string(cases.PartiesMeeting): {"有请当事人会办", "meeting of the parties"},
	"method." + string(cases.CloudMeeting):   {"云上会办", "online meeting"},

	"status." + string(cases.Received):   {"已受理", "received"},
	"status." + string(cases.InProgress): {"办理中", "in progress"},
	"status." + string(cases.Resolved):   {"已办结", "resolved"},
	"status." + string(cases.Unresolved): {"未解决", "unresolved"},
	"status." + string(cases.Withdrawn):  {"已撤回", "withdrawn"},

	"kind." + string(meetings.BuildingMeeting): {"楼栋议事", "building meeting"},
	"kind." + string(meetings.GridMeeting):     {"网格议事", "grid meeting"},
	"kind." + string(meetings.JointMeeting):    {"联席会办", "joint meeting"},
	"kind." + string(meetings.OnsiteMeeting):   {"现场会办", "on-site meeting"},
	"kind." + string(meetings.PartiesMeeting):  {"有请当事人会办", "meeting of the parties"},
	"kind." + string(meetings.CloudMeeting):    {"云上会办", "online meeting"},

	"handling." + string(cases.Direct): {"直接办理", "handled directly"},
	"handling.meeting":                 {"经议事会办", "settled at a meeting"},
	"lead.all":                         {"全部会议", "all meetings"},
	"col.total":                        {"合计", "total"},
}

// categories returns the values of a vocabulary (prefix "channel", …) with their labels, for a
// field of a schema: "12345热线 (12345 hotline)".
func categories(prefix string, values []string) []category {
	out := make([]category, len(values))
	for i, v := range values {
		out[i] = category{Value: v, Label: v}
		if l, ok := vocab[prefix+"."+v]; ok {
			out[i].Label = l[0] + " (" + l[1] + ")"
		}
	}
	return out
}

// vocabLabel returns the Chinese label of a value of a vocabulary, or the value.
func vocabLabel(prefix, value string) string {
	if l, ok := vocab[prefix+"."+value]; ok {
		return l[0]
	}
	return value
}
