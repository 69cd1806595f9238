package config

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"gongshi/generator/source"
)

// Import is one [[import]] table of site.toml: how to read the case exports whose file names
// match Files when they are not in the canonical CSV layout. The first table whose Files
// matches a file wins; a file no table matches is read in the canonical layout, strictly.
//
//	[[import]]
//	files      = "boston311-*.csv"   # glob on the file name in content/cases/
//	date_order = "mdy"               # required when dates are written like 01/02/2022
//	time_zone  = "America/New_York"  # zone of times written without an offset
//	[import.columns]                 # field = "column of the export"
//	id = "case_enquiry_id"
//	[import.values.status]           # "value in the export" = "canonical value"
//	Closed = "resolved"
//	[import.fixed]                   # field = "value of every row"
//	channel = "hotline"
type Import struct {
	Files     string `toml:"files"`      // path.Match pattern on the file name, required
	Format    string `toml:"format"`     // csv tsv xlsx json jsonl open311; default by extension
	Encoding  string `toml:"encoding"`   // auto (default) utf-8 gb18030 gbk utf-16: CSV and TSV only
	Delimiter string `toml:"delimiter"`  // one character; default "," for csv, tab for tsv
	Sheet     string `toml:"sheet"`      // xlsx: the sheet to read; default the first
	HeaderRow int    `toml:"header_row"` // csv, tsv, xlsx: line (row) of the header; default 1

	Columns map[string]string            `toml:"columns"` // canonical field → column of the export
	Values  map[string]map[string]string `toml:"values"`  // field → value in the export → value to use
	Fixed   map[string]string            `toml:"fixed"`   // field → value of every row

	DateLayouts []string `toml:"date_layouts"` // Go layouts tried first; "excel" accepts serial numbers
	DateOrder   string   `toml:"date_order"`   // "dmy" or "mdy": required for dates like 01/02/2022
	TimeZone    string   `toml:"time_zone"`    // IANA name for times without an offset; default Asia/Shanghai
	// MaxRejected is the share of a file's rows that may be rejected before the build fails
	// (unless --strict, which fails on any). Default DefaultMaxRejected.
	MaxRejected *float64 `toml:"max_rejected"`

	// Set by Parse.
	Pos      source.Pos     `toml:"-"` // the [[import]] header in site.toml
	Location *time.Location `toml:"-"` // TimeZone, or Location() when it is empty
}

// DefaultMaxRejected is the share of a file's rows that may be rejected before the build
// fails, for files no [[import]] table (or one without max_rejected) describes.
const DefaultMaxRejected = 0.05

// RejectedShare returns max_rejected, or DefaultMaxRejected when it is not set.
func (im *Import) RejectedShare() float64 {
	if im == nil || im.MaxRejected == nil {
		return DefaultMaxRejected
	}
	return *im.MaxRejected
}

// Formats are the values of format in an [[import]] table.
var Formats = []string{"csv", "tsv", "xlsx", "json", "jsonl", "open311"}

// Encodings are the values of encoding in an [[import]] table ("gbk" is read as GB18030).
var Encodings = []string{"auto", "utf-8", "gb18030", "gbk", "utf-16"}

// caseFields are the canonical case columns (the cases package's Columns, in the same order)
// with the values of those that have a fixed vocabulary. A nil list means free values.
var caseFields = []struct {
	name   string
	values []string
}{
	{"id", nil}, {"received_at", nil}, {"responded_at", nil}, {"closed_at", nil},
	{"street", nil}, {"community", nil}, {"grid", nil}, {"category", nil}, {"subcategory", nil},
	{"channel", []string{"hotline", "neighbour_group", "hall", "grid_patrol"}},
	{"status", []string{"received", "in_progress", "resolved", "unresolved", "withdrawn"}},
	{"method", []string{"direct", "joint_meeting", "onsite_meeting", "parties_meeting", "cloud_meeting"}},
	{"collective", []string{"true", "false"}},
	{"summary", nil}, {"resolution", nil},
	{"solved", []string{"yes", "no"}},
	{"satisfaction", []string{"satisfied", "basically_satisfied", "dissatisfied"}},
	{"surveyed", []string{"true", "false"}},
	{"responded_in_time", []string{"yes", "no"}},
	{"meeting", nil},
}

// CaseField reports whether name is a canonical case column, and the values it takes when
// they form a fixed vocabulary (nil otherwise).
func CaseField(name string) (values []string, ok bool) {
	for _, f := range caseFields {
		if f.name == name {
			return f.values, true
		}
	}
	return nil, false
}

