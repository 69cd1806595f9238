package privacy

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// ReportFile is the name of the privacy report, written beside (never inside) the output.
const ReportFile = "privacy-report.json"

type reportEntry struct {
	Position string `json:"position"`
	Field    string `json:"field,omitempty"`
	Offset   int    `json:"offset,omitempty"`
	Gate     string `json:"gate"`
	Severity string `json:"severity"`
	Kind     string `json:"kind"`
	Rule     string `json:"rule"`
	Value    string `json:"value"` // masked, never the raw value
	Redacted bool   `json:"redacted"`
}

// WriteReport writes every finding, values masked, as JSON into the folder that holds out, and
// returns the report's path. The same findings give the same bytes.
func WriteReport(out string, findings []Finding) (string, error) {
	entries := make([]reportEntry, 0, len(findings))
	for _, f := range findings {
		entries = append(entries, reportEntry{Position: f.Pos.String(), Field: f.Field, Offset: f.Offset,
			Gate: f.Gate, Severity: f.Severity.String(), Kind: string(f.Kind), Rule: f.Rule,
			Value: f.Masked, Redacted: f.Redacted})
	}
	data, err := json.MarshalIndent(struct {
		Findings []reportEntry `json:"findings"`
	}{entries}, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(filepath.Dir(filepath.Clean(out)), ReportFile)
	return path, os.WriteFile(path, append(data, '\n'), 0o644)
}
