// Package opendata computes the open-data downloads of the portal from the view model: the
// published cases, every published figure with its definition, one CSV per statistics table, a
// Frictionless Data package describing them all and a manifest that makes a cited figure
// checkable against the file it came from.
//
// Contract:
//   - Build is a pure function of the site.Site and the Options: no clock, no randomness, no
//     global state. Lists are sorted (cases by published id, figures in the order of the site's
//     tables), JSON comes from structs with a fixed field order, so the same input gives the same
//     bytes.
//   - Only what the site already publishes goes out. Cases carry the published id, community,
//     category, subcategory, channel, method, status, the received and closed month (the quarter
//     where the site shows the quarter), days to close, summary, resolution and meeting id; never
//     the grid, the day or the time. Figures come only from the suppressed figures of package
//     stats: a hidden count or rate is null in JSON and × in the table CSVs, and neither its
//     number nor its numerator or denominator is written anywhere.
//   - Every file validates against the datapackage.json written with it (see Validate).
//
// The files, relative to the site root (Dir is "data"):
//
//	data/cases.csv, data/cases.json      the published cases
//	data/open311/requests.json           the same cases in Open311 GeoReport v2 shape
//	data/stats.json                      every figure: definition, numerator, denominator, value…
//	data/definitions.json                the definitions the figures refer to
//	data/tables/ID.csv                   one CSV per statistics table of the site (× for hidden)
//	data/datapackage.json                the Frictionless Data package (Data Package v2)
//	data/manifest.json                   SHA-256 and size of every file, and the data version
//
// The data version is the SHA-256 of the text that `sha256sum` prints for every file of data/
// except datapackage.json and manifest.json, in byte order of their paths ("HASH  PATH\n" per
// file): so it covers the data and the definitions, and anyone can recompute it with
//
//	cd public/data && find . -type f ! -name datapackage.json ! -name manifest.json \
//	  | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum
//
// Version is its first 12 hexadecimal digits, the form to cite.
package opendata

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"gongshi/generator/site"
)

// Dir is the folder of the data files in the output.
const Dir = "data"

// Licence is the licence of the data: Name is an SPDX or Open Definition identifier such as
// "CC-BY-4.0", Path the URL of its text, Title a human-readable name. All may be empty: the
// package then states no licence.
type Licence struct {
	Name  string `json:"name,omitempty"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

// Options are what the files depend on besides the view model.
type Options struct {
	Licence Licence
	// K and Weight are the parameters of the definitions ([privacy] k and [stats]
	// basically_satisfied_weight of site.toml); they are written into definitions.json and so
	// into the data version. K = 0 means they are not known: the definitions then name the
	// site.toml keys instead of their values.
	K      int
	Weight float64
	// NMin is [stats] n_min, the fewest cases in a rate's denominator for a community to be
	// ranked; 0 means not known (the definitions then name the key).
	NMin int
	// Label translates an interface string key of the theme ("channel.hotline") for the label
	// column of the tables; nil leaves the value itself ("hotline").
	Label func(key string) string
	// Emit, when set, is given the case files (cases.csv, cases.json, open311/requests.json, most
	// of the bytes) one by one as they are made, and the Set leaves them out of its Files and
	// keeps none of their bytes: a million cases make over a gigabyte of them. Emit is called
	// for one file at a time, in that order, but a small file's call (overlapMax) runs on
	// another goroutine while the next file is made. A Cache ignores Emit; it keeps the files
	// for the next build.
	Emit func(File) error
}

// File is one output file; Path is relative to the site root, e.g. "data/cases.csv".
type File struct {
	Path string
	Data []byte
}

// Set is every open-data file and the data version they make up.
type Set struct {
	Files   []File // sorted by path; without the files given to Options.Emit
	Version string // the first 12 hexadecimal digits of Digest: the data version to cite
	Digest  string // the SHA-256 data version, 64 hexadecimal digits
}

// Build computes every open-data file of s.
func Build(s *site.Site, o Options) (*Set, error) { return (*Cache)(nil).Build(s, o) }

// Build is Build(s, o), reusing what c holds of the previous site when its inputs are the same;
// a nil Cache holds nothing.
func (c *Cache) Build(s *site.Site, o Options) (*Set, error) {
	if s == nil || s.Stats == nil {
		return nil, fmt.Errorf("opendata: the site has no statistics")
	}
	var res []resource // in the order of the package
	add := func(r resource, err error) error {
		if err != nil {
			return err
		}
		res = append(res, r)
		return nil
	}
	caseRes, err := c.cases(s, o.Emit)
	if err != nil {
		return nil, err
	}
	res = append(res, caseRes...)
	if err := add(statsJSON(s, o)); err != nil {
		return nil, err
	}
	if err := add(definitionsJSON(o)); err != nil {
		return nil, err
	}
	tables, err := tableCSVs(s, o)
	if err != nil {
		return nil, err
	}
	res = append(res, tables...)

	seen := map[string]bool{}
	for _, r := range res {
		if seen[r.Path] {
			return nil, fmt.Errorf("opendata: two files at %s", r.Path)
		}
		seen[r.Path] = true
	}
	digest := version(res)
	set := &Set{Digest: digest, Version: digest[:12]}
	pkg, err := describe(s, o, res, set.Version)
	if err != nil {
		return nil, err
	}
	man, err := manifest(res, pkg, set)
	if err != nil {
		return nil, err
	}
	for _, r := range res {
		if !r.emitted {
			set.Files = append(set.Files, File{Path: Dir + "/" + r.Path, Data: r.data})
		}
	}
	set.Files = append(set.Files, File{Path: Dir + "/" + packageFile, Data: pkg},
		File{Path: Dir + "/" + manifestFile, Data: man})
	sort.Slice(set.Files, func(i, j int) bool { return set.Files[i].Path < set.Files[j].Path })
	return set, nil
}

const (
	packageFile  = "datapackage.json"
	manifestFile = "manifest.json"
)

// sumLines returns the text sha256sum prints for the resources, sorted by path.
func sumLines(res []resource) string {
	lines := make([]string, len(res))
	for i, r := range res {
		lines[i] = r.sum + "  " + r.Path + "\n"
	}
	sort.Slice(lines, func(i, j int) bool { return pathOf(lines[i]) < pathOf(lines[j]) })
	return strings.Join(lines, "")
}

func pathOf(line string) string { return strings.TrimSuffix(line[66:], "\n") }

// version is the data version: the SHA-256 of sumLines.
func version(res []resource) string { return sha256Hex([]byte(sumLines(res))) }

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// manifestDoc is manifest.json.
type manifestDoc struct {
	Version   string          `json:"version"`
	Digest    string          `json:"version_sha256"`
	Algorithm string          `json:"version_algorithm"`
	Files     []manifestEntry `json:"files"`
}

type manifestEntry struct {
	Path   string `json:"path"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
	InVer  bool   `json:"in_version"` // part of the data version
}

func manifest(res []resource, pkg []byte, set *Set) ([]byte, error) {
	m := manifestDoc{Version: set.Version, Digest: set.Digest,
		Algorithm: "SHA-256 of the sha256sum lines (\"HASH  PATH\\n\") of every file with in_version, sorted by path; version is its first 12 digits"}
	for _, r := range res {
		m.Files = append(m.Files, manifestEntry{Path: r.Path, Bytes: r.Bytes, SHA256: r.sum, InVer: true})
	}
	m.Files = append(m.Files, manifestEntry{Path: packageFile, Bytes: len(pkg), SHA256: sha256Hex(pkg)})
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	return marshalIndent(m)
}
