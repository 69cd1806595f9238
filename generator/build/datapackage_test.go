package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestDataValidatesAgainstPackage reads the demo's data/datapackage.json as plain JSON and checks
// every file of data/ against it, with a validator of its own (not package opendata's): each
// resource's size and SHA-256; a CSV's header against the schema's fields, in order, and its
// line ends against the dialect; a JSON file's rows against the fields; every value against its
// field's type, the missing values, required, unique, enum, pattern, minimum and maximum; the
// primary key; and manifest.json: every file listed with its size and hash, and the data version
// recomputed as the README says (the SHA-256 of the sha256sum lines of every file but
// datapackage.json and manifest.json, sorted by path).
func TestDataValidatesAgainstPackage(t *testing.T) {
	out, _ := builtDemo(t)
	dir := filepath.Join(out, "data")
	read := func(p string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	sum := func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }

	var pkg struct {
		Version   string
		Resources []struct {
			Name, Path, Format, Hash string
			Bytes                    int
			Dialect                  *struct {
				Delimiter      string
				LineTerminator string
				Header         bool
			}
			Schema struct {
				Fields []struct {
					Name, Type  string
					Constraints *struct {
						Required, Unique bool
						Enum             []string
						Pattern          string
						Minimum, Maximum *float64
					}
				}
				PrimaryKey    []string
				MissingValues []string
			}
		}
	}
	if err := json.Unmarshal(read("datapackage.json"), &pkg); err != nil {
		t.Fatal(err)
	}
	errs := 0
	fail := func(format string, args ...any) {
		t.Helper()
		if errs++; errs <= 40 {
			t.Errorf(format, args...)
		}
	}
	described := map[string]bool{}
	rowsChecked := 0
	for _, r := range pkg.Resources {
		data := read(r.Path)
		described[r.Path] = true
		if len(data) != r.Bytes || r.Hash != "sha256:"+sum(data) {
			fail("%s: bytes %d hash %s, the file has %d and %s", r.Path, r.Bytes, r.Hash, len(data), sum(data))
		}
		names := make([]string, len(r.Schema.Fields))
		for i, f := range r.Schema.Fields {
			names[i] = f.Name
		}
		// Every row as field → value (CSV: text; JSON: decoded, numbers as json.Number).
		var rows []map[string]any
		switch r.Format {
		case "csv":
			if r.Dialect == nil || !r.Dialect.Header || r.Dialect.Delimiter != "," || r.Dialect.LineTerminator != "\r\n" {
				fail("%s: dialect %+v", r.Path, r.Dialect)
			}
			if bytes.HasPrefix(data, []byte("\ufeff")) {
				fail("%s: starts with a byte-order mark, which the README says the files do not have", r.Path)
			}
			if bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) {
				fail("%s: a line does not end in CRLF", r.Path)
			}
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil || len(recs) == 0 {
				fail("%s: %v", r.Path, err)
				continue
			}
			if strings.Join(recs[0], ",") != strings.Join(names, ",") {
				fail("%s: header %v, schema fields %v", r.Path, recs[0], names)
				continue
			}
			for _, rec := range recs[1:] {
				row := map[string]any{}
				for i, v := range rec {
					row[names[i]] = v
				}
				rows = append(rows, row)
			}
		case "json":
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			if err := dec.Decode(&rows); err != nil {
				fail("%s: not an array of objects: %v", r.Path, err)
				continue
			}
			known := map[string]bool{}
			for _, n := range names {
				known[n] = true
			}
			for i, row := range rows {
				for k := range row {
					if !known[k] {
						fail("%s row %d: %s is no field of the schema", r.Path, i+1, k)
					}
				}
			}
		default:
			fail("%s: format %q", r.Path, r.Format)
			continue
		}
		missing := map[string]bool{}
		for _, m := range r.Schema.MissingValues {
			missing[m] = true
		}
		unique := map[string]map[string]bool{}
		keys := map[string]bool{}
		for i, row := range rows {
			rowsChecked++
			where := fmt.Sprintf("%s row %d", r.Path, i+1)
			for _, f := range r.Schema.Fields {
				v, present := row[f.Name]
				s, isText := v.(string)
				c := f.Constraints
				if !present || v == nil || (isText && missing[s]) {
					if c != nil && c.Required {
						fail("%s: %s is required", where, f.Name)
					}
					continue
				}
				text, ok := typed(f.Type, v, r.Format == "csv")
				if !ok {
					fail("%s: %s = %v is not of type %s", where, f.Name, v, f.Type)
					continue
				}
				if c == nil {
					continue
				}
				if c.Unique {
					if unique[f.Name] == nil {
						unique[f.Name] = map[string]bool{}
					}
					if unique[f.Name][text] {
						fail("%s: %s %q repeated", where, f.Name, text)
					}
					unique[f.Name][text] = true
				}
				if len(c.Enum) > 0 && !contains(c.Enum, text) {
					fail("%s: %s %q is not one of %v", where, f.Name, text, c.Enum)
				}
				if c.Pattern != "" && !regexp.MustCompile("^(?:"+c.Pattern+")$").MatchString(text) {
					fail("%s: %s %q does not match %s", where, f.Name, text, c.Pattern)
				}
				if c.Minimum != nil || c.Maximum != nil {
					n, _ := strconv.ParseFloat(text, 64)
					if (c.Minimum != nil && n < *c.Minimum) || (c.Maximum != nil && n > *c.Maximum) {
						fail("%s: %s %s is out of [%v, %v]", where, f.Name, text, c.Minimum, c.Maximum)
					}
				}
			}
			if len(r.Schema.PrimaryKey) > 0 {
				var k []string
				for _, name := range r.Schema.PrimaryKey {
					k = append(k, fmt.Sprint(row[name]))
				}
				if keys[strings.Join(k, "\x00")] {
					fail("%s: primary key %v repeated", where, k)
				}
				keys[strings.Join(k, "\x00")] = true
			}
		}
	}

	// manifest.json and the data version.
	var man struct {
		Version string
		Digest  string `json:"version_sha256"`
		Files   []struct {
			Path   string
			Bytes  int
			SHA256 string
		}
	}
	if err := json.Unmarshal(read("manifest.json"), &man); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{"manifest.json": true}
	for _, f := range man.Files {
		listed[f.Path] = true
		if data := read(f.Path); len(data) != f.Bytes || sum(data) != f.SHA256 {
			fail("manifest.json: %s has %d bytes and SHA-256 %s, the file %d and %s", f.Path, f.Bytes, f.SHA256, len(data), sum(data))
		}
	}
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		if !listed[rel] {
			fail("manifest.json does not list %s", rel)
		}
		if rel != "datapackage.json" && rel != "manifest.json" {
			if !described[rel] {
				fail("datapackage.json does not describe %s", rel)
			}
			lines = append(lines, sum(read(rel))+"  "+rel+"\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] })
	digest := sum([]byte(strings.Join(lines, "")))
	if man.Digest != digest || man.Version != digest[:12] || pkg.Version != man.Version {
		t.Errorf("data version: manifest %s (%s), package %s; recomputed %s", man.Version, man.Digest, pkg.Version, digest)
	}
	// The pages cite the version of these files.
	page, err := os.ReadFile(filepath.Join(out, "stats", "rates", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<code>"+man.Version+"</code>")) {
		t.Errorf("stats/rates/ does not cite the data version %s", man.Version)
	}
	if len(pkg.Resources) < 20 || rowsChecked < 10000 {
		t.Errorf("%d resources, %d rows checked: the package is not what it was", len(pkg.Resources), rowsChecked)
	}
	t.Logf("%d resources, %d rows checked, data version %s", len(pkg.Resources), rowsChecked, man.Version)
}

// typed checks a value against a Table Schema type and returns its text: CSV values are text,
// JSON values are decoded (numbers as json.Number).
func typed(typ string, v any, fromCSV bool) (string, bool) {
	s, isText := v.(string)
	if !fromCSV {
		switch x := v.(type) {
		case json.Number:
			s, isText = x.String(), typ == "integer" || typ == "number"
		case bool:
			return strconv.FormatBool(x), typ == "boolean"
		case []any:
			return "", typ == "array"
		case map[string]any:
			return "", typ == "object"
		default:
			if typ != "string" {
				return "", false
			}
		}
	}
	if !isText {
		return "", false
	}
	switch typ {
	case "string":
		return s, true
	case "integer":
		_, err := strconv.ParseInt(s, 10, 64)
		return s, err == nil
	case "number":
		_, err := strconv.ParseFloat(s, 64)
		return s, err == nil && !strings.ContainsAny(s, "xXnNiI")
	case "boolean":
		return s, s == "true" || s == "false"
	case "array", "object":
		var x any
		return s, json.Unmarshal([]byte(s), &x) == nil
	}
	return s, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
