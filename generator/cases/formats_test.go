package cases

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// demoDigest is recordDigest of the committed demo as the loader before the import rework
// read it, for the exports whose sha256 is demoInputs: the canonical layout imports exactly
// as it did.
const (
	demoDigest = "07fba69744b7b2e6cac2be7fbae5811c2786366ffa260bb348f70084376f16e0"
	demoInputs = "339a63d41a424cb2"
)

// TestDemoImportsAsBefore loads the committed demo: no errors, every row a record, the
// caller columns dropped, and the same records as before the rework.
func TestDemoImportsAsBefore(t *testing.T) {
	site, files := demoSite(t)
	recs, rep, errs := loadSite(t, site, files)
	if len(errs) > 0 {
		t.Fatalf("the demo has errors:\n%s", errLines(errs))
	}
	if rep.Rows != len(recs) || rep.Rejected != 0 || rep.Updated != 0 || rep.Problems != 0 {
		t.Errorf("report %+v", *rep)
	}
	for _, f := range rep.Files {
		if got := strings.Join(f.Dropped, ","); got != "来电人,来电人电话" || f.Format != "csv" || f.Encoding != "utf-8" || f.Import != 0 {
			t.Errorf("%s: dropped %q, format %s, encoding %s, import %d", f.Name, got, f.Format, f.Encoding, f.Import)
		}
	}
	h := sha256.New()
	for _, name := range []string{"2021.csv", "2022.csv"} {
		h.Write(files[name])
	}
	if got := fmt.Sprintf("%x", h.Sum(nil)[:8]); got != demoInputs {
		t.Skipf("the demo exports changed (%s, was %s): the digest of the old loader's records no longer applies", got, demoInputs)
	}
	if got := recordDigest(recs); got != demoDigest {
		t.Errorf("the demo imports differently from before the rework: digest %s, want %s", got, demoDigest)
	}
}

// TestSameRecordsInEveryFormat writes the demo exports as GB18030 with a byte-order mark,
// as .xlsx workbooks (with excelize, dates as Excel dates), as TSV and as JSON Lines, and
// checks that each gives the same records as the UTF-8 CSV.
func TestSameRecordsInEveryFormat(t *testing.T) {
	site, files := demoSite(t)
	want, _, errs := loadSite(t, site, files)
	if len(errs) > 0 {
		t.Fatal(errLines(errs))
	}
	wantDigest := recordDigest(want)
	for _, c := range []struct {
		ext     string
		convert func(testing.TB, []byte) []byte
		site    string
	}{
		{".csv", toGB18030, ""},
		{".xlsx", toXLSX, ""},
		{".tsv", toTSV, ""},
		{".jsonl", toJSONL, ""},
	} {
		t.Run(c.ext, func(t *testing.T) {
			conv := map[string][]byte{}
			for name, data := range files {
				conv[strings.TrimSuffix(name, ".csv")+c.ext] = c.convert(t, data)
			}
			got, rep, errs := loadSite(t, site, conv)
			if len(errs) > 0 {
				t.Fatalf("errors:\n%s", errLines(errs[:min(len(errs), 10)]))
			}
			if d := recordDigest(got); d != wantDigest {
				for i := range got {
					if a, b := recordLine(&got[i]), recordLine(&want[i]); a != b {
						t.Fatalf("record %d differs:\ngot  %s\nwant %s", i, a, b)
					}
				}
				t.Fatalf("digest %s, want %s", d, wantDigest)
			}
			for _, f := range rep.Files {
				if strings.Join(f.Dropped, ",") != "来电人,来电人电话" {
					t.Errorf("%s: dropped %v", f.Name, f.Dropped)
				}
			}
			if c.ext == ".csv" && rep.Files[0].Encoding != "gb18030 BOM" {
				t.Errorf("encoding %q", rep.Files[0].Encoding)
			}
		})
	}
}

func readCSV(t testing.TB, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func toGB18030(t testing.TB, data []byte) []byte {
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte("\x84\x31\x95\x33"), out...)
}

func toTSV(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = '\t'
	w.WriteAll(readCSV(t, data))
	return b.Bytes()
}

func toJSONL(t testing.TB, data []byte) []byte {
	rows := readCSV(t, data)
	var b bytes.Buffer
	for _, row := range rows[1:] {
		b.WriteByte('{')
		for i, v := range row {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(rows[0][i])
			val, _ := json.Marshal(v)
			if v == "" {
				val = []byte("null")
			}
			b.Write(k)
			b.WriteByte(':')
			b.Write(val)
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

// toXLSX writes the CSV as a workbook the way an office program does: text in the shared
// strings table, ids as numbers, times as date cells, empty fields as empty cells.
func toXLSX(t testing.TB, data []byte) []byte {
	t.Helper()
	rows := readCSV(t, data)
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			switch {
			case v == "":
				cells[j] = nil
			case i > 0 && rows[0][j] == "id":
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				cells[j] = n
			case i > 0 && strings.HasSuffix(rows[0][j], "_at"):
				tm, err := time.Parse(dateLayout, v)
				if err != nil {
					t.Fatal(err)
				}
				cells[j] = tm
			default:
				cells[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
