package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// maxErrors is how many problems Validate reports before it stops.
const maxErrors = 50

var namePattern = regexp.MustCompile(`^[a-z0-9._-]+$`)

// Validate checks the data folder fsys (rooted at data/) against its own datapackage.json and
// manifest.json: every resource's size and hash, its header and every value against its Table
// Schema (types, missing values, required, unique, enum, pattern, minimum, maximum, primary
// key), every file's size and SHA-256 in the manifest, that the manifest lists every file, and
// the data version. It returns every problem found, up to 50.
func Validate(fsys fs.FS) error {
	v := &validator{}
	raw, err := fs.ReadFile(fsys, packageFile)
	if err != nil {
		return err
	}
	var pkg pkgDoc
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return fmt.Errorf("%s: %w", packageFile, err)
	}
	if pkg.Profile != packageProfile || !namePattern.MatchString(pkg.Name) || len(pkg.Resources) == 0 {
		v.add("%s: needs $schema %s, a lower-case name and resources", packageFile, packageProfile)
	}
	names := map[string]bool{}
	for _, r := range pkg.Resources {
		if !namePattern.MatchString(r.Name) || names[r.Name] {
			v.add("resource %q: name missing, invalid or not unique", r.Name)
		}
		names[r.Name] = true
		v.resource(fsys, r)
	}
	v.manifest(fsys, pkg)
	return errors.Join(v.errs...)
}

type validator struct{ errs []error }

func (v *validator) add(format string, args ...any) {
	if len(v.errs) < maxErrors {
		v.errs = append(v.errs, fmt.Errorf(format, args...))
	}
}

func (v *validator) resource(fsys fs.FS, r resource) {
	if r.Path == "" || strings.HasPrefix(r.Path, "/") || strings.Contains(r.Path, "..") {
		v.add("%s: path %q must be relative, inside the package", r.Name, r.Path)
		return
	}
	data, err := fs.ReadFile(fsys, r.Path)
	if err != nil {
		v.add("%s: %v", r.Name, err)
		return
	}
	if r.Profile != resourceProfile || r.Type != "table" || r.Schema.Profile != schemaProfile {
		v.add("%s: not a Data Package v2 table resource", r.Path)
	}
	if r.Bytes != len(data) || r.Hash != "sha256:"+sha256Hex(data) {
		v.add("%s: bytes or hash do not match the file", r.Path)
	}
	var rows []map[string]any
	switch r.Format {
	case "csv":
		rows = v.csvRows(r, data)
	case "json":
		rows = v.jsonRows(r, data)
	default:
		v.add("%s: unknown format %q", r.Path, r.Format)
		return
	}
	missing := map[string]bool{}
	for _, m := range r.Schema.MissingValues {
		missing[m] = true
	}
	seen := make([]map[string]bool, len(r.Schema.Fields))
	keys := map[string]bool{}
	for i, row := range rows {
		where := fmt.Sprintf("%s row %d", r.Path, i+1)
		for j, f := range r.Schema.Fields {
			val, ok := row[f.Name]
			if s, isStr := val.(string); !ok || val == nil || (isStr && missing[s]) {
				if f.Constraints != nil && f.Constraints.Required {
					v.add("%s: %s is required", where, f.Name)
				}
				continue
			}
			text, err := checkType(f.Type, val, r.Format == "csv")
			if err != nil {
				v.add("%s: %s: %v", where, f.Name, err)
				continue
			}
			if f.Constraints != nil {
				v.constraints(where, f, text, val, &seen[j])
			}
		}
		if len(r.Schema.PrimaryKey) > 0 {
			var k []string
			for _, name := range r.Schema.PrimaryKey {
				k = append(k, fmt.Sprint(row[name]))
			}
			joined := strings.Join(k, "\x00")
			if keys[joined] {
				v.add("%s: primary key %v repeated", where, k)
			}
			keys[joined] = true
		}
	}
}

// csvRows parses a CSV resource whose header must be its fields in order.
func (v *validator) csvRows(r resource, data []byte) []map[string]any {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) == 0 {
		v.add("%s: not a CSV file with a header: %v", r.Path, err)
		return nil
	}
	if !bytes.Contains(data, []byte("\r\n")) && len(recs) > 0 {
		v.add("%s: lines must end in CRLF, as its dialect says", r.Path)
	}
	if got, want := strings.Join(recs[0], ","), strings.Join(names(r.Schema.Fields), ","); got != want {
		v.add("%s: header %q, schema %q", r.Path, got, want)
		return nil
	}
	rows := make([]map[string]any, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		row := make(map[string]any, len(rec))
		for i, cell := range rec {
			row[recs[0][i]] = cell
		}
		rows = append(rows, row)
	}
	return rows
}

// jsonRows parses a JSON resource: an array of objects whose keys are fields of the schema.
func (v *validator) jsonRows(r resource, data []byte) []map[string]any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var rows []map[string]any
	if err := dec.Decode(&rows); err != nil {
		v.add("%s: not an array of objects: %v", r.Path, err)
		return nil
	}
	known := map[string]bool{}
	for _, f := range r.Schema.Fields {
		known[f.Name] = true
	}
	for i, row := range rows {
		for k := range row {
			if !known[k] {
				v.add("%s row %d: %s is not a field of the schema", r.Path, i+1, k)
			}
		}
	}
	return rows
}

