// Command floor measures the file-writing floor of a built site: the time it takes just to
// write the same files, with no parsing, templating or privacy checks in between.
//
// Given a built output directory, it recreates the same set of files (same relative paths, same
// sizes, pseudo-random but deterministic content) into a fresh directory beside the scratch
// directory, with the same number of writers as the generator (2 by default), then calls sync
// (syncfs(2) on its file system) once, and prints how long it took. A build can never be faster than this on the same disk;
// build seconds ÷ floor seconds says how much of a build is work other than writing.
//
// It also prints what the URL layout of case pages costs: the case pages found in the output
// (cases/ID/index.html, in every language) written once as one folder per case
// (cases/ID/index.html) and once as flat files (cases/ID.html), same count, same sizes.
//
//	go run ./bench/floor --site-out /tmp/gongshi-bench/out-10000/public [--workers 2] [--reps 3]
//
// Output, one figure per line, first word the key (bench/run reads it with awk):
//
//	files     15016 files, 194.3 MB, 6980 folders
//	floor     1.234 s (median of 3, 2 workers, write + sync)
//	written   0.734 s (the same runs before the sync: writes into the page cache)
//	layout    cases/ID/index.html  0.812 s  12590 case pages
//	layout    cases/ID.html        0.501 s  12590 case pages
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	fl := flag.NewFlagSet("floor", flag.ContinueOnError)
	from := fl.String("site-out", "", "a built output directory (required)")
	scratch := fl.String("scratch", "", "where to write the copies (default: beside --site-out, same file system)")
	workers := fl.Int("workers", 2, "concurrent writers, like the generator's render workers")
	reps := fl.Int("reps", 1, "repetitions; the median is printed")
	layout := fl.Bool("layout", true, "also time the two URL layouts of case pages")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *from == "" || fl.NArg() > 0 {
		fl.Usage()
		return errors.New("--site-out DIR is required")
	}
	if *workers < 1 || *reps < 1 {
		return errors.New("--workers and --reps must be at least 1")
	}
	files, err := Scan(*from)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s holds no files", *from)
	}
	if *scratch == "" {
		*scratch = filepath.Dir(filepath.Clean(*from))
	}
	var total int64
	for _, f := range files {
		total += f.Size
	}
	fmt.Fprintf(w, "files     %d files, %.1f MB, %d folders\n", len(files), float64(total)/1e6, len(folders(files)))

	var writes []time.Duration
	d, err := median(*reps, func() (time.Duration, error) {
		written, total, err := Time(*scratch, files, *workers)
		writes = append(writes, written)
		return total, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "floor     %.3f s (median of %d, %d workers, write + sync)\n", d.Seconds(), *reps, *workers)
	fmt.Fprintf(w, "written   %.3f s (the same runs before the sync: writes into the page cache)\n", mid(writes).Seconds())

	if !*layout {
		return nil
	}
	nested, flat := CaseLayouts(files)
	if len(nested) == 0 {
		fmt.Fprintln(w, "layout    no case pages (cases/ID.html) in the output")
		return nil
	}
	for _, l := range []struct {
		name  string
		files []File
	}{{"cases/ID/index.html", nested}, {"cases/ID.html", flat}} {
		d, err := median(*reps, func() (time.Duration, error) {
			_, total, err := Time(*scratch, l.files, *workers)
			return total, err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "layout    %-20s %.3f s  %d case pages\n", l.name, d.Seconds(), len(l.files))
	}
	return nil
}

// File is a file to write: its slash-separated path relative to the site root and its size.
type File struct {
	Path string
	Size int64
}

// Scan lists the regular files under dir, sorted by path.
func Scan(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, File{filepath.ToSlash(rel), info.Size()})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, err
}

// casePage matches a case page in any language and either layout: cases/ID.html (the
// generator's), cases/ID/index.html, en/cases/ID.html; not the list pages cases/index.html and
// cases/page/N/index.html.
var casePage = regexp.MustCompile(`^((?:[a-z]{2}(?:-[A-Za-z]+)?/)?cases/)([^/]+)(?:/index)?\.html$`)

