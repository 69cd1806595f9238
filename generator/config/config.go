// Package config reads site.toml into a typed, validated Config.
//
// Load is strict: an unknown key, a missing required value, a duplicate slug or a bad value is an
// error at its position in site.toml, and every such error of the file is reported at once.
// Everything that is derived from the configuration (lookups by name and slug) is built here, so
// later stages never re-validate it.
package config

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"gongshi/generator/source"
)

// File is the name of the configuration file in the site root.
const File = "site.toml"

// Config is site.toml.
type Config struct {
	Title       string   `toml:"title"`
	Description string   `toml:"description"`
	BaseURL     string   `toml:"base_url"`
	Language    string   `toml:"language"`
	Theme       []string `toml:"theme"`
	// Synthetic marks demo data: every page then says the data is invented.
	Synthetic bool `toml:"synthetic"`

	Build      Build      `toml:"build"`
	District   District   `toml:"district"`
	Categories []Category `toml:"categories"`
	Privacy    Privacy    `toml:"privacy"`
	Stats      Stats      `toml:"stats"`
	Data       Data       `toml:"data"`
	// Import describes case exports that are not in the canonical CSV layout (see imports.go).
	Import []Import `toml:"import"`

	// Derived by Load.
	Communities []*Community          `toml:"-"`
	community   map[string]*Community // by name and by slug
	category    map[string]*Category  // by name
	street      map[string]*Street    // by name
	loc         *time.Location        // Location(), loaded once
}

// Build holds settings of the build itself.
type Build struct {
	// Date is "today" for the build when --now is not given: what is upcoming, the 12-month window.
	// Written as a TOML local date (date = 2022-08-17); only its calendar day counts.
	Date time.Time `toml:"date"`
}

// District is the top of the place hierarchy.
type District struct {
	Name    string    `toml:"name"`
	Slug    string    `toml:"slug"`
	Streets []*Street `toml:"streets"`
}

// Street is a sub-district office (街道).
type Street struct {
	Name        string       `toml:"name"`
	Slug        string       `toml:"slug"`
	Communities []*Community `toml:"communities"`
}

// Community is a 社区 with its grids.
type Community struct {
	Name   string   `toml:"name"`
	Slug   string   `toml:"slug"`
	Grids  []string `toml:"grids"`
	Street *Street  `toml:"-"`
}

// HasGrid reports whether name is one of the community's grids.
func (c *Community) HasGrid(name string) bool {
	for _, g := range c.Grids {
		if g == name {
			return true
		}
	}
	return false
}

// Category is a top-level case category with its subcategories.
type Category struct {
	Name          string   `toml:"name"`
	Slug          string   `toml:"slug"`
	Subcategories []string `toml:"subcategories"`
	// Sensitive categories (family disputes, mental health, minors, social assistance,
	// whistle-blowing) get no case pages and no figures below community level.
	Sensitive bool `toml:"sensitive"`
}

// HasSub reports whether name is one of the category's subcategories.
func (c *Category) HasSub(name string) bool {
	for _, s := range c.Subcategories {
		if s == name {
			return true
		}
	}
	return false
}

// Privacy holds the settings of the privacy guard (SPEC §6.1).
type Privacy struct {
	// K is the smallest count published below district level; smaller non-zero counts are hidden.
	K int `toml:"k"`
	// Mode is "refuse" (any BLOCK finding fails the build) or "redact" (findings are masked).
	Mode string `toml:"mode"`
	// FailOn lists the severities that fail the build: ["BLOCK"], or ["BLOCK", "WARN"] for
	// strict releases.
	FailOn []string `toml:"fail_on"`
	// PublicNumbers are reviewed institutional phone numbers that may be published.
	PublicNumbers []string `toml:"public_numbers"`
	// PublicEmailDomains are domains whose addresses may be published (default gov.cn).
	PublicEmailDomains []string `toml:"public_email_domains"`
	// PublicPersons are reviewed officials who may be named in their official capacity.
	PublicPersons []string `toml:"public_persons"`
	// TicketNumberRegex are patterns of the export's ticket numbers, never taken for phones.
	TicketNumberRegex []string `toml:"ticket_number_regex"`
	// KAnonymity is the fewest published cases that may share community, month and category.
	KAnonymity int `toml:"k_anonymity"`
	// CaseIDs is "hashed" (publish a keyed hash of the export's ticket number, stable across
	// builds with the same key) or "export" (publish the ticket number, so residents can look up
	// their own case).
	CaseIDs string `toml:"case_ids"`
	// CaseIDKeyFile is a file outside the repository holding the key of the hashed case ids;
	// the environment variable GONGSHI_CASE_ID_KEY takes precedence.
	CaseIDKeyFile string `toml:"case_id_key_file"`
	// Ledger is the published-values ledger (SPEC §7.4), a JSON file relative to the site root
	// that the site commits: every count of a closed period published so far, with the
	// equations between them. Each build audits against it and adds its own. Empty: none.
	Ledger string `toml:"ledger"`
}

