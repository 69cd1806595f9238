package cases

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"gongshi/generator/config"
)

// FuzzCSVReader checks the CSV reader against encoding/csv: whatever encoding/csv reads, the
// reader reads the same rows (less rows of empty fields, which it skips) from the same lines,
// without rejecting any; and it never fails on any input. Seeds: testdata/fuzz/FuzzCSVReader.
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n", "a,\"b\nc\",d\r\n\"e\"\"f\",g,h", "\n\n,,\n\"\"\n", "a\rb,\"c\r\nd\"\r", "x,\"unclosed\n",
		"\"a\"b,c\n", "a\"b,c\n", "\r\n\r", "\"\"\"\"", "a\tb\tc\n1\t\"2\t3\"\t4\n",
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, tab bool) {
		comma := byte(',')
		if tab {
			comma = '\t'
		}
		c := newCSV(iotestHalf(data), comma)
		var mine [][]string
		var lines []int
		rejected := false
		for {
			fields, line, err := c.next()
			if err == io.EOF {
				break
			}
			var rej *rejection
			if errors.As(err, &rej) {
				rejected = true
			} else if err != nil {
				t.Fatalf("read error %v", err)
			}
			row := make([]string, len(fields))
			for i, f := range fields {
				row[i] = string(f)
			}
			mine = append(mine, row)
			lines = append(lines, line)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.Comma = rune(comma)
		r.FieldsPerRecord = -1
		var want [][]string
		var wantLines []int
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return // encoding/csv refuses the input; the reader may be more lenient
			}
			if len(rec) > 1 && strings.Join(rec, "") == "" {
				continue
			}
			line, _ := r.FieldPos(0)
			want = append(want, rec)
			wantLines = append(wantLines, line)
		}
		if rejected {
			t.Fatalf("a row is rejected that encoding/csv reads: %q", want)
		}
		if len(mine) != len(want) {
			t.Fatalf("rows:\ngot  %q\nwant %q", mine, want)
		}
		for i := range want {
			if !slices.Equal(mine[i], want[i]) || lines[i] != wantLines[i] {
				t.Fatalf("row %d: got %q at line %d, want %q at line %d", i, mine[i], lines[i], want[i], wantLines[i])
			}
		}
	})
}

// iotestHalf reads data a few bytes at a time, to exercise the reader's buffer refills.
func iotestHalf(data []byte) io.Reader { return &smallReader{data: data} }

type smallReader struct {
	data []byte
	n    int
}

func (s *smallReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	s.n = s.n%7 + 1
	k := copy(p[:min(len(p), s.n)], s.data)
	s.data = s.data[k:]
	return k, nil
}

// FuzzLoadCSV runs the whole row path (sniffing, decoding, reading, mapping, checking) on a
// CSV export, in the canonical layout and through an [[import]] table: it never panics, the
// report adds up, and every record is valid UTF-8 and sorted by id.
func FuzzLoadCSV(f *testing.F) {
	f.Add([]byte("id,received_at,closed_at,street,community,category,channel,status,summary\n" +
		"1,2022-08-01 08:00,2022-08-02 09:00,沿江街道,龙山社区,噪音扰民,hotline,resolved,夜间施工噪音\n" +
		"1,2022/8/1,,沿江街道,龙山社区,噪音扰民,热线,已办结,\"a\"\"b\"\n"))
	f.Add([]byte("工单编号,受理时间,村/社区,问题分类,来源渠道,办理状态,来电人\n1,2022/8/1 8:00,龙山社区,噪音扰民,12345热线,办理中,x\n"))
	f.Add([]byte("\x84\x31\x95\x33id,received_at\n\xff\xfe\n"))
	var cfgs []*config.Config
	for _, s := range []string{site, site + "[[import]]\nfiles = \"b.csv\"\nfixed = { street = \"沿江街道\" }\n"} {
		cfg, err := config.Parse("site.toml", s)
		if err != nil {
			f.Fatal(err)
		}
		cfgs = append(cfgs, cfg)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{Dir + "/a.csv": {Data: data}, Dir + "/b.csv": {Data: data}}
		for _, cfg := range cfgs {
			recs, rep, errs := Load(fsys, Dir, cfg)
			checkReport(t, recs, rep, errs)
			for _, r := range recs {
				if !utf8.ValidString(r.ID+r.Summary+r.Resolution+r.Meeting) || r.ID == "" || r.ReceivedAt.IsZero() {
					t.Fatalf("bad record %s", recordLine(&r))
				}
			}
		}
	})
}

