package privacy

import (
	"path"
	"strings"

	"gongshi/generator/pii"
	"gongshi/generator/source"
)

// gated are the extensions of the output files the output gate reads: every text format the
// site publishes (SPEC §2.3).
var gated = map[string]string{
	".html": "html", ".htm": "html", ".svg": "html", ".xml": "text", ".atom": "text", ".rss": "text",
	".json": "json", ".webmanifest": "json", ".js": "text", ".txt": "text", ".csv": "text",
	".ics": "text", ".css": "text",
}

// Gate scans one output file, as the reader will see it: HTML text joined across inline tags and
// every attribute value, JSON strings decoded. Any BLOCK finding here means a path around the
// input gate exists, so it fails the build in every mode. It returns the findings, with the
// file's line and column; name is the path in the output.
func (g *Guard) Gate(name string, data []byte) []Finding {
	var (
		tfs []pii.TextFinding
		err error
	)
	switch gated[strings.ToLower(path.Ext(name))] {
	case "html":
		tfs = g.det.ScanHTMLBytes(data)
	case "json":
		tfs, err = g.det.ScanJSON(data)
	case "text":
		// Not string(data): a million cases' CSV is hundreds of megabytes.
		for _, f := range g.det.ScanLongBytes(data) {
			tfs = append(tfs, pii.TextFinding{Finding: f, Offset: f.Start, Where: "text",
				Value: pii.MaskValue(f.Kind, string(data[f.Start:f.End]))})
		}
	default:
		return nil
	}
	var out []Finding
	if err != nil {
		// A file the gate cannot read is a file nobody checked: refuse it.
		out = append(out, Finding{Pos: source.Pos{File: name}, Kind: "unreadable", Rule: err.Error(),
			Severity: pii.Block, Masked: "", Gate: "output"})
	}
	var text string // data, made a string at the first finding that needs its position
	for _, f := range tfs {
		if f.Severity != pii.Block && !g.strict {
			continue
		}
		if text == "" {
			text = string(data)
		}
		line, col := source.LineCol(text, min(f.Offset, len(data)))
		out = append(out, Finding{Pos: source.Pos{File: name, Line: line, Col: col}, Field: "", Kind: f.Kind,
			Rule: f.Rule + " (" + f.Where + ")", Severity: f.Severity, Masked: f.Value, Gate: "output"})
	}
	return out
}
