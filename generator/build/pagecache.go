package build

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"gongshi/generator/config"
	"gongshi/generator/publish"
	"gongshi/generator/render"
	"gongshi/generator/theme"
)

// This file lets a build skip the pages that have not changed since the last one.
//
// After a successful build, Run keeps beside the output (CacheFile) the fingerprint of every page
// (render.Deps: the hash of every value its template reads), with the size and modification time
// its file had when the build ended. The next build fingerprints every page first; a page whose
// fingerprint is the one kept, and whose file is still there with the same size and time, is
// kept as it is: not rendered, not read, not written, not passed through the output gate again
// (the same bytes passed it under the same site.toml). Every other page is rendered as usual,
// and every file that is not a page is always made and compared.
//
// The fingerprints are salted with whatever else the bytes of a page depend on: the program
// itself (its executable), site.toml and every file under themes/. When one of those changed, no
// fingerprint matches and every page is rendered. The cache file is deleted before the output
// is changed and written again once it has been, so that it never describes another output.

// CacheFile is the name of the file, beside the output directory, that keeps the fingerprints of
// the pages of the last build: ".public.pages" for an output named public.
func CacheFile(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".pages")
}

// cacheHeader starts a cache file; the salt follows it.
const cacheHeader = "gongshi page fingerprints 1 "

// pageCache is the fingerprints of one build's pages, and those the last build left.
type pageCache struct {
	out  string
	file string
	salt uint64
	deps *render.Deps
	last map[uint64]cacheEntry // by the hash of the page's path

	jobs []render.Job // this build's pages, and their fingerprints
	fps  []uint64
	// kept are the entries of the pages kept as the last build left them (fp 0 for the
	// others): save writes them without looking at their files again.
	kept []cacheEntry
	n    int // how many pages were kept
}

// cacheEntry is what the cache file says of a page.
type cacheEntry struct {
	fp, size uint64
	mod      int64 // modification time, ns since 1970
}

// openPageCache returns the page cache of a build into out: the salt of this build's inputs,
// and, when read is set, the fingerprints of the last build if its salt is the same and out
// exists. Without a way to salt (no executable to read), it returns nil: every page is
// rendered, and no cache file is kept.
func openPageCache(site fs.FS, out string, th *theme.Theme, read bool) *pageCache {
	salt, err := cacheSalt(site)
	if err != nil {
		return nil
	}
	c := &pageCache{out: filepath.Clean(out), file: CacheFile(out), salt: salt, deps: render.NewDeps(th)}
	if info, err := os.Stat(c.out); !read || err != nil || !info.IsDir() {
		return c
	}
	f, err := os.Open(c.file)
	if err != nil {
		return c
	}
	defer f.Close()
	c.last, _ = readCache(f, salt) // a damaged cache file is no cache: every page is rendered
	return c
}

// cacheSalt hashes what the bytes of a page depend on besides what its template reads: the
// running program, site.toml and every file under themes/.
func cacheSalt(site fs.FS) (uint64, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	h := xxhash.New()
	f, err := os.Open(exe)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return 0, err
	}
	add := func(name string, data []byte) {
		var n [8]byte
		h.WriteString(name)
		binary.LittleEndian.PutUint64(n[:], uint64(len(data)))
		h.Write(n[:])
		h.Write(data)
	}
	data, err := fs.ReadFile(site, config.File)
	if err != nil {
		return 0, err
	}
	add(config.File, data)
	err = fs.WalkDir(site, theme.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(site, p)
		add(p, data)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	return max(h.Sum64(), 1), nil
}

// readCache reads a cache file whose salt is salt; another salt gives no entries.
func readCache(r io.Reader, salt uint64) (map[uint64]cacheEntry, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if head != cacheHeader+strconv.FormatUint(salt, 16)+"\n" {
		return nil, nil
	}
	last := map[uint64]cacheEntry{}
	for {
		line, err := br.ReadSlice('\n')
		if err == io.EOF && len(line) == 0 {
			return last, nil
		}
		if err != nil {
			return nil, err
		}
		// fingerprint size mtime path, the numbers in hex
		f := bytes.SplitN(bytes.TrimSuffix(line, []byte("\n")), []byte(" "), 4)
		if len(f) != 4 {
			return nil, errors.New("bad line in the page cache")
		}
		var e cacheEntry
		var mod uint64
		for i, dst := range []*uint64{&e.fp, &e.size, &mod} {
			if *dst, err = strconv.ParseUint(string(f[i]), 16, 64); err != nil {
				return nil, err
			}
		}
		e.mod = int64(mod)
		last[xxhash.Sum64(f[3])] = e
	}
}

