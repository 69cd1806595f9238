package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"gongshi/generator/site"
)

// The profiles of Data Package v2 the descriptors declare.
const (
	packageProfile  = "https://datapackage.org/profiles/2.0/datapackage.json"
	resourceProfile = "https://datapackage.org/profiles/2.0/dataresource.json"
	schemaProfile   = "https://datapackage.org/profiles/2.0/tableschema.json"
	dialectProfile  = "https://datapackage.org/profiles/2.0/tabledialect.json"
)

// hiddenMark is how a suppressed value is written in the table CSVs, as on the site.
const hiddenMark = "×"

// pkgDoc is datapackage.json.
type pkgDoc struct {
	Profile     string     `json:"$schema"`
	Name        string     `json:"name"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Homepage    string     `json:"homepage,omitempty"`
	Version     string     `json:"version"`
	Created     string     `json:"created,omitempty"`
	Keywords    []string   `json:"keywords"`
	Licenses    []Licence  `json:"licenses,omitempty"`
	Resources   []resource `json:"resources"`
}

// resource is a tabular data resource: its descriptor and, unexported, its bytes.
type resource struct {
	Profile     string      `json:"$schema"`
	Name        string      `json:"name"`
	Path        string      `json:"path"` // relative to the data folder
	Type        string      `json:"type"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Format      string      `json:"format"`
	Mediatype   string      `json:"mediatype"`
	Encoding    string      `json:"encoding"`
	Bytes       int         `json:"bytes"`
	Hash        string      `json:"hash"`
	Dialect     *dialect    `json:"dialect,omitempty"`
	Schema      tableSchema `json:"schema"`

	data    []byte
	emitted bool   // handed to Options.Emit: data is nil
	sum     string // SHA-256 of data, hexadecimal
}

type dialect struct {
	Profile        string `json:"$schema"`
	Header         bool   `json:"header"`
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
}

type tableSchema struct {
	Profile       string   `json:"$schema"`
	Fields        []field  `json:"fields"`
	PrimaryKey    []string `json:"primaryKey,omitempty"`
	MissingValues []string `json:"missingValues"`
}

// field is a Table Schema field; types used: string, integer, number, boolean, object, array.
type field struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Categories  []category   `json:"categories,omitempty"`
	Constraints *constraints `json:"constraints,omitempty"`
}

// category is a value of a field with its label (Table Schema v2 categories).
type category struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

type constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Minimum  *float64 `json:"minimum,omitempty"`
	Maximum  *float64 `json:"maximum,omitempty"`
}

// newResource returns the resource of a data file with its bytes, size and hash.
func newResource(name, path, title, desc, format string, schema tableSchema, data []byte) resource {
	sum := sha256Hex(data)
	r := resource{Profile: resourceProfile, Name: name, Path: path, Type: "table", Title: title,
		Description: desc, Format: format, Encoding: "utf-8", Bytes: len(data),
		Hash: "sha256:" + sum, Schema: schema, data: data, sum: sum}
	r.Schema.Profile = schemaProfile
	switch format {
	case "csv":
		r.Mediatype = "text/csv"
		r.Dialect = &dialect{Profile: dialectProfile, Header: true, Delimiter: ",", LineTerminator: "\r\n", QuoteChar: `"`}
	case "json":
		r.Mediatype = "application/json"
	}
	return r
}

// describe returns datapackage.json for the resources.
func describe(s *site.Site, o Options, res []resource, version string) ([]byte, error) {
	desc := "公示站点发布的开放数据：公示工单、全部统计数值及其口径、各统计表。" +
		"为保护居民隐私，小计数及可据以推算的数值已隐去：JSON 中为 null，表格 CSV 中为 ×；" +
		"工单日期只精确到月份（或季度），不含网格、日期和时间。" +
		"Open data of the portal: published cases, every figure with its definition, every statistics table. " +
		"Small counts, and counts that would let one be recomputed, are suppressed (null in JSON, × in the table CSVs); " +
		"case dates are given by month (or quarter), never by day, time or grid."
	if s.Synthetic {
		desc = "演示数据为合成数据，不对应任何真实个人或工单。Synthetic demo data. " + desc
	}
	p := pkgDoc{Profile: packageProfile, Name: "gongshi-open-data", Title: s.Title, Description: desc,
		Homepage: s.BaseURL, Version: version, Keywords: []string{"12345", "hotline", "open311", "议事厅"},
		Resources: res}
	if !s.Now.IsZero() {
		p.Created = s.Now.Format("2006-01-02T15:04:05-07:00")
	}
	if o.Licence != (Licence{}) {
		p.Licenses = []Licence{o.Licence}
	}
	return marshalIndent(p)
}