// Strict reports whether WARN findings fail the build too.
func (p Privacy) Strict() bool {
	for _, s := range p.FailOn {
		if s == "WARN" {
			return true
		}
	}
	return false
}

// Stats holds the definitions of figures where cities differ.
type Stats struct {
	// BasicallySatisfiedWeight is how much a "basically satisfied" answer counts in the
	// satisfaction rate (satisfied counts 1, dissatisfied 0).
	BasicallySatisfiedWeight float64 `toml:"basically_satisfied_weight"`
	// NMin is the fewest surveyed cases a community needs to be ranked.
	NMin int `toml:"n_min"`
}

// Data holds the settings of the open-data files (data/ in the output).
type Data struct {
	// Licence of the data files, an SPDX or Open Definition identifier such as "CC-BY-4.0",
	// stated in data/datapackage.json; empty states none.
	Licence string `toml:"licence"`
	// LicenceURL is the address of the licence's text.
	LicenceURL string `toml:"licence_url"`
}

// KFloor is the smallest k the privacy guard accepts (SPEC §7.1).
const KFloor = 5

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// yearRE matches a category slug that reads as a year of the browse pages' URLs.
var yearRE = regexp.MustCompile(`^[0-9]+$`)

// Load reads and validates site.toml from fsys.
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the configuration: %w (is --site the site root?)", File, err)
	}
	return Parse(File, string(data))
}

// Parse decodes and validates the configuration text of file.
func Parse(file, text string) (*Config, error) {
	c := &Config{
		Language: "zh-CN",
		Theme:    []string{"default"},
		Privacy:  Privacy{K: 10, Mode: "refuse", FailOn: []string{"BLOCK"}, KAnonymity: 5, CaseIDs: "hashed"},
		Stats:    Stats{BasicallySatisfiedWeight: 0.9, NMin: 30},
	}
	_, errs, ok := DecodeTOML(file, text, 1, c)
	if !ok {
		return nil, errs.Sort()
	}
	c.loc = Location()
	keys := source.KeyList(text, 1)
	lines := source.KeyLines(text, 1)
	at := func(path string) source.Pos {
		return source.Pos{File: file, Line: source.Line(lines, path), Col: 1}
	}
	// nth is the position of key in the n-th table of an array of tables.
	nth := func(table string, n int, key string) source.Pos {
		if l := source.NthLine(keys, table, n, key); l > 0 {
			return source.Pos{File: file, Line: l, Col: 1}
		}
		return at(table)
	}
	if c.Title == "" {
		errs.Add(at("title"), "title is missing: add title = \"...\" at the top of site.toml")
	}
	if c.Language != "zh-CN" && c.Language != "en" {
		errs.Add(at("language"), "language %q is not supported: use \"zh-CN\" or \"en\"", c.Language)
	}
	if len(c.Theme) == 0 {
		errs.Add(at("theme"), "theme is empty: name at least one folder of themes/, e.g. theme = [\"default\"]")
	}
	if c.Privacy.K < KFloor {
		errs.Add(at("privacy.k"), "privacy.k = %d is below the floor of %d: small counts would identify residents", c.Privacy.K, KFloor)
	}
	if c.Privacy.Mode != "refuse" && c.Privacy.Mode != "redact" {
		errs.Add(at("privacy.mode"), "privacy.mode %q: use \"refuse\" (fail on personal data) or \"redact\" (mask it)", c.Privacy.Mode)
	}
	for _, f := range c.Privacy.FailOn {
		if f != "BLOCK" && f != "WARN" {
			errs.Add(at("privacy.fail_on"), "privacy.fail_on: unknown severity %q: use \"BLOCK\" and optionally \"WARN\"", f)
		}
	}
	if c.Privacy.CaseIDs != "hashed" && c.Privacy.CaseIDs != "export" {
		errs.Add(at("privacy.case_ids"), "privacy.case_ids %q: use \"hashed\" (a keyed hash of the ticket number) or \"export\" (the ticket number itself)", c.Privacy.CaseIDs)
	}
	if l := c.Privacy.Ledger; l != "" && (!fs.ValidPath(l) || !strings.HasSuffix(l, ".json")) {
		errs.Add(at("privacy.ledger"), "privacy.ledger %q: give a .json file relative to the site root, such as \"stats-ledger.json\"", l)
	}
	if c.Privacy.KAnonymity < 2 {
		errs.Add(at("privacy.k_anonymity"), "privacy.k_anonymity = %d must be at least 2", c.Privacy.KAnonymity)
	}
	if w := c.Stats.BasicallySatisfiedWeight; w < 0 || w > 1 {
		errs.Add(at("stats.basically_satisfied_weight"), "stats.basically_satisfied_weight = %g must lie between 0 and 1", w)
	}
	if c.Stats.NMin < 1 {
		errs.Add(at("stats.n_min"), "stats.n_min = %d must be at least 1", c.Stats.NMin)
	}
	c.index(&errs, at, nth)
	c.checkImports(&errs, keys, file)
	if len(errs) > 0 {
		return nil, errs.Sort()
	}
	return c, nil
}

