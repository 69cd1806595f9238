package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"

	"gongshi/generator/site"
	"gongshi/generator/theme"
)

// This file lets a caller render part of a site (package build's incremental builds, for the
// dev server): the list of pages, one page at a time, and every other file Render writes.
// Pages, then Extras, write exactly what Render writes; TestPartialEqualsRender holds them to it.

// Job is one page of the site: where it is written, its template and its data.
type Job struct{ j job }

// Path is the output path of the page, slash-separated, relative to the site root.
func (j Job) Path() string { return j.j.path }

// Template is the page template, such as "case.html".
func (j Job) Template() string { return j.j.template }

// Page is the data the template executes with. A case page's is made on each call (the same
// every time), so that a listing of every page does not hold every case page's data.
func (j Job) Page() *Page { return j.j.data() }

// Jobs lists every page of the site in Render's order.
func Jobs(s *site.Site, th *theme.Theme) []Job {
	return list(s, th)
}

// Execute renders one page.
func Execute(th *theme.Theme, j Job) ([]byte, error) {
	var buf bytes.Buffer
	if err := execute(th, j.j, &buf); err != nil {
		return nil, fmt.Errorf("%s: %w", j.j.path, err)
	}
	return buf.Bytes(), nil
}

// CompiledBase reports whether Execute writes the page's base.html in Go (base.go) rather than
// through html/template: the two write the same bytes.
func CompiledBase(th *theme.Theme, j Job) bool {
	ok, _ := plan(th, j.j.template, j.j.data())
	return ok
}

// Pages renders the given pages on all cores and writes each to w, as Render does; the error, a
// *PageErrors, names every page that failed.
func Pages(th *theme.Theme, jobs []Job, w Writer) error {
	th.ResetCached() // fragments of this site only
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []string
		next = make(chan job)
	)
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for j := range next {
				buf.Reset()
				err := execute(th, j, &buf)
				if err == nil {
					err = w.Write(j.path, bytes.Clone(buf.Bytes()))
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("%s: %v", j.path, err))
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j.j
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		sort.Strings(errs)
		return &PageErrors{List: errs}
	}
	return nil
}

// PageErrors are the pages Pages could not render, each "path: error", sorted; the message is
// Render's.
type PageErrors struct{ List []string }

func (e *PageErrors) Error() string { return "render: " + strings.Join(e.List, "\n") }

// Extras writes every file of the site that is not a page: ThemeExtras and SiteExtras. It
// mirrors the end of Render: keep the two in step. w must be safe for concurrent use.
//
// Extras runs beside the pages, which keep every core busy, so it makes one file at a time:
// the open data not yet written (PrepareDataTo), then the search index, the sitemaps, the
// calendars and the feeds. At a million cases each of them holds hundreds of megabytes while it
// is made; made side by side they would add up.
func Extras(s *site.Site, th *theme.Theme, jobs []Job, w Writer) error {
	if err := SiteExtras(s, w); err != nil {
		return err
	}
	return ThemeExtras(s, th, jobs, w)
}

// each runs fns and returns the first error in the order of fns: side by side for a Cache (the
// dev server, where the wait matters), one after the other for a one-off build (see Extras).
func (c *Cache) each(fns ...func() error) error {
	errs := make([]error, len(fns))
	if c == nil {
		for i, fn := range fns {
			errs[i] = fn()
		}
	} else {
		var wg sync.WaitGroup
		for i, fn := range fns {
			wg.Go(func() { errs[i] = fn() })
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// ThemeExtras writes the files that are not pages and depend on the theme: its static files,
// the sitemap (jobs are the site's pages), robots.txt, the calendars and the feeds, one after
// the other (see Extras); a Cache's, side by side.
func ThemeExtras(s *site.Site, th *theme.Theme, jobs []Job, w Writer) error {
	return (*Cache)(nil).ThemeExtras(s, th, jobs, w)
}

// ThemeExtras is ThemeExtras(s, th, jobs, w), with the sitemap of the last build when it lists
// the same pages.
func (c *Cache) ThemeExtras(s *site.Site, th *theme.Theme, jobs []Job, w Writer) error {
	for _, f := range th.Static() {
		data, err := fs.ReadFile(th.FS(), f[1])
		if err != nil {
			return err
		}
		if err := w.Write(f[0], data); err != nil {
			return err
		}
	}
	robots := "User-agent: *\nAllow: /\nSitemap: " + abs(s, "/sitemap.xml") + "\n"
	if err := w.Write("robots.txt", []byte(robots)); err != nil {
		return err
	}
	return c.each(func() error { return c.sitemaps(s, th, jobs, w) },
		func() error {
			if err := writeCalendars(s, th, w); err != nil {
				return fmt.Errorf("render: calendars: %w", err)
			}
			return nil
		},
		func() error {
			if err := writeFeeds(s, th, w); err != nil {
				return fmt.Errorf("render: feeds: %w", err)
			}
			return nil
		})
}

// SiteExtras writes the files that depend on the site alone, not the theme: the open data and
// the search index, one after the other (see Extras); a Cache's, side by side.
func SiteExtras(s *site.Site, w Writer) error { return (*Cache)(nil).SiteExtras(s, w) }

// SiteExtras is SiteExtras(s, w), reusing what c holds of the last site's files: the bytes are
// the same, and a file whose bytes did not change is written with the slice of the last build.
func (c *Cache) SiteExtras(s *site.Site, w Writer) error {
	return c.each(func() error { return c.SiteData(s, w) }, func() error { return c.SiteSearch(s, w) })
}

// SiteData writes the open data, the first half of SiteExtras: the files PrepareData kept in
// s.Data, or, when it did not run, the files made now.
func (c *Cache) SiteData(s *site.Site, w Writer) error {
	if err := writeData(s, w); err != nil {
		return fmt.Errorf("render: data: %w", err)
	}
	return nil
}

// SiteSearch writes the search index, the second half of SiteExtras. It reads nothing that
// PrepareData writes, so it may run beside it.
func (c *Cache) SiteSearch(s *site.Site, w Writer) error {
	if err := c.writeSearch(s, w); err != nil {
		return fmt.Errorf("render: search: %w", err)
	}
	return nil
}