// CaseLayouts returns the case pages among files in both layouts: as they are
// (cases/ID/index.html) and as flat files (cases/ID.html), same sizes.
func CaseLayouts(files []File) (nested, flat []File) {
	for _, f := range files {
		m := casePage.FindStringSubmatch(f.Path)
		if m == nil || m[2] == "page" || m[2] == "index" {
			continue
		}
		nested = append(nested, File{m[1] + m[2] + "/index.html", f.Size})
		flat = append(flat, File{m[1] + m[2] + ".html", f.Size})
	}
	return nested, flat
}

// Time writes files into a fresh directory under scratch with the given number of workers,
// calls sync once, and returns how long that took (total), and how long the writes alone took
// before the sync (written). The directory is removed afterwards, untimed.
func Time(scratch string, files []File, workers int) (written, total time.Duration, err error) {
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		return 0, 0, err
	}
	dir, err := os.MkdirTemp(scratch, ".floor-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	// Start from a clean slate: earlier writes (and the removal of the last copy) are not
	// charged to this run.
	if err := syncFS(dir); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := Write(dir, files, workers); err != nil {
		return 0, 0, err
	}
	written = time.Since(start)
	if err := syncFS(dir); err != nil {
		return 0, 0, err
	}
	return written, time.Since(start), nil
}

// Write recreates files under dir with workers concurrent writers. Like the generator's publish
// step, each writer creates a file's folder the first time a file lands in it (MkdirAll), then
// writes the whole file with os.WriteFile. Content is pseudo-random but the same for the same
// path and size.
func Write(dir string, files []File, workers int) error {
	buf := noise()
	var (
		mu    sync.Mutex
		made  = map[string]bool{".": true}
		next  = make(chan File)
		errs  = make(chan error, workers)
		wg    sync.WaitGroup
		first error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				d := path.Dir(f.Path)
				mu.Lock()
				ok := made[d]
				mu.Unlock()
				if !ok {
					if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
						errs <- err
						return
					}
					mu.Lock()
					made[d] = true
					mu.Unlock()
				}
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Path)), content(buf, f), 0o644); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	stop := make(chan struct{})
	go func() { wg.Wait(); close(stop) }()
feed:
	for _, f := range files {
		select {
		case next <- f:
		case first = <-errs:
			break feed
		}
	}
	close(next)
	<-stop
	if first == nil {
		select {
		case first = <-errs:
		default:
		}
	}
	return first
}

// noiseSize is the size of the block of pseudo-random bytes files are cut from.
const noiseSize = 4 << 20

// noise returns a fixed block of pseudo-random bytes (the same on every run).
func noise() []byte {
	r := rand.New(rand.NewPCG(9, 9))
	b := make([]byte, noiseSize)
	for i := 0; i+8 <= len(b); i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// content returns f.Size bytes for f: a slice of buf starting at an offset given by the path,
// or, for a file larger than buf, buf repeated.
func content(buf []byte, f File) []byte {
	if f.Size <= 0 {
		return nil
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(f.Path); i++ {
		h = (h ^ uint64(f.Path[i])) * 1099511628211
	}
	if f.Size <= int64(len(buf))/2 {
		off := int(h % uint64(len(buf)/2))
		return buf[off : off+int(f.Size)]
	}
	out := make([]byte, 0, f.Size)
	for int64(len(out)) < f.Size {
		out = append(out, buf[:min(int64(len(buf)), f.Size-int64(len(out)))]...)
	}
	return out
}

func folders(files []File) map[string]bool {
	dirs := map[string]bool{}
	for _, f := range files {
		for d := path.Dir(f.Path); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return dirs
}

// median runs f n times and returns the median duration.
func median(n int, f func() (time.Duration, error)) (time.Duration, error) {
	ds := make([]time.Duration, 0, n)
	for range n {
		d, err := f()
		if err != nil {
			return 0, err
		}
		ds = append(ds, d)
	}
	return mid(ds), nil
}

// mid returns the median of ds (sorting it).
func mid(ds []time.Duration) time.Duration {
	n := len(ds)
	if n == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}