func (c *Config) index(errs *source.List, at func(string) source.Pos, nth func(string, int, string) source.Pos) {
	c.community = map[string]*Community{}
	c.category = map[string]*Category{}
	c.street = map[string]*Street{}
	if c.District.Name == "" {
		errs.Add(at("district"), "district.name is missing: add a [district] table with name and slug")
	}
	if len(c.District.Streets) == 0 {
		errs.Add(at("district"), "no streets: add at least one [[district.streets]] with its communities")
	}
	slugs := map[string]string{}
	checkSlug := func(kind, name, slug, table string, n int) {
		switch {
		case name == "":
			errs.Add(nth(table, n, "name"), "a %s has no name", kind)
		case slug == "":
			errs.Add(nth(table, n, "name"), "%s %s has no slug: add slug = \"...\" (lower-case letters, digits and dashes)", kind, name)
		case !slugRE.MatchString(slug):
			errs.Add(nth(table, n, "slug"), "%s %s: slug %q may hold only lower-case letters, digits and dashes", kind, name, slug)
		default:
			key := kind + "/" + slug
			if other, dup := slugs[key]; dup {
				errs.Add(nth(table, n, "slug"), "%s %s: slug %q is already used by %s", kind, name, slug, other)
			}
			slugs[key] = name
		}
	}
	ncm := 0
	for i, s := range c.District.Streets {
		checkSlug("street", s.Name, s.Slug, "district.streets", i)
		c.street[s.Name] = s
		for _, cm := range s.Communities {
			checkSlug("community", cm.Name, cm.Slug, "district.streets.communities", ncm)
			if _, dup := c.community[cm.Name]; dup && cm.Name != "" {
				errs.Add(nth("district.streets.communities", ncm, "name"), "community %s is listed twice", cm.Name)
			}
			ncm++
			cm.Street = s
			c.community[cm.Name] = cm
			c.community[cm.Slug] = cm
			c.Communities = append(c.Communities, cm)
		}
	}
	if len(c.Categories) == 0 {
		errs.Add(at("categories"), "no categories: add [[categories]] tables with name, slug and subcategories")
	}
	for i := range c.Categories {
		cat := &c.Categories[i]
		checkSlug("category", cat.Name, cat.Slug, "categories", i)
		if cat.Slug == "page" || yearRE.MatchString(cat.Slug) {
			// /communities/SLUG/CATEGORY/ shares its place with /communities/SLUG/2022/ and
			// the pages of a list, /…/page/2/.
			errs.Add(nth("categories", i, "slug"), "category %s: slug %q is taken by the browse pages' URLs (years and \"page\"): choose another", cat.Name, cat.Slug)
		}
		if _, dup := c.category[cat.Name]; dup {
			errs.Add(nth("categories", i, "name"), "category %s is listed twice", cat.Name)
		}
		c.category[cat.Name] = cat
	}
}

// Community returns the community with the given name or slug.
func (c *Config) Community(nameOrSlug string) (*Community, bool) {
	cm, ok := c.community[nameOrSlug]
	return cm, ok
}

// Category returns the top-level category with the given name.
func (c *Config) Category(name string) (*Category, bool) {
	cat, ok := c.category[name]
	return cat, ok
}

// Street returns the street with the given name.
func (c *Config) Street(name string) (*Street, bool) {
	s, ok := c.street[name]
	return s, ok
}

// Location is the time zone of all dates, Location() loaded once for the configuration:
// loading it reads the time zone database.
func (c *Config) Location() *time.Location {
	if c.loc == nil {
		return Location()
	}
	return c.loc
}

// Location is the time zone of all dates: the hotline's city.
func Location() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// time/tzdata is embedded by the main package, so this cannot happen in gongshi itself.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
