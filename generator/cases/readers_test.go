package cases

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"

	"gongshi/generator/config"
)

const header = "id,received_at,closed_at,street,community,category,channel,status,summary\n"

func row(id, summary string) string {
	return id + ",2022-08-01 08:00,,沿江街道,龙山社区,噪音扰民,hotline,received," + summary + "\n"
}

// TestOpen311NonConforming checks the values read from Open311 XML as real endpoints write it.
func TestOpen311NonConforming(t *testing.T) {
	recs, _, errs := loadSite(t, site+"[[import]]\nfiles = \"*\"\nfixed = { street = \"沿江街道\", community = \"龙山社区\", category = \"噪音扰民\", channel = \"hotline\" }\n",
		map[string][]byte{"r.xml": []byte(`<?xml version="1.0"?><service_requests xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<request><service_request_id>1</service_request_id><status>Closed</status><status_notes>Fixed &amp; checked&nbsp;today</status_notes>
<requested_datetime>2022-08-01 08:00:00</requested_datetime><updated_datetime>2022-08-03T10:00:00+08:00</updated_datetime>
<description xsi:nil="true"/><expected_datetime xsi:nil="true"></expected_datetime></request>
<request><service_request_id>2</service_request_id><status>OPEN</status><requested_datetime>2022-08-02 09:00</requested_datetime>
<updated_datetime>2022-08-03 10:00</updated_datetime><description>路灯不亮</description></request></service_requests>`)})
	if len(errs) > 0 || len(recs) != 2 {
		t.Fatalf("%d records:\n%s", len(recs), errLines(errs))
	}
	sh := config.Location()
	a, b := recs[0], recs[1]
	if a.Status != Resolved || !a.ClosedAt.Equal(time.Date(2022, 8, 3, 10, 0, 0, 0, sh)) || a.Resolution != "Fixed & checked\u00a0today" || a.Summary != "" {
		t.Errorf("closed request: %s", recordLine(&a))
	}
	if b.Status != InProgress || b.Closed() || b.Summary != "路灯不亮" || !b.ReceivedAt.Equal(time.Date(2022, 8, 2, 9, 0, 0, 0, sh)) {
		t.Errorf("open request: %s", recordLine(&b))
	}
	if got := a.Pos.At("closed_at").Col; got != 5 {
		t.Errorf("closed_at is read from updated_datetime, column 5; got %d", got)
	}
}

// TestJSONShapes reads the same record from a JSON array, a wrapped array, concatenated
// objects and JSON Lines, with escapes and nested values, dropping the caller's keys.
func TestJSONShapes(t *testing.T) {
	obj := `{"id": 7, "received_at": "2022-08-01 08:00", "来电人电话": "13800000000", "street": "沿江街道", "community": "龙山社区",
  "category": "噪音扰民", "channel": "hotline", "status": "received", "summary": "夜间\u65bd\u5de5 \"噪音\"\n\ud83d\ude00", "geo": {"lat": [1, 2]}}`
	flat := strings.ReplaceAll(obj, "\n", "")
	imp := site + "[[import]]\nfiles = \"*\"\n"
	var want string
	for name, data := range map[string]string{
		"a.json":  "[" + obj + "]",
		"b.json":  `{"total": 1, "service_requests": [` + obj + `], "next": null}`,
		"c.json":  obj + "\n" + obj[:0],
		"d.jsonl": "\n" + flat + "\n",
	} {
		recs, rep, errs := loadSite(t, imp, map[string][]byte{name: []byte(data)})
		if len(errs) > 0 || len(recs) != 1 {
			t.Fatalf("%s: %d records:\n%s", name, len(recs), errLines(errs))
		}
		if got := recordLine(&recs[0]); want == "" {
			want = got
			if recs[0].ID != "7" || recs[0].Summary != "夜间施工 \"噪音\"\n😀" {
				t.Errorf("%s: %s", name, got)
			}
		} else if got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
		f := rep.Files[0]
		if strings.Join(f.Dropped, ",") != "来电人电话" || strings.Join(f.Unmapped, ",") != "geo" {
			t.Errorf("%s: dropped %v unmapped %v", name, f.Dropped, f.Unmapped)
		}
	}
}

