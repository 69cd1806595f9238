package cases

import "gongshi/generator/source"

// Report says what Load read. Its counts add up:
//
//	Rows     = Records + Rejected + Updated       (and the same per file, see File)
//	Records  = len of the records Load returned
//	Rejected = sum over files of File.Rejected   = number of rejections in Load's error list
//
// Every row read ends in exactly one place: a returned record, a rejection (with its
// file:line:col in the error list), or replaced by the same id in a later export.
type Report struct {
	Files    []*File
	Rows     int // data rows read in all files
	Records  int // records returned
	Rejected int // rows rejected in all files
	Updated  int // rows replaced by a row with the same id in a later export
	// Problems counts the file-level problems in the error list (a file that cannot be read,
	// a wrong header, a mapping that does not fit): any of them must fail the build.
	Problems int
	// Notes are warnings that reject nothing: replacement characters in the text,
	// [[import]] tables that match no file. The build prints them; they never fail it.
	Notes source.List
}

// File describes one export that was read. Rows = Records + Rejected, Updated ≤ Records.
type File struct {
	Name     string // path in the site, e.g. content/cases/2022.csv
	Format   string // csv, tsv, xlsx, json, jsonl, open311-json or open311-xml
	Encoding string // how the text was decoded: utf-8, utf-8 BOM, gb18030, gb18030 BOM, utf-16le BOM, ...
	Sheet    string // xlsx: the sheet that was read
	// Import is the [[import]] table that describes the file (1 for the first table in
	// site.toml), or 0 when the file was read in the canonical layout.
	Import      int
	MaxRejected float64 // share of Rows that may be rejected before the build fails (--strict: none)

	Rows     int            // data rows read
	Records  int            // rows that became records (a later export may still replace them)
	Rejected int            // rows rejected, each reported at its file:line:col
	Reasons  map[string]int // rejected rows by the reason of their first problem (Reason* keys); sums to Rejected
	Updated  int            // records of this file replaced by the same id in a later export
	Problems int            // file-level problems: the file could not be read whole, or its header is wrong

	Dropped  []string // caller-identity columns dropped at import, as written in the header
	Unmapped []string // other columns that were not imported, as written in the header
	Replaced int      // replacement characters (U+FFFD) in the imported text: bytes the encoding could not decode

	col map[string]int // canonical column → 1-based column number in the row
}

// TooManyRejected reports whether more than MaxRejected of the file's rows were rejected,
// which fails the build even without --strict.
func (f *File) TooManyRejected() bool {
	return f.Rejected > 0 && float64(f.Rejected) > f.MaxRejected*float64(f.Rows)
}

// Reason keys: why a row was rejected. They are stable, short and meant for reports.
const (
	ReasonFieldCount       = "field_count"    // the row has more or fewer fields than the header
	ReasonBadQuotes        = "bad_quotes"     // a quoted field is malformed
	ReasonUnclosedQuote    = "unclosed_quote" // a quoted field runs to the end of the file
	ReasonRowTooLong       = "row_too_long"   // the row is longer than MaxRowBytes
	ReasonBadSyntax        = "bad_syntax"     // a JSON or XML record cannot be read
	ReasonTruncated        = "truncated"      // the file ends inside the record
	ReasonNUL              = "nul_byte"       // the text holds a NUL byte
	ReasonMissing          = "missing_value"  // a required value is empty
	ReasonBadDate          = "bad_date"       // a date cannot be read
	ReasonAmbiguousDate    = "ambiguous_date" // 01/02/2022 without date_order
	ReasonFutureDate       = "future_date"    // a date after the time of import
	ReasonClosedBefore     = "closed_before_received"
	ReasonRespondedBefore  = "responded_before_received"
	ReasonUnknownStreet    = "unknown_street"
	ReasonUnknownCommunity = "unknown_community"
	ReasonWrongStreet      = "community_not_in_street"
	ReasonUnknownGrid      = "unknown_grid"
	ReasonUnknownCategory  = "unknown_category"
	ReasonUnknownSub       = "unknown_subcategory"
	ReasonUnknownValue     = "unknown_value" // channel, status, method, satisfaction, yes/no, true/false
	ReasonNotClosed        = "resolved_without_closed_at"
	ReasonSurveyMismatch   = "answers_without_survey"
	ReasonDuplicateID      = "duplicate_id"  // the same id twice in one file
	ReasonNotAnObject      = "not_an_object" // a JSON record that is not an object
)

// MaxRowBytes is the longest row (all its fields) that is read; a longer one is rejected
// without being kept in memory. MaxFieldBytes is the longest single value kept.
const (
	MaxRowBytes   = 16 << 20
	MaxFieldBytes = 1 << 20
)

// rejection is a problem of a row found by a reader, before the row has fields to check.
type rejection struct {
	line   int
	col    int
	reason string
	msg    string
}

func (r *rejection) Error() string { return r.msg }

// fileError is a reader's finding that the whole file is not what it should be.
type fileError struct{ msg string }

func (e *fileError) Error() string { return e.msg }

// newFile returns the report of a file about to be read.
func newFile(name string) *File {
	return &File{Name: name, Reasons: map[string]int{}, col: map[string]int{}, MaxRejected: 0.05}
}
