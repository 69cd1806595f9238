package render

import (
	"fmt"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"gongshi/generator/charts"
	"gongshi/generator/opendata"
	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// writeData writes every open-data file of the site under data/ (see package opendata): the
// published cases (CSV, JSON, Open311), every figure with its definition, one CSV per statistics
// table, the Frictionless Data package and the manifest with the data version. The files are
// written on all cores, as the pages are, so w must be safe for concurrent use; their bytes do
// not depend on the order in which they are written.
func writeData(s *site.Site, w Writer) error {
	files := s.Data.Files
	if files == nil {
		set, err := opendata.Build(s, dataOptions(s))
		if err != nil {
			return err
		}
		files = siteFiles(set)
	}
	// The smallest file of each folder first, one at a time: a Writer may create a folder on its
	// first file and is not required to let a second file of the folder in before it has.
	first := map[string]int{}
	for i, f := range files {
		d := path.Dir(f.Path)
		if j, ok := first[d]; !ok || len(f.Data) < len(files[j].Data) {
			first[d] = i
		}
	}
	var rest []site.File
	for i, f := range files {
		if first[path.Dir(f.Path)] != i {
			rest = append(rest, f)
		} else if err := w.Write(f.Path, f.Data); err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []string
		next = make(chan site.File)
	)
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if err := w.Write(f.Path, f.Data); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("%s: %v", f.Path, err))
					mu.Unlock()
				}
			}
		}()
	}
	// The largest files first, so that no core is left with all of them at the end.
	sort.SliceStable(rest, func(i, j int) bool { return len(rest[i].Data) > len(rest[j].Data) })
	for _, f := range rest {
		next <- f
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// PrepareData computes the open-data files of s (package opendata) once, before any page is
// rendered, and keeps them in s.Data: Files, which Render writes, and Version, the data version
// every cited figure names. A site without it gets its files computed when they are written,
// and its pages cite no version.
func PrepareData(s *site.Site) error { return (*Cache)(nil).PrepareData(s) }

// PrepareData is PrepareData(s), reusing what c holds of the last site's open data.
func (c *Cache) PrepareData(s *site.Site) error { return c.prepareData(s, nil) }

// PrepareDataTo is PrepareData(s) for a one-off build that writes to w: the case files, most of
// the bytes, are written to w as soon as each is made and not kept in s.Data.Files, so that a
// big site never holds all of them at once; Render writes the rest. w must be the writer Render
// is given, or one that ends in the same place.
func PrepareDataTo(s *site.Site, w Writer) error {
	return (*Cache)(nil).prepareData(s, func(f opendata.File) error {
		if err := w.Write(f.Path, f.Data); err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		return nil
	})
}

func (c *Cache) prepareData(s *site.Site, emit func(opendata.File) error) error {
	var oc *opendata.Cache
	if c != nil {
		if c.data == nil {
			c.data = &opendata.Cache{}
		}
		oc = c.data
	}
	o := dataOptions(s)
	o.Emit = emit
	set, err := oc.Build(s, o)
	if err != nil {
		return fmt.Errorf("render: data: %w", err)
	}
	s.Data.Files, s.Data.Version = siteFiles(set), set.Version
	return nil
}

func siteFiles(set *opendata.Set) []site.File {
	out := make([]site.File, len(set.Files))
	for i, f := range set.Files {
		out[i] = site.File{Path: f.Path, Data: f.Data}
	}
	return out
}

// statsCharts returns the charts of the statistics page in language l (package charts), for
// Page.Charts. charts.Build fails only for a site without statistics or a chart id that is not
// a JavaScript identifier, which its tests rule out; the page then shows its tables alone.
func statsCharts(s *site.Site, l *theme.Lang) []charts.Chart {
	cs, err := charts.Build(s, charts.Options{Lang: l.Tag, Label: func(key string) string { return l.S(key) }})
	if err != nil {
		return nil
	}
	return cs
}

// dataOptions returns the licence of the open data and the parameters of its definitions.
func dataOptions(s *site.Site) opendata.Options {
	return opendata.Options{Licence: opendata.Licence{Name: s.Data.Licence, Path: s.Data.LicenceURL},
		K: s.K, Weight: s.Data.Weight, NMin: s.Data.NMin}
}
