package opendata

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongshi/generator/cases"
	"gongshi/generator/site"
)

// caseRow is one published case as the downloads show it: the month (or quarter) only, never
// the grid, the day or the time. Optional values are nil when empty.
type caseRow struct {
	ID          string  `json:"id"`
	Community   string  `json:"community"`
	Category    string  `json:"category"`
	Subcategory *string `json:"subcategory"`
	Channel     string  `json:"channel"`
	Method      *string `json:"method"`
	Status      string  `json:"status"`
	Received    string  `json:"received"`
	Closed      *string `json:"closed"`
	Precision   string  `json:"date_precision"`
	DaysToClose *int    `json:"days_to_close"`
	Summary     *string `json:"summary"`
	Resolution  *string `json:"resolution"`
	Meeting     *string `json:"meeting"`

	street string // for Open311's agency_responsible
	slug   string // category slug, Open311's service_code
}

// period formats t as the site shows it: "2022-08", or "2022-Q3" by quarter.
func period(t time.Time, byQuarter bool) string {
	if byQuarter {
		return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())+2)/3)
	}
	return t.Format("2006-01")
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// caseOrder returns the published cases sorted by published id: an order that says nothing of
// when within a month a case came in. Each file makes the rows of the cases one at a time, as it
// writes them (rowOf), so that a big site never holds them all: a million rows are a quarter of
// a gigabyte.
func caseOrder(s *site.Site) ([]*site.Case, error) {
	cs := slices.Clone(s.Cases)
	for _, c := range cs {
		if c.Community == nil || c.Category == nil {
			return nil, fmt.Errorf("opendata: case %s has no community or category", c.ID)
		}
	}
	slices.SortFunc(cs, func(a, b *site.Case) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(cs); i++ {
		if cs[i].ID == cs[i-1].ID {
			return nil, fmt.Errorf("opendata: two published cases with id %s", cs[i].ID)
		}
	}
	return cs, nil
}

// rowOf is the row of c, which has a community and a category.
func rowOf(c *site.Case) caseRow {
	r := caseRow{ID: c.ID, Community: c.Community.Name, Category: c.Category.Name,
		Subcategory: optional(c.Subcategory), Channel: string(c.Channel), Method: optional(string(c.Method)),
		Status: string(c.Status), Received: period(c.Received, c.ByQuarter), Precision: "month",
		Summary: optional(c.Summary), Resolution: optional(c.Resolution),
		street: c.Community.Street, slug: c.Category.Slug}
	if c.ByQuarter {
		r.Precision = "quarter"
	}
	if !c.Closed.IsZero() {
		r.Closed = ptr(period(c.Closed, c.ByQuarter))
		r.DaysToClose = ptr(c.DaysToClose)
	}
	if c.Meeting != nil {
		r.Meeting = ptr(c.Meeting.ID)
	}
	return r
}

// periodPattern matches a month (2022-08) or a quarter (2022-Q3).
const periodPattern = `^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$`

func caseFields() []field {
	var channels, methods, statuses []string
	for _, c := range cases.Channels {
		channels = append(channels, string(c))
	}
	for _, m := range cases.Methods {
		methods = append(methods, string(m))
	}
	for _, st := range cases.Statuses {
		statuses = append(statuses, string(st))
	}
	return []field{
		{Name: "id", Type: "string", Title: "工单编号", Description: "The published case id: the ticket number, or its keyed hash ([privacy] case_ids); the page is /cases/ID.html.", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "community", Type: "string", Title: "社区", Description: "Community name, as in site.toml.", Constraints: required()},
		{Name: "category", Type: "string", Title: "诉求类别", Description: "Top-level category name.", Constraints: required()},
		{Name: "subcategory", Type: "string", Title: "二级分类", Description: "Subcategory name; empty if none."},
		{Name: "channel", Type: "string", Title: "来源渠道", Categories: categories("channel", channels), Constraints: enum(true, channels...)},
		{Name: "method", Type: "string", Title: "办理方式", Categories: categories("method", methods), Constraints: enum(false, methods...)},
		{Name: "status", Type: "string", Title: "办理状态", Categories: categories("status", statuses), Constraints: enum(true, statuses...)},
		{Name: "received", Type: "string", Title: "受理月份", Description: "Month received, YYYY-MM; YYYY-Qn where date_precision is quarter. Never the day or time.", Constraints: pattern(true, periodPattern)},
		{Name: "closed", Type: "string", Title: "办结月份", Description: "Month closed, same precision as received; empty if not closed.", Constraints: pattern(false, periodPattern)},
		{Name: "date_precision", Type: "string", Title: "日期精度", Description: "month, or quarter where fewer than [privacy] k_anonymity published cases share community, month and category.", Constraints: enum(true, "month", "quarter")},
		{Name: "days_to_close", Type: "integer", Title: "办结天数", Description: "Whole days from received to closed (0: closed within a day); empty if not closed.", Constraints: atLeast(0)},
		{Name: "summary", Type: "string", Title: "诉求摘要", Description: "Free text, after the privacy guard."},
		{Name: "resolution", Type: "string", Title: "办理结果", Description: "Free text, after the privacy guard."},
		{Name: "meeting", Type: "string", Title: "议事会议", Description: "Id of the meeting that handled the case (/meetings/ID/); empty if none."},
	}
}

// labelFields are the columns cases.csv adds after those of cases.json: the channel, method
// and status in words, for a reader of the CSV without the schema's categories at hand.
func labelFields() []field {
	return []field{
		{Name: "channel_label", Type: "string", Title: "来源渠道名称", Description: "The channel in words (Chinese), as the site shows it.", Constraints: required()},
		{Name: "method_label", Type: "string", Title: "办理方式名称", Description: "The method in words (Chinese); empty if none."},
		{Name: "status_label", Type: "string", Title: "办理状态名称", Description: "The status in words (Chinese).", Constraints: required()},
	}
}

func casesCSV(cs []*site.Case) (resource, error) {
	fs := append(caseFields(), labelFields()...)
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	data, err := csvEach(names(fs), len(cs), func(i int, rec []string) []string {
		r := rowOf(cs[i])
		days := ""
		if r.DaysToClose != nil {
			days = strconv.Itoa(*r.DaysToClose)
		}
		method := ""
		if r.Method != nil {
			method = vocabLabel("method", *r.Method)
		}
		return append(rec[:0], r.ID, r.Community, r.Category, deref(r.Subcategory), r.Channel, deref(r.Method),
			r.Status, r.Received, deref(r.Closed), r.Precision, days, deref(r.Summary), deref(r.Resolution),
			deref(r.Meeting), vocabLabel("channel", r.Channel), method, vocabLabel("status", r.Status))
	})
	if err != nil {
		return resource{}, err
	}
	return newResource("cases-csv", "cases.csv", "公示工单 Published cases (CSV)",
		"Every case with a page on the site, sorted by id; the columns of the case exports that the site shows, "+
			"then the channel, method and status in words.",
		"csv", tableSchema{Fields: fs, PrimaryKey: []string{"id"}, MissingValues: []string{""}}, data), nil
}

func casesJSON(cs []*site.Case) (resource, error) {
	data, err := jsonEach(len(cs), func(i int) any {
		r := rowOf(cs[i])
		return &r
	})
	if err != nil {
		return resource{}, err
	}
	return newResource("cases-json", "cases.json", "公示工单 Published cases (JSON)",
		"The rows of cases.csv as an array of objects; empty values are null.",
		"json", tableSchema{Fields: caseFields(), PrimaryKey: []string{"id"}, MissingValues: []string{""}}, data), nil
}

// request is an Open311 GeoReport v2 service request, without address, coordinates or media.
type request struct {
	ID          string    `json:"service_request_id"`
	Status      string    `json:"status"`
	StatusNotes *string   `json:"status_notes"`
	ServiceName string    `json:"service_name"`
	ServiceCode string    `json:"service_code"`
	Description *string   `json:"description"`
	Agency      string    `json:"agency_responsible"`
	Requested   string    `json:"requested_datetime"`
	Updated     string    `json:"updated_datetime"`
	Extended    extension `json:"extended_attributes"`
}

type extension struct {
	Subcategory *string `json:"subcategory"`
	Channel     string  `json:"channel"`
	Method      *string `json:"method"`
	Meeting     *string `json:"meeting"`
	DaysToClose *int    `json:"days_to_close"`
	Precision   string  `json:"date_precision"`
}

func open311(s *site.Site, cs []*site.Case) (resource, error) {
	data, err := jsonEach(len(cs), func(i int) any {
		r := rowOf(cs[i])
		q := request{ID: r.ID, Status: "open", StatusNotes: r.Resolution, ServiceName: r.Category,
			ServiceCode: r.slug, Description: r.Summary, Agency: r.street + r.Community,
			Requested: r.Received, Updated: r.Received,
			Extended: extension{Subcategory: r.Subcategory, Channel: r.Channel, Method: r.Method,
				Meeting: r.Meeting, DaysToClose: r.DaysToClose, Precision: r.Precision}}
		if r.Closed != nil {
			q.Status, q.Updated = "closed", *r.Closed
		}
		return &q
	})
	if err != nil {
		return resource{}, err
	}
	var slugs []string
	for _, c := range s.Categories {
		slugs = append(slugs, c.Slug)
	}
	when := "Month-precision value (YYYY-MM), or YYYY-Qn where date_precision is quarter: never a day or time, unlike GeoReport's full datetimes."
	fs := []field{
		{Name: "service_request_id", Type: "string", Description: "The published case id.", Constraints: &constraints{Required: true, Unique: true}},
		{Name: "status", Type: "string", Constraints: enum(true, "open", "closed")},
		{Name: "status_notes", Type: "string", Description: "The resolution text."},
		{Name: "service_name", Type: "string", Description: "Top-level category name.", Constraints: required()},
		{Name: "service_code", Type: "string", Description: "Top-level category slug.", Constraints: enum(true, slugs...)},
		{Name: "description", Type: "string", Description: "The summary text."},
		{Name: "agency_responsible", Type: "string", Description: "Street and community that handled the case.", Constraints: required()},
		{Name: "requested_datetime", Type: "string", Description: "When received. " + when, Constraints: pattern(true, periodPattern)},
		{Name: "updated_datetime", Type: "string", Description: "When closed, else when received. " + when, Constraints: pattern(true, periodPattern)},
		{Name: "extended_attributes", Type: "object", Description: "subcategory, channel, method, meeting, days_to_close, date_precision: as in cases.csv.", Constraints: required()},
	}
	return newResource("open311-requests", "open311/requests.json", "Open311 GeoReport v2 service requests",
		"The published cases in the shape of a GeoReport v2 requests.json response, all of them (no 90-day or 1,000-row cap), "+
			"without address, address_id, zipcode, lat, long or media_url. requested_datetime and updated_datetime have month precision.",
		"json", tableSchema{Fields: fs, PrimaryKey: []string{"service_request_id"}, MissingValues: []string{""}}, data), nil
}