// FuzzDates checks the date parser: it never panics; the canonical layout reads exactly what
// time.ParseInLocation reads with the loader's former layouts, as the same time; whatever
// the canonical layout reads, the lenient parser reads the same way; a lenient result
// formatted canonically reads back as the same instant.
func FuzzDates(f *testing.F) {
	for _, s := range []string{"2022-08-17 08:34", "2022-08-17T8:34:05.123456789123", "2022/8/17 下午3:05", "2022年8月17日8时5分",
		"17/08/2022 08:34:12 PM", "2014-07-12T10:58:43-05:00", "44790.356944", "20220817", "2022-02-29", "1/2/22"} {
		f.Add(s)
	}
	sh := config.Location()
	layouts := []string{dateLayout, "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"}
	f.Fuzz(func(t *testing.T, s string) {
		strict := &dates{loc: sh, strict: true}
		lenient := &dates{loc: sh, order: 'd', serial: true}
		st, serr := strict.parse([]byte(s))
		var gt time.Time
		var gerr error = errNoLayout
		for _, l := range layouts {
			if v, err := time.ParseInLocation(l, s, sh); err == nil {
				gt, gerr = v, nil
				break
			}
		}
		if (serr == nil) != (gerr == nil) || serr == nil && !st.Equal(gt) {
			t.Fatalf("%q: canonical %v %v; time.Parse %v %v", s, st, serr, gt, gerr)
		}
		lt, lerr := lenient.parse([]byte(s))
		if serr == nil && (lerr != nil || !lt.Equal(st)) {
			t.Fatalf("%q: canonical %v, lenient %v %v", s, st, lt, lerr)
		}
		if lerr == nil {
			back, err := strict.parse([]byte(lt.In(sh).Format("2006-01-02 15:04:05.999999999")))
			if err != nil || !back.Equal(lt) {
				t.Fatalf("%q: %v does not read back: %v %v", s, lt, back, err)
			}
		}
	})
}

// FuzzJSON checks the JSON reader: it never fails on any input, and for an array of objects
// that encoding/json decodes, it reads the same records with the same string values.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{`[{"a":"x","b":1,"c":null,"d":{"e":["}"]}},{"b":"\u4e2d\ud83d\ude00","a":true}]`,
		`{"service_requests":[{"id":"1"}]}`, "{\"a\":1}\n{\"a\":2", `[{"a":"\ud800"}, 5]`, `[{"a":"x"},]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lines := range []bool{false, true} {
			j := newJSON(iotestHalf(data), lines)
			var rows []map[string]string
			rejected := false
			for n := 0; ; n++ {
				fields, _, err := j.next()
				if err == io.EOF || n > len(data)+2 {
					break
				}
				if err != nil {
					var rej *rejection
					if !errors.As(err, &rej) {
						break // a syntax error outside JSON Lines ends the file
					}
					rejected = true
					continue
				}
				row := map[string]string{}
				for i, f := range fields {
					if f != nil {
						row[j.hdr[i]] = string(f)
					}
				}
				rows = append(rows, row)
			}
			if lines {
				continue
			}
			var want []map[string]json.RawMessage
			if json.Unmarshal(data, &want) != nil {
				continue
			}
			if rejected || len(rows) != len(want) {
				t.Fatalf("got %d rows (rejected %v), encoding/json %d", len(rows), rejected, len(want))
			}
			for i, w := range want {
				for k, raw := range w {
					var s string
					if json.Unmarshal(raw, &s) == nil && perByte(rows[i][k]) != s {
						t.Fatalf("row %d key %q: got %q, want %q", i, k, rows[i][k], s)
					}
				}
			}
		}
	})
}

// perByte replaces each invalid byte with U+FFFD, as encoding/json does.
func perByte(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

// FuzzSheet feeds arbitrary worksheet XML to the sheet reader: it never panics or loops, and
// every row it returns has a number larger than the row before.
func FuzzSheet(f *testing.F) {
	for _, s := range []string{
		`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><r><t>a&amp;b</t></r><rPh><t>x</t></rPh></is></c></row>` +
			`<row><c t="b"><v>1</v></c><c r="B2"><f>1+1</f><v></v></c></row><row r="9" spans="1:2"/></sheetData></worksheet>`,
		`<x:sheetData><x:row r="2"><x:c r="AB2"><x:v><![CDATA[<3]]></x:v></x:c></x:row></x:sheetData>`,
		`<?xml version="1.0"?><!-- c --><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x := &xlsxReader{sst: []string{"共享", "_x000D_"}, x: newXMLScanner(iotestHalf(data))}
		last := 0
		for n := 0; n <= len(data); n++ {
			fields, line, err := x.next()
			if err != nil {
				return
			}
			if line <= last || len(fields) > 16384 {
				t.Fatalf("row %d after %d, %d cells", line, last, len(fields))
			}
			last = line
		}
		t.Fatal("more rows than bytes")
	})
}
