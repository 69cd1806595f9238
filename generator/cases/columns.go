package cases

import (
	"strings"

	"gongshi/generator/config"
)

// Columns are the canonical columns, in the order of the glossary.
var Columns = []string{
	"id", "received_at", "responded_at", "closed_at", "street", "community", "grid",
	"category", "subcategory", "channel", "status", "method", "collective", "summary",
	"resolution", "solved", "satisfaction", "surveyed", "responded_in_time", "meeting",
}

// field is a canonical column by number: Columns[f] is its name.
type field int8

const (
	fID field = iota
	fReceivedAt
	fRespondedAt
	fClosedAt
	fStreet
	fCommunity
	fGrid
	fCategory
	fSubcategory
	fChannel
	fStatus
	fMethod
	fCollective
	fSummary
	fResolution
	fSolved
	fSatisfaction
	fSurveyed
	fRespondedInTime
	fMeeting
	nFields
)

func (f field) String() string { return Columns[f] }

// required are the fields every row must have.
var required = []field{fID, fReceivedAt, fStreet, fCommunity, fCategory, fChannel, fStatus}

func fieldByName(name string) (field, bool) {
	for i, c := range Columns {
		if c == name {
			return field(i), true
		}
	}
	return 0, false
}

// aliases are the built-in header names of the exports seen in practice (Chinese 12345 and
// message-board systems, Boston 311, NYC 311, Open311 GeoReport v2), normalised by normHeader,
// and the field each one means. A canonical name always means its own field.
var aliases = map[string]field{
	// Chinese hotline and message-board exports.
	"工单编号": fID, "工单号": fID, "案号": fID, "留言编号": fID, "编号": fID,
	"来电时间": fReceivedAt, "受理时间": fReceivedAt, "留言时间": fReceivedAt, "登记时间": fReceivedAt,
	"首次联系时间": fRespondedAt, "响应时间": fRespondedAt,
	"办结时间": fClosedAt, "答复时间": fClosedAt,
	"被反映街乡镇": fStreet, "街乡镇": fStreet, "街道": fStreet, "所属街道": fStreet,
	"村_社区": fCommunity, "社区": fCommunity, "所属社区": fCommunity,
	"网格": fGrid, "所属网格": fGrid,
	"问题分类": fCategory, "诉求类型": fCategory, "诉求类别": fCategory, "一级分类": fCategory,
	"二级分类": fSubcategory,
	"来源渠道": fChannel,
	"办理状态": fStatus,
	"办理方式": fMethod,
	"群体诉求": fCollective, "是否群体诉求": fCollective, "群体工单": fCollective,
	"主要内容": fSummary, "诉求内容": fSummary, "反映内容": fSummary, "留言详情": fSummary, "诉求摘要": fSummary,
	"办理结果": fResolution, "回复内容": fResolution, "答复意见": fResolution,
	"是否解决": fSolved,
	"是否满意": fSatisfaction, "满意度": fSatisfaction,
	"有效回访": fSurveyed, "是否有效回访": fSurveyed,
	// Boston 311.
	"case_enquiry_id": fID, "open_dt": fReceivedAt, "closed_dt": fClosedAt, "case_status": fStatus,
	"closure_reason": fResolution, "type": fCategory, "neighborhood": fCommunity,
	// NYC 311.
	"unique_key": fID, "created_date": fReceivedAt, "closed_date": fClosedAt,
	"complaint_type": fCategory, "descriptor": fSubcategory, "resolution_description": fResolution,
	// Open311 GeoReport v2 requests; closed_datetime is derived by the importer (see open311.go).
	"service_request_id": fID, "requested_datetime": fReceivedAt, "closed_datetime": fClosedAt,
	"service_name": fCategory, "description": fSummary, "status_notes": fResolution,
}

// normHeader normalises a header for matching: trimmed, without a byte-order mark, ASCII
// letters in lower case, and every run of spaces, '_', '-', '.' and '/' turned into one '_'.
func normHeader(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	var b strings.Builder
	b.Grow(len(h))
	sep := false
	for _, r := range h {
		switch {
		case r == ' ' || r == '_' || r == '-' || r == '.' || r == '/' || r == '\t' || r == '\u3000':
			sep = true
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// aliasOf returns the field a header means by its canonical name or a built-in alias.
func aliasOf(h string) (field, bool) {
	n := normHeader(h)
	if f, ok := fieldByName(n); ok {
		return f, true
	}
	f, ok := aliases[n]
	return f, ok
}

// IsCallerColumn reports whether a header names a column of caller identity, which is never
// imported: a name, phone number, e-mail, ID number, account or home address.
func IsCallerColumn(h string) bool { return config.IsCallerColumn(h) }
