package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestFileBufSized checks that the case files' encoders give the bytes a plain encoder gives, in
// a buffer little larger than the file when the first rows are like the rest or shorter. (When
// they are longer, the buffer is sized from them: as large as the first rows say.)
func TestFileBufSized(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  func(i int) string
		tight bool // the buffer must be at most a quarter larger than the file
	}{
		{"alike", func(i int) string { return "小区路灯不亮" }, true},
		{"random lengths", func(i int) string { return strings.Repeat("长", (i*7919)%61) }, true},
		{"short first", func(i int) string { return strings.Repeat("长", min(i/100, 40)) }, true},
		{"long first", func(i int) string { return strings.Repeat("长", max(40-i/100, 1)) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 5000
			type row struct {
				ID   string `json:"id"`
				Text string `json:"text"`
			}
			data, err := jsonEach(n, func(i int) any { return row{strconv.Itoa(i), tc.text(i)} })
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			want.WriteString("[")
			for i := range n {
				if i > 0 {
					want.WriteString(",")
				}
				b, _ := json.Marshal(row{strconv.Itoa(i), tc.text(i)})
				want.WriteString("\n")
				want.Write(b)
			}
			want.WriteString("\n]\n")
			if !bytes.Equal(data, want.Bytes()) {
				t.Fatal("jsonEach differs from json.Marshal row by row")
			}
			if c := cap(data); tc.tight && c > len(data)*5/4 {
				t.Errorf("JSON buffer of %d bytes for a %d-byte file", c, len(data))
			}

			csvData, err := csvEach([]string{"id", "text"}, n, func(i int, rec []string) []string {
				return append(rec[:0], strconv.Itoa(i), tc.text(i))
			})
			if err != nil {
				t.Fatal(err)
			}
			var wantCSV bytes.Buffer
			w := csv.NewWriter(&wantCSV)
			w.UseCRLF = true
			w.Write([]string{"id", "text"})
			for i := range n {
				w.Write([]string{strconv.Itoa(i), tc.text(i)})
			}
			w.Flush()
			if !bytes.Equal(csvData, wantCSV.Bytes()) {
				t.Fatal("csvEach differs from encoding/csv")
			}
			if c := cap(csvData); tc.tight && c > len(csvData)*5/4 {
				t.Errorf("CSV buffer of %d bytes for a %d-byte file", c, len(csvData))
			}
		})
	}
}