// checkType checks a value against a Table Schema type; CSV values are text. It returns the
// value's text, for enum and pattern.
func checkType(typ string, val any, fromCSV bool) (string, error) {
	s, isStr := val.(string)
	switch typ {
	case "string":
		if !isStr {
			return "", fmt.Errorf("%v is not a string", val)
		}
		return s, nil
	case "integer", "number":
		if n, ok := val.(json.Number); ok && !fromCSV {
			s = n.String()
		} else if !fromCSV || !isStr {
			return "", fmt.Errorf("%v is not a number", val)
		}
		if typ == "integer" {
			if _, err := strconv.ParseInt(s, 10, 64); err != nil {
				return "", fmt.Errorf("%q is not an integer", s)
			}
		} else if _, err := strconv.ParseFloat(s, 64); err != nil || strings.ContainsAny(s, "xXnN") {
			return "", fmt.Errorf("%q is not a number", s)
		}
		return s, nil
	case "boolean":
		if b, ok := val.(bool); ok && !fromCSV {
			return strconv.FormatBool(b), nil
		}
		if fromCSV && (s == "true" || s == "false") {
			return s, nil
		}
		return "", fmt.Errorf("%v is not a boolean", val)
	case "array":
		if fromCSV {
			var a []any
			if json.Unmarshal([]byte(s), &a) != nil {
				return "", fmt.Errorf("%q is not a JSON array", s)
			}
		} else if _, ok := val.([]any); !ok {
			return "", fmt.Errorf("%v is not an array", val)
		}
		return "", nil
	case "object":
		if fromCSV {
			var m map[string]any
			if json.Unmarshal([]byte(s), &m) != nil {
				return "", fmt.Errorf("%q is not a JSON object", s)
			}
		} else if _, ok := val.(map[string]any); !ok {
			return "", fmt.Errorf("%v is not an object", val)
		}
		return "", nil
	}
	return "", fmt.Errorf("unknown type %q", typ)
}

func (v *validator) constraints(where string, f field, text string, val any, seen *map[string]bool) {
	c := f.Constraints
	if c.Unique {
		if *seen == nil {
			*seen = map[string]bool{}
		}
		if (*seen)[text] {
			v.add("%s: %s %q is not unique", where, f.Name, text)
		}
		(*seen)[text] = true
	}
	if len(c.Enum) > 0 && !contains(c.Enum, text) {
		v.add("%s: %s %q is not one of %v", where, f.Name, text, c.Enum)
	}
	if c.Pattern != "" {
		re, err := regexp.Compile("^(?:" + c.Pattern + ")$")
		if err != nil || !re.MatchString(text) {
			v.add("%s: %s %q does not match %s", where, f.Name, text, c.Pattern)
		}
	}
	if c.Minimum != nil || c.Maximum != nil {
		n, _ := strconv.ParseFloat(text, 64)
		if (c.Minimum != nil && n < *c.Minimum) || (c.Maximum != nil && n > *c.Maximum) {
			v.add("%s: %s %s is out of range", where, f.Name, text)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// manifest checks manifest.json against the files and the package.
func (v *validator) manifest(fsys fs.FS, pkg pkgDoc) {
	raw, err := fs.ReadFile(fsys, manifestFile)
	if err != nil {
		v.add("%v", err)
		return
	}
	var m manifestDoc
	if err := json.Unmarshal(raw, &m); err != nil {
		v.add("%s: %v", manifestFile, err)
		return
	}
	listed := map[string]bool{manifestFile: true}
	var inVersion []resource
	for _, e := range m.Files {
		listed[e.Path] = true
		data, err := fs.ReadFile(fsys, e.Path)
		if err != nil {
			v.add("%s: %v", manifestFile, err)
			continue
		}
		if e.Bytes != len(data) || e.SHA256 != sha256Hex(data) {
			v.add("%s: size or SHA-256 of %s does not match the file", manifestFile, e.Path)
		}
		if e.InVer {
			inVersion = append(inVersion, resource{Path: e.Path, data: data, sum: sha256Hex(data)})
		}
	}
	var files []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !listed[p] {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for _, f := range files {
		v.add("%s: does not list %s", manifestFile, f)
	}
	var res []string
	for _, r := range pkg.Resources {
		res = append(res, r.Path)
	}
	var ver []string
	for _, r := range inVersion {
		ver = append(ver, r.Path)
	}
	sort.Strings(res)
	if strings.Join(res, "\n") != strings.Join(ver, "\n") {
		v.add("%s: the files of the version are not the resources of the package", manifestFile)
	}
	if d := version(inVersion); d != m.Digest || m.Version != d[:12] || pkg.Version != m.Version {
		v.add("%s: data version %s (%s) does not match the files (%s) or the package (%s)", manifestFile, m.Version, m.Digest, d, pkg.Version)
	}
}
