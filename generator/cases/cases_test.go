package cases

import (
	"strings"
	"testing"
	"testing/fstest"

	"gongshi/generator/config"
)

const site = `
title = "测试"
[district]
name = "江北新区"
slug = "jiangbei"
[[district.streets]]
name = "沿江街道"
slug = "yanjiang"
  [[district.streets.communities]]
  name = "龙山社区"
  slug = "longshan"
  grids = ["龙山第一网格"]
[[categories]]
name = "噪音扰民"
slug = "noise"
subcategories = ["夜间施工"]
`

func load(t *testing.T, csv string) ([]Record, *Report, string) {
	t.Helper()
	cfg, err := config.Parse("site.toml", site)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"content/cases/a.csv": {Data: []byte(csv)}}
	recs, rep, errs := Load(fsys, Dir, cfg)
	msg := ""
	if len(errs) > 0 {
		msg = errs.Error()
	}
	return recs, rep, msg
}

// TestDropsCallerColumns checks that caller identity never reaches a Record and that the
// dropped columns are named in the report.
func TestDropsCallerColumns(t *testing.T) {
	csv := "\ufeffid,来电人,来电人电话,caller_phone,received_at,street,community,category,channel,status,summary\n" +
		"1,赵秀兰,13812345678,+86 139 0000 1111,2022-08-01 08:00,沿江街道,龙山社区,噪音扰民,hotline,received,夜间施工噪音\n"
	recs, rep, errs := load(t, csv)
	if errs != "" {
		t.Fatal(errs)
	}
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	if got := strings.Join(rep.Files[0].Dropped, ","); got != "来电人,来电人电话,caller_phone" {
		t.Errorf("dropped %q", got)
	}
	dump := strings.Join([]string{recs[0].ID, recs[0].Summary, recs[0].Resolution, recs[0].Grid, recs[0].Meeting}, "|")
	for _, secret := range []string{"赵秀兰", "13812345678", "1111"} {
		if strings.Contains(dump, secret) {
			t.Errorf("caller data %q reached the record", secret)
		}
	}
}

func TestIsCallerColumn(t *testing.T) {
	for _, h := range []string{"来电人", "来电人电话", "联系电话", "caller_name", "Caller Phone", "身份证号", "住址"} {
		if !IsCallerColumn(h) {
			t.Errorf("%s is not treated as caller identity", h)
		}
	}
	for _, h := range Columns {
		if IsCallerColumn(h) {
			t.Errorf("canonical column %s is treated as caller identity", h)
		}
	}
}

// TestRowErrors checks positions (line and column number) and that a row reports all its
// problems, quoted fields with line breaks included.
func TestRowErrors(t *testing.T) {
	csv := "id,received_at,closed_at,street,community,grid,category,subcategory,channel,status,summary,surveyed,solved\n" +
		"1,2022-08-01 08:00,2022-08-03 09:00,沿江街道,龙山社区,龙山第一网格,噪音扰民,夜间施工,hotline,resolved,\"两行\n摘要\",true,yes\n" +
		"2,2022-08-01 08:00,,沿江街道,龙山社区,第九网格,噪音扰民,广场舞,hotline,resolved,,false,yes\n"
	recs, _, errs := load(t, csv)
	want := strings.Join([]string{
		"content/cases/a.csv:4:3: closed_at: a resolved case needs closed_at",
		`content/cases/a.csv:4:6: grid: unknown grid "第九网格" of 龙山社区: add it to the community's grids in site.toml`,
		`content/cases/a.csv:4:8: subcategory: unknown subcategory "广场舞" of 噪音扰民: add it to the category's subcategories in site.toml`,
		"content/cases/a.csv:4:12: surveyed: solved or satisfaction is given but surveyed is not true: callback answers count only for surveyed cases",
	}, "\n")
	if errs != want {
		t.Errorf("got:\n%s\nwant:\n%s", errs, want)
	}
	if len(recs) != 1 || recs[0].Summary != "两行\n摘要" || recs[0].Solved != Yes || !recs[0].Surveyed {
		t.Errorf("the valid row was not read right: %+v", recs)
	}
	if got := recs[0].Pos.At("summary").String(); got != "content/cases/a.csv:2:11" {
		t.Errorf("position of the summary: %s", got)
	}
}
