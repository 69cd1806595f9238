package build

import (
	"encoding/json"
	"os"
	"path/filepath"

	"gongshi/generator/cases"
	"gongshi/generator/privacy"
)

// ReportFile is the name of the build report, written beside (never inside) the output.
const ReportFile = "build-report.json"

// FileCount is where the rows of one export ended.
type FileCount struct {
	Published int
	StatsOnly int
}

// perFile counts the published and statistics-only records of each export.
func perFile(recs []cases.Record, pub []privacy.Case) map[string]*FileCount {
	out := map[string]*FileCount{}
	for i := range recs {
		name := recs[i].Pos.Pos().File
		c := out[name]
		if c == nil {
			c = &FileCount{}
			out[name] = c
		}
		if pub[i].Published {
			c.Published++
		} else {
			c.StatsOnly++
		}
	}
	return out
}

type fileReport struct {
	Name        string         `json:"name"`
	Format      string         `json:"format"`
	Encoding    string         `json:"encoding,omitempty"`
	Sheet       string         `json:"sheet,omitempty"`
	Import      int            `json:"import,omitempty"`
	MaxRejected float64        `json:"max_rejected"`
	Rows        int            `json:"rows"`
	Published   int            `json:"published"`
	StatsOnly   int            `json:"statistics_only"`
	Rejected    int            `json:"rejected"`
	Updated     int            `json:"updated"`
	Reasons     map[string]int `json:"rejected_by_reason,omitempty"`
	Problems    int            `json:"problems,omitempty"`
	Dropped     []string       `json:"caller_columns_dropped,omitempty"`
	Unmapped    []string       `json:"columns_not_imported,omitempty"`
	Replaced    int            `json:"replacement_characters,omitempty"`
}

// writeReport writes what happened to every row, per export, into the folder that holds out:
// rows = published + statistics_only + rejected + updated for each file.
func writeReport(out string, sum *Summary) (string, error) {
	var files []fileReport
	for _, f := range sum.Exports {
		c := sum.ByFile[f.Name]
		if c == nil {
			c = &FileCount{}
		}
		files = append(files, fileReport{Name: f.Name, Format: f.Format, Encoding: f.Encoding, Sheet: f.Sheet,
			Import: f.Import, MaxRejected: f.MaxRejected, Rows: f.Rows, Published: c.Published, StatsOnly: c.StatsOnly,
			Rejected: f.Rejected, Updated: f.Updated, Reasons: f.Reasons, Problems: f.Problems, Dropped: f.Dropped,
			Unmapped: f.Unmapped, Replaced: f.Replaced})
	}
	data, err := json.MarshalIndent(struct {
		Date          string         `json:"date"`
		Rows          int            `json:"rows"`
		Published     int            `json:"published"`
		StatsOnly     int            `json:"statistics_only"`
		HeldBecause   map[string]int `json:"statistics_only_by_reason"`
		Rejected      int            `json:"rejected"`
		Updated       int            `json:"updated"`
		Files         []fileReport   `json:"files"`
		Warnings      []string       `json:"warnings"`
		PrivacyReport string         `json:"privacy_report"`
	}{sum.Now.Format("2006-01-02"), sum.CasesRead, sum.Published, sum.StatsOnly, sum.Held, sum.Rejected, sum.Updated,
		files, sum.Warnings, filepath.Base(sum.PrivacyReport)}, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(filepath.Dir(filepath.Clean(out)), ReportFile)
	return path, os.WriteFile(path, append(data, '\n'), 0o644)
}