func fieldNames() string {
	names := make([]string, len(caseFields))
	for i, f := range caseFields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// checkImports validates the [[import]] tables, after index has built the lookups.
func (c *Config) checkImports(errs *source.List, keys []source.Key, file string) {
	for i := range c.Import {
		im := &c.Import[i]
		at := func(key string) source.Pos {
			return source.Pos{File: file, Line: importLine(keys, i, key), Col: 1}
		}
		im.Pos = at("")
		c.checkImport(im, at, errs)
	}
}

func (c *Config) checkImport(im *Import, at func(string) source.Pos, errs *source.List) {
	switch _, err := path.Match(im.Files, ""); {
	case im.Files == "":
		errs.Add(at(""), "an [[import]] table needs files = \"...\": a pattern for the file names in content/cases/, e.g. \"2022-*.xlsx\"")
	case err != nil || strings.Contains(im.Files, "/"):
		errs.Add(at("files"), "import.files = %q is not a file name pattern: use * ? and [...] on names in content/cases/, without folders", im.Files)
	}
	if im.Format != "" && !contains(Formats, im.Format) {
		errs.Add(at("format"), "import.format = %q is not supported: use one of %s", im.Format, strings.Join(Formats, ", "))
	}
	if im.Encoding != "" && !contains(Encodings, strings.ToLower(im.Encoding)) {
		errs.Add(at("encoding"), "import.encoding = %q is not supported: use one of %s", im.Encoding, strings.Join(Encodings, ", "))
	}
	if im.Delimiter != "" && (len([]rune(im.Delimiter)) != 1 || im.Delimiter == "\"" || im.Delimiter == "\n" || im.Delimiter == "\r" || im.Delimiter[0] >= 0x80) {
		errs.Add(at("delimiter"), "import.delimiter = %q must be a single ASCII character other than a quote or a line break, e.g. \";\" or \"\\t\"", im.Delimiter)
	}
	if im.HeaderRow < 0 {
		errs.Add(at("header_row"), "import.header_row = %d must be at least 1", im.HeaderRow)
	}
	if im.DateOrder != "" && im.DateOrder != "dmy" && im.DateOrder != "mdy" {
		errs.Add(at("date_order"), "import.date_order = %q: use \"dmy\" (21/01/2022) or \"mdy\" (01/21/2022)", im.DateOrder)
	}
	for _, l := range im.DateLayouts {
		if l != "excel" && !goodLayout(l) {
			errs.Add(at("date_layouts"), "import.date_layouts: %q is not a Go time layout with year, month and day: write the reference date 2006-01-02 15:04:05 as the export does, e.g. \"2006/1/2 15:04\", or \"excel\" for serial numbers", l)
		}
	}
	im.Location = c.Location()
	if im.TimeZone != "" {
		loc, err := time.LoadLocation(im.TimeZone)
		if err != nil || im.TimeZone == "Local" {
			errs.Add(at("time_zone"), "import.time_zone = %q is not a time zone: use an IANA name such as \"Asia/Shanghai\" or \"America/New_York\"", im.TimeZone)
		} else {
			im.Location = loc
		}
	}
	if m := im.MaxRejected; m != nil && (*m < 0 || *m > 1) {
		errs.Add(at("max_rejected"), "import.max_rejected = %g must lie between 0 and 1 (a share of the rows, e.g. 0.05)", *m)
	}
	headers := map[string]string{}
	for _, f := range sortedKeys(im.Columns) {
		h := im.Columns[f]
		pos := at("columns." + f)
		switch _, ok := CaseField(f); {
		case !ok:
			errs.Add(pos, "import.columns.%s: unknown field: use one of %s", f, fieldNames())
		case strings.TrimSpace(h) == "":
			errs.Add(pos, "import.columns.%s is empty: name the column of the export that holds it", f)
		case IsCallerColumn(h):
			errs.Add(pos, "import.columns.%s = %q: that column holds the caller's identity (name, phone, ID number or home address), which is dropped at import and never published: map another column", f, h)
		case headers[h] != "":
			errs.Add(pos, "import.columns.%s = %q: the column is already mapped to %s", f, h, headers[h])
		default:
			headers[h] = f
		}
		if _, fixed := im.Fixed[f]; fixed {
			errs.Add(pos, "import.columns.%s and import.fixed.%s are both set: keep one", f, f)
		}
	}
	for _, f := range sortedKeys(im.Fixed) {
		v := im.Fixed[f]
		pos := at("fixed." + f)
		switch f {
		case "id", "received_at", "responded_at", "closed_at":
			errs.Add(pos, "import.fixed.%s: %s differs from row to row: map a column under [import.columns] instead", f, f)
			continue
		}
		if _, ok := CaseField(f); !ok {
			errs.Add(pos, "import.fixed.%s: unknown field: use one of %s", f, fieldNames())
			continue
		}
		if msg := c.checkValue(f, v); msg != "" {
			errs.Add(pos, "import.fixed.%s = %q: %s", f, v, msg)
		}
	}
	for _, f := range sortedKeys(im.Values) {
		pos := at("values." + f)
		if _, ok := CaseField(f); !ok {
			errs.Add(pos, "import.values.%s: unknown field: use one of %s", f, fieldNames())
			continue
		}
		m := im.Values[f]
		for _, from := range sortedKeys(m) {
			if msg := c.checkValue(f, m[from]); msg != "" {
				errs.Add(at("values."+f+"."+from), "import.values.%s: %q = %q: %s", f, from, m[from], msg)
			}
		}
	}
}

// checkValue checks a value given for field in site.toml (a fixed value or the target of a
// value mapping) and returns what is wrong with it, or "".
func (c *Config) checkValue(field, v string) string {
	if values, _ := CaseField(field); values != nil {
		if !contains(values, v) {
			return "use one of " + strings.Join(values, ", ")
		}
		return ""
	}
	switch field {
	case "street":
		if _, ok := c.Street(v); !ok {
			return "not a street of site.toml: add it under [[district.streets]]"
		}
	case "community":
		if _, ok := c.Community(v); !ok {
			return "not a community of site.toml: add it under [[district.streets.communities]]"
		}
	case "category":
		if _, ok := c.Category(v); !ok {
			return "not a category of site.toml: add it under [[categories]]"
		}
	case "grid":
		for _, cm := range c.Communities {
			if cm.HasGrid(v) {
				return ""
			}
		}
		return "not a grid of any community in site.toml"
	case "subcategory":
		for i := range c.Categories {
			if c.Categories[i].HasSub(v) {
				return ""
			}
		}
		return "not a subcategory of any category in site.toml"
	}
	return ""
}

// importLine is the line of key (a dotted path below the table, "" for its header) in the
// n-th [[import]] table, whose keys may sit in sub-tables such as [import.values.status];
// it falls back to the closest parent key, then to the table's header.
func importLine(keys []source.Key, n int, key string) int {
	start, seen := -1, -1
	for i, k := range keys {
		if k.Header && k.Path == "import" {
			if seen++; seen == n {
				start = i
				break
			}
		}
	}
	if start < 0 {
		return 0
	}
	want := "import"
	if key != "" {
		want += "." + key
	}
	best, bestLen := keys[start].Line, 0
	for _, k := range keys[start+1:] {
		if k.Header && (k.Path == "import" || !strings.HasPrefix(k.Path, "import.")) {
			break
		}
		if (k.Path == want || strings.HasPrefix(want, k.Path+".")) && len(k.Path) > bestLen {
			best, bestLen = k.Line, len(k.Path)
		}
	}
	return best
}

func goodLayout(l string) bool {
	ref := time.Date(2022, 8, 17, 8, 34, 56, 0, time.UTC)
	t, err := time.Parse(l, ref.Format(l))
	return err == nil && t.Year() == 2022 && t.Month() == 8 && t.Day() == 17
}

// callerWords mark a column header as the caller's identity when the header contains one.
var callerWords = []string{
	"来电人", "来电号码", "联系电话", "联系人", "联系方式", "电话", "手机", "姓名", "身份证", "证件",
	"住址", "地址", "门牌", "房号", "车牌", "微信", "邮箱", "留言用户", "用户", "账号", "昵称", "户籍",
}

// callerTokens mark an English header as the caller's identity when one of its words (split
// at anything but letters and digits) is one of them.
var callerTokens = []string{
	"caller", "phone", "telephone", "tel", "mobile", "cellphone", "email", "mail", "address",
	"surname", "firstname", "lastname", "fullname", "username", "ssn", "passport", "qq", "wechat",
	"complainant", "reporter", "requester", "requestor", "applicant",
}

// nameOwners are words that, before "name", make it a person's name ("contact name", "first
// name"); "service_name" or "street_name" are not.
var nameOwners = []string{"caller", "customer", "contact", "first", "last", "full", "given", "family",
	"citizen", "resident", "person", "user", "complainant", "reporter", "requester", "applicant"}

// IsCallerColumn reports whether a column header names the caller's identity: a name, phone
// number, e-mail, ID number, account or home address. Such columns are dropped at import,
// listed in the build report, and may not be mapped onto a published field.
func IsCallerColumn(h string) bool {
	l := strings.ToLower(strings.TrimSpace(h))
	for _, w := range callerWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	words := strings.FieldsFunc(l, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for i, w := range words {
		if contains(callerTokens, w) {
			return true
		}
		switch w {
		case "name":
			if len(words) == 1 || i > 0 && contains(nameOwners, words[i-1]) {
				return true
			}
		case "contact":
			if len(words) == 1 || i+1 < len(words) && contains([]string{"name", "info", "information", "details", "number", "no", "person"}, words[i+1]) {
				return true
			}
		case "id":
			if i > 0 && contains([]string{"national", "personal", "citizen", "resident"}, words[i-1]) {
				return true
			}
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// String names the table for messages: `the [[import]] table files = "a*.csv" (site.toml:12)`.
func (im *Import) String() string {
	return fmt.Sprintf("the [[import]] table files = %q (%s)", im.Files, im.Pos)
}