// marshalIndent encodes v as indented JSON with a final newline, without HTML escaping.
func marshalIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("opendata: %w", err)
	}
	return b.Bytes(), nil
}

// jsonRows encodes rows as a JSON array with one compact row per line.
func jsonRows[T any](rows []T) ([]byte, error) {
	return jsonEach(len(rows), func(i int) any { return &rows[i] })
}

// jsonEach encodes the n values row(0), row(1)… as jsonRows does, made one at a time: a big
// file's rows are never all held beside its bytes.
func jsonEach(n int, row func(i int) any) ([]byte, error) {
	var b fileBuf
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		if err := enc.Encode(row(i)); err != nil {
			return nil, fmt.Errorf("opendata: %w", err)
		}
		b.b = b.b[:len(b.b)-1] // Encode's newline
		if i+1 == sampleRows {
			b.expect(i+1, n)
		}
	}
	b.WriteString("\n]\n")
	return b.b, nil
}

// csvBytes encodes a header and rows as RFC 4180 CSV (CRLF line ends).
func csvBytes(header []string, rows [][]string) ([]byte, error) {
	return csvEach(header, len(rows), func(i int, _ []string) []string { return rows[i] })
}

// csvEach encodes a header and the n rows row(0, buf), row(1, buf)… as csvBytes does, made one at
// a time (buf is the slice row returned last, for it to reuse): a big file's rows are never all
// held beside its bytes.
func csvEach(header []string, n int, row func(i int, buf []string) []string) ([]byte, error) {
	var b fileBuf
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		return nil, err
	}
	var rec []string
	for i := range n {
		rec = row(i, rec)
		if err := w.Write(rec); err != nil {
			return nil, fmt.Errorf("opendata: %w", err)
		}
		if i+1 == sampleRows {
			w.Flush()
			b.expect(i+1, n)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("opendata: %w", err)
	}
	return b.b, nil
}

// sampleRows is how many rows of a file are made before its buffer is sized for all of them.
const sampleRows = 1024

// fileBuf is the buffer a file is made in. Once sampleRows rows are in, expect gives it room for
// every row at their average size and a twentieth more; beyond its room it grows by an eighth,
// not by double. So a big file's buffer is never much larger than the file: a million cases'
// cases.json is over 400 MB, and its buffer was once half as large again, sized from one row.
type fileBuf struct{ b []byte }

func (f *fileBuf) Write(p []byte) (int, error) {
	f.grow(len(p))
	f.b = append(f.b, p...)
	return len(p), nil
}

func (f *fileBuf) WriteString(s string) {
	f.grow(len(s))
	f.b = append(f.b, s...)
}

// grow makes room for n more bytes, and an eighth more, when there is not room for n.
func (f *fileBuf) grow(n int) {
	if len(f.b)+n > cap(f.b) {
		f.reserve(n + max(cap(f.b)/8, 4096))
	}
}

// expect makes room for the n − done rows still to come, at the average size of the done ones.
func (f *fileBuf) expect(done, n int) {
	if done > 0 && n > done {
		f.reserve(len(f.b) / done * (n - done) * 21 / 20)
	}
}

// reserve makes room for n more bytes.
func (f *fileBuf) reserve(n int) {
	if len(f.b)+n <= cap(f.b) {
		return
	}
	b := make([]byte, len(f.b), len(f.b)+n)
	copy(b, f.b)
	f.b = b
}

// names returns the names of fields, the header of a CSV.
func names(fs []field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// round returns f rounded to d decimals.
func round(f float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(f*p) / p
}

// decimal formats f rounded to d decimals in the shortest form: 85.3, 12, 0.5.
func decimal(f float64, d int) string { return strconv.FormatFloat(round(f, d), 'f', -1, 64) }

func ptr[T any](v T) *T { return &v }

// required and the other helpers build constraints.
func required() *constraints { return &constraints{Required: true} }

func enum(required bool, values ...string) *constraints {
	return &constraints{Required: required, Enum: values}
}

func pattern(required bool, p string) *constraints {
	return &constraints{Required: required, Pattern: p}
}

func atLeast(min float64) *constraints { return &constraints{Minimum: ptr(min)} }