// pick fingerprints every page and keeps in out those the last build left as they are; it
// returns the others, to render.
func (c *pageCache) pick(jobs []render.Job, out *publish.Staging) ([]render.Job, error) {
	fps, err := c.deps.Fingerprints(jobs, c.salt)
	if err != nil {
		return nil, err
	}
	c.jobs, c.fps = jobs, fps
	if len(c.last) == 0 {
		return jobs, nil
	}
	c.kept = make([]cacheEntry, len(jobs))
	err = c.stat(func(int) bool { return true }, func(i int, info fs.FileInfo) error {
		e, ok := c.last[xxhash.Sum64String(jobs[i].Path())]
		if !ok || e.fp != fps[i] || info == nil || uint64(info.Size()) != e.size || info.ModTime().UnixNano() != e.mod {
			return nil
		}
		c.kept[i] = e
		return out.Keep(jobs[i].Path(), info.Size())
	})
	if err != nil {
		return nil, err
	}
	var todo []render.Job
	for i, j := range jobs {
		if c.kept[i].fp != 0 {
			c.n++
		} else {
			todo = append(todo, j)
		}
	}
	return todo, nil
}

// stat calls fn with the output file of every fingerprinted page i for which want(i) (nil when
// it is not a regular file) on all cores, and returns the first error.
func (c *pageCache) stat(want func(i int) bool, fn func(i int, info fs.FileInfo) error) error {
	next := make(chan int, 256)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		fail error
	)
	for range 2 * runtime.GOMAXPROCS(0) { // stat waits for the disk: more than the cores
		wg.Go(func() {
			for i := range next {
				info, err := os.Lstat(filepath.Join(c.out, filepath.FromSlash(c.jobs[i].Path())))
				if err != nil || !info.Mode().IsRegular() {
					info = nil
				}
				if err := fn(i, info); err != nil {
					mu.Lock()
					if fail == nil {
						fail = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for i, fp := range c.fps {
		if fp != 0 && want(i) {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	return fail
}

// forget deletes the cache file, before the output changes.
func (c *pageCache) forget() error {
	if err := os.Remove(c.file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// save writes the cache file of the output as the build left it, through a temporary file
// renamed over it, the pages in the order of the listing. Only the files of the pages not kept
// are looked at: the others are as pick found them.
func (c *pageCache) save() error {
	entries := c.kept
	if entries == nil {
		entries = make([]cacheEntry, len(c.jobs))
	}
	err := c.stat(func(i int) bool { return entries[i].fp == 0 }, func(i int, info fs.FileInfo) error {
		if info != nil {
			entries[i] = cacheEntry{fp: c.fps[i], size: uint64(info.Size()), mod: info.ModTime().UnixNano()}
		}
		return nil
	})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.file), filepath.Base(c.file)+".tmp-")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	fmt.Fprintf(w, "%s%x\n", cacheHeader, c.salt)
	var line []byte
	for i, e := range entries {
		if e.fp == 0 || !validPath(c.jobs[i].Path()) {
			continue
		}
		line = strconv.AppendUint(line[:0], e.fp, 16)
		line = append(line, ' ')
		line = strconv.AppendUint(line, e.size, 16)
		line = append(line, ' ')
		line = strconv.AppendUint(line, uint64(e.mod), 16)
		line = append(line, ' ')
		line = append(line, c.jobs[i].Path()...)
		line = append(line, '\n')
		w.Write(line)
	}
	err = w.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// validPath reports whether a page path can be written on a line of the cache file.
func validPath(p string) bool { return !strings.Contains(p, "\n") }
