package cases

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"gongshi/generator/config"
)

// Formats a file can be read as, by extension when no [[import]] table says.
var extFormats = map[string]string{
	".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx",
	".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "open311",
}

// sniffLen is how much of a file is looked at to tell its format and encoding.
const sniffLen = 1 << 20

// content classifies the first bytes of a file.
func content(head []byte) string {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "zip"
	case bytes.HasPrefix(b, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "ole2"
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")):
		return "text" // UTF-16 with a byte-order mark
	}
	t := bytes.TrimLeft(b[:min(len(b), 1024)], " \t\r\n")
	lower := bytes.ToLower(t[:min(len(t), 64)])
	for _, p := range []string{"<!doctype html", "<html", "<table", "<head", "<meta", "<body"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return "html"
		}
	}
	switch {
	case len(t) > 0 && t[0] == '<':
		return "xml"
	case len(t) > 0 && (t[0] == '[' || t[0] == '{'):
		return "json"
	}
	// Binary data: many NUL or control bytes. A few stray NULs in text reject their rows only.
	ctl := 0
	for _, c := range b[:min(len(b), 8<<10)] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1a && c != 0x0c {
			ctl++
		}
	}
	if ctl*20 > min(len(b), 8<<10) {
		return "binary"
	}
	return "text"
}

// detectFormat decides how to read a file from its [[import]] table, its extension and its
// first bytes. It returns the format, or a message saying what the file really is.
func detectFormat(name string, imp *config.Import, head []byte) (string, string) {
	ext := strings.ToLower(path.Ext(name))
	format := extFormats[ext]
	if imp != nil && imp.Format != "" {
		format = imp.Format
	}
	kind := content(head)
	resave := "open it in Excel, WPS or LibreOffice and save it as an Excel workbook (.xlsx) or as CSV UTF-8"
	switch kind {
	case "ole2":
		return "", "this is an Excel 97–2003 workbook (.xls), an old binary format gongshi does not read: " + resave
	case "html":
		return "", "this is a web page (an HTML table), which some systems export under the name .xls: " + resave
	case "pdf":
		return "", "this is a PDF document, not a data export: export the cases from the system as .xlsx or CSV"
	case "binary":
		return "", "this file holds binary data, not text (many NUL or control bytes near its start): export the cases again, as CSV or .xlsx"
	}
	if ext == ".xls" && format == "" {
		switch kind {
		case "zip":
			return "", "this is an .xlsx workbook named .xls: rename it to .xlsx"
		case "text":
			sep, what := "tsv", "tab-separated"
			if line, _, _ := bytes.Cut(head, []byte("\n")); bytes.Count(line, []byte(",")) > bytes.Count(line, []byte("\t")) {
				sep, what = "csv", "comma-separated"
			}
			return "", fmt.Sprintf("this .xls file is %s text, not an Excel workbook: rename it to .%s, or add format = %q to its [[import]] table", what, sep, sep)
		}
	}
	switch format {
	case "":
		return "", fmt.Sprintf("unknown export format %q: case exports are .csv, .tsv, .xlsx, .json, .jsonl or Open311 .xml files; for another name, add an [[import]] table with format = \"...\" to site.toml", ext)
	case "xlsx":
		if kind != "zip" {
			return "", "this is not an .xlsx workbook (an .xlsx file is a ZIP archive): if it is CSV text, rename it to .csv"
		}
	case "json", "jsonl":
		if kind != "json" {
			return "", "this is not JSON: it does not start with [ or {"
		}
	case "open311":
		switch kind {
		case "json":
			return "open311-json", ""
		case "xml":
			return "open311-xml", ""
		}
		return "", "this is not an Open311 response: it is neither JSON nor XML"
	case "csv", "tsv":
		if kind == "zip" {
			return "", "this is a ZIP archive, probably an .xlsx workbook under another name: rename it to .xlsx"
		}
	}
	return format, ""
}

// decodeText returns a reader of the file's text as UTF-8, and the encoding it found: a
// byte-order mark decides; else the [[import]] table's encoding; else the first MB is
// UTF-8 if it is valid UTF-8, and GB18030 (which includes GBK and GB2312) if not. Bytes the
// encoding cannot decode become U+FFFD, which the importer counts.
func decodeText(br *bufio.Reader, want string) (io.Reader, string) {
	head, _ := br.Peek(br.Size())
	gb := simplifiedchinese.GB18030
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		return br, "utf-8 BOM"
	case bytes.HasPrefix(head, []byte("\x84\x31\x95\x33")):
		br.Discard(4)
		return transform.NewReader(br, gb.NewDecoder()), "gb18030 BOM"
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), "utf-16le BOM"
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), "utf-16be BOM"
	}
	switch strings.ToLower(want) {
	case "utf-8":
		return br, "utf-8"
	case "gb18030", "gbk":
		return transform.NewReader(br, gb.NewDecoder()), "gb18030"
	case "utf-16":
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()), "utf-16le"
	}
	if validPrefix(head) {
		return br, "utf-8"
	}
	return transform.NewReader(br, gb.NewDecoder()), "gb18030"
}

// validPrefix reports whether b is valid UTF-8, allowing a rune cut off at its end.
func validPrefix(b []byte) bool {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				b = b[:len(b)-i]
			}
			break
		}
	}
	return utf8.Valid(b)
}
