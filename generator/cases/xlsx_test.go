package cases

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"

	"gongshi/generator/config"
)

// excelizeRows reads a sheet with excelize's Rows iterator and raw cell values, leaving out
// rows without a value: what the importer's sheet reader must return.
func excelizeRows(t *testing.T, data []byte, sheet string) ([][]string, []int) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	var lines []int
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(strings.Join(cells, "")) == "" {
			continue
		}
		out = append(out, cells)
		lines = append(lines, n)
	}
	return out, lines
}

// ourRows reads a sheet with the importer's reader, the first row being the header.
func ourRows(t *testing.T, data []byte, sheet string) ([][]string, []int) {
	t.Helper()
	fsys := fstest.MapFS{"a.xlsx": {Data: data}}
	f, _ := fsys.Open("a.xlsx")
	defer f.Close()
	imp := &config.Import{Sheet: sheet}
	x, line, err := openXLSX(f, f, imp, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer x.close()
	out := [][]string{x.header()}
	lines := []int{line}
	for {
		fields, line, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(fields))
		for i, f := range fields {
			row[i] = string(f)
		}
		out = append(out, row)
		lines = append(lines, line)
	}
	return out, lines
}

func compareSheets(t *testing.T, data []byte, sheet string) {
	t.Helper()
	want, wantLines := excelizeRows(t, data, sheet)
	got, gotLines := ourRows(t, data, sheet)
	if len(got) != len(want) {
		t.Fatalf("sheet %s: %d rows, excelize %d", sheet, len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) || gotLines[i] != wantLines[i] {
			t.Fatalf("sheet %s row %d:\ngot  %q (line %d)\nwant %q (line %d)", sheet, i, got[i], gotLines[i], want[i], wantLines[i])
		}
	}
}

// TestSheetReaderAgreesWithExcelize writes workbooks with every kind of cell and checks that
// the importer reads the same values as excelize's Rows iterator.
func TestSheetReaderAgreesWithExcelize(t *testing.T) {
	f := excelize.NewFile()
	f.NewSheet("第二页")
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("Sheet1", "A1", "工单编号")
	set("Sheet1", "B1", "内容")
	set("Sheet1", "D1", "数值")
	set("Sheet1", "A2", 2022081700123)
	set("Sheet1", "B2", "换行\r\n与<尖括号> & \"引号\" 'x' _x005F_ 下划线\t制表")
	set("Sheet1", "D2", 3.14159)
	set("Sheet1", "E2", true)
	set("Sheet1", "F2", time.Date(2022, 8, 17, 8, 34, 0, 0, time.UTC))
	set("Sheet1", "A4", "  前后空格  ")
	set("Sheet1", "C4", false)
	f.SetCellFormula("Sheet1", "D4", "D2*2")
	f.SetCellRichText("Sheet1", "B5", []excelize.RichTextRun{{Text: "粗体"}, {Text: "与普通", Font: &excelize.Font{Bold: true}}})
	f.SetCellStyle("Sheet1", "A6", "C6", 1) // a row of styled empty cells: no value
	set("Sheet1", "AB7", "far right")
	set("第二页", "A1", "only")
	set("第二页", "A3", 1)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	compareSheets(t, b.Bytes(), "Sheet1")
	compareSheets(t, b.Bytes(), "第二页")

	// Inline strings, as excelize's stream writer and some systems write them.
	g := excelize.NewFile()
	sw, _ := g.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"id", "文本", nil, "数"})
	sw.SetRow("A2", []any{"1", "行内\n字符串 & <b>", nil, 42})
	sw.SetRow("A4", []any{nil, "", "x"})
	sw.Flush()
	b.Reset()
	g.Write(&b)
	compareSheets(t, b.Bytes(), "Sheet1")

	// The demo exports as a workbook.
	_, files := demoSite(t)
	compareSheets(t, toXLSX(t, files["2022.csv"]), "Sheet1")
}

// TestSheetReaderOnRealWorkbook compares the readers on the Chinese message board's workbook.
func TestSheetReaderOnRealWorkbook(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures(t), "cn-messages", "附件3.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	compareSheets(t, data, "Sheet1")
}

func TestUnescapeOOXML(t *testing.T) {
	for in, want := range map[string]string{
		"a_x000D_b": "a\rb", "_x005F_x000D_": "_x000D_", "_x00e9_": "é", "_xD800_": "", "_x12_": "_x12_", "x_": "x_", "_x0041": "_x0041",
	} {
		if got := unescapeOOXML(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