// TestXLSXOptions reads a workbook with a title row above the header, from a named sheet.
func TestXLSXOptions(t *testing.T) {
	f := excelize.NewFile()
	f.NewSheet("工单")
	f.SetSheetRow("Sheet1", "A1", &[]any{"not this sheet"})
	f.SetSheetRow("工单", "A1", &[]any{"2022年8月工单导出"})
	hdr := strings.Split(strings.TrimSpace(header), ",")
	cells := []any{}
	for _, h := range hdr {
		cells = append(cells, h)
	}
	f.SetSheetRow("工单", "A3", &cells)
	f.SetSheetRow("工单", "A4", &[]any{"1", 44774.5, nil, "沿江街道", "龙山社区", "噪音扰民", "hotline", "received", "  前后有空格\t"})
	f.SetSheetRow("工单", "A6", &[]any{"2", "2022/8/1 9:30", nil, "沿江街道", "龙山社区", "噪音扰民", "hotline", "received"})
	var b bytes.Buffer
	f.Write(&b)
	recs, rep, errs := loadSite(t, site+"[[import]]\nfiles = \"*.xlsx\"\nsheet = \"工单\"\nheader_row = 3\n", map[string][]byte{"a.xlsx": b.Bytes()})
	if len(errs) > 0 || len(recs) != 2 {
		t.Fatalf("%d records:\n%s", len(recs), errLines(errs))
	}
	sh := config.Location()
	if !recs[0].ReceivedAt.Equal(time.Date(2022, 8, 1, 12, 0, 0, 0, sh)) || recs[0].Summary != "前后有空格" || recs[1].Pos.Line != 6 ||
		!recs[1].ReceivedAt.Equal(time.Date(2022, 8, 1, 9, 30, 0, 0, sh)) || rep.Files[0].Sheet != "工单" {
		t.Errorf("records: %s / %s (line %d)", recordLine(&recs[0]), recordLine(&recs[1]), recs[1].Pos.Line)
	}
	_, _, errs = loadSite(t, site+"[[import]]\nfiles = \"*.xlsx\"\nsheet = \"Cases\"\n", map[string][]byte{"a.xlsx": b.Bytes()})
	if got := errLines(errs); !strings.Contains(got, `content/cases/a.xlsx: the workbook has no sheet "Cases" (sheet in the [[import]] table files = "*.xlsx" (site.toml:17:1)): its sheets are Sheet1, 工单`) {
		t.Errorf("missing sheet: %s", got)
	}
	_, rep, errs = loadSite(t, site, map[string][]byte{"a.xlsx": b.Bytes()[:b.Len()/2]})
	if rep.Problems != 1 || !strings.Contains(errLines(errs), "cannot open the workbook") {
		t.Errorf("truncated workbook: %s", errLines(errs))
	}
}

// TestUTF16 reads a tab-separated "Unicode text" export, as Excel saves it.
func TestUTF16(t *testing.T) {
	text := strings.ReplaceAll(header+row("1", "夜间施工"), ",", "\t")
	data, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	recs, rep, errs := loadSite(t, site+"[[import]]\nfiles = \"*.txt\"\nformat = \"tsv\"\n", map[string][]byte{"a.txt": data})
	if len(errs) > 0 || len(recs) != 1 || recs[0].Summary != "夜间施工" || rep.Files[0].Encoding != "utf-16le BOM" {
		t.Fatalf("%v %+v\n%s", recs, rep.Files[0], errLines(errs))
	}
}

// TestHugeFields checks that a 10 MB value rejects its row with a message, and that a row over
// MaxRowBytes is not kept in memory; the rows around them are read.
func TestHugeFields(t *testing.T) {
	big := strings.Repeat("噪", 10<<20/3+1)
	huge := `"` + strings.Repeat("x", MaxRowBytes+10) + `"`
	recs, rep, errs := loadSite(t, site, map[string][]byte{"a.csv": []byte(header + row("1", "短") + row("2", big) + row("3", huge) + row("4", "短"))})
	want := "content/cases/a.csv:3:9: summary: the value is 10485762 bytes long, more than the 1048576 accepted: a quote is probably left open\n" +
		"content/cases/a.csv:4: the row is longer than 16 MB and was not read: a quote is probably left open above\n"
	if got := errLines(errs); got != want || len(recs) != 2 || rep.Files[0].Reasons[ReasonRowTooLong] != 2 {
		t.Errorf("got:\n%s", got)
	}
}

// TestCallerColumnsNeverKept checks the caller columns of every layout and that canonical
// and alias names are never taken for them.
func TestCallerColumnsNeverKept(t *testing.T) {
	for _, h := range []string{"来电人", "来电人电话", "来电人账号", "留言用户", "联系电话", "联系方式", "caller_name", "Caller Phone",
		"Customer Name", "Contact", "E-mail", "requester_email", "身份证号", "住址", "address", "address_id", "QQ号", "微信号", "National ID"} {
		if !IsCallerColumn(h) {
			t.Errorf("%s is not treated as caller identity", h)
		}
	}
	for h := range aliases {
		if IsCallerColumn(h) {
			t.Errorf("alias %s is treated as caller identity", h)
		}
	}
	for _, h := range []string{"service_name", "location_street_name", "来电时间", "首次联系时间", "case_enquiry_id", "Unique Key", "contacted_at"} {
		if IsCallerColumn(h) {
			t.Errorf("%s is treated as caller identity", h)
		}
	}
}

// TestFieldsAgreeWithConfig checks that config validates [[import]] tables against the same
// fields and values the importer uses.
func TestFieldsAgreeWithConfig(t *testing.T) {
	for f := field(0); f < nFields; f++ {
		values, ok := config.CaseField(f.String())
		if !ok {
			t.Errorf("config does not know field %s", f)
		}
		want, fold := canonicalValues(f)
		if fold {
			want = map[field][]string{fCollective: {"true", "false"}, fSurveyed: {"true", "false"}, fSolved: {"yes", "no"}, fRespondedInTime: {"yes", "no"}}[f]
		}
		if strings.Join(values, ",") != strings.Join(want, ",") {
			t.Errorf("%s: config has %v, the importer %v", f, values, want)
		}
		for _, to := range builtinValues(f) {
			if !strings.Contains(","+strings.Join(values, ",")+",", ","+to+",") {
				t.Errorf("%s: built-in value %s is not canonical", f, to)
			}
		}
	}
	for k := range aliases {
		if normHeader(k) != k {
			t.Errorf("alias %q is not normalised (%q)", k, normHeader(k))
		}
	}
}
