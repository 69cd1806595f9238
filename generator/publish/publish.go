// Package publish writes a built site so that a failed build never changes the output.
//
// New creates a staging directory beside the output directory (same parent, so renames stay on
// one file system). Files given to Write go to a pool of writer goroutines, so that rendering
// goes on while the disk works. Until Commit, the output directory is untouched: a failed build
// calls Abort and leaves the previous site exactly as it was.
//
// When there is no output yet, every file is written into the staging directory and Commit
// swaps it in place of the output in two renames. When an output exists, Write compares each
// file with the one already there and writes only what changed; Commit then moves the changed
// files into the output and deletes the files the new site no longer has, so that a second
// build of an unchanged site writes nothing. That Commit is not one rename: a crash in the
// middle of it (not an error of the build, which stops before Commit) leaves a mix of the two
// versions, which the next build repairs.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// writers is the number of goroutines writing files: more than the cores, since they mostly
// wait for the disk.
const writers = 6

// Staging is a directory being filled with the next version of the site.
type Staging struct {
	out    string
	dir    string
	update bool // out exists: write only what changed, then move it into out

	files  chan file
	wg     sync.WaitGroup
	sendMu sync.RWMutex // held for reading while a file is queued, for writing to close files

	mu      sync.Mutex
	err     error
	dirs    map[string]bool // folders made in the staging directory
	names   map[string]bool // every file of the new site (update mode)
	changed []string        // files written into the staging directory (update mode)
	n       int
	size    int64
	closed  bool
}

type file struct {
	name string
	data []byte
}

// New creates a staging directory for out.
func New(out string) (*Staging, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Staging{out: out, dir: dir, dirs: map[string]bool{".": true}, files: make(chan file, 2*writers)}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		s.update = true
		s.names = map[string]bool{}
	}
	for range writers {
		s.wg.Go(s.writer)
	}
	return s, nil
}

// Dir is the staging directory.
func (s *Staging) Dir() string { return s.dir }

// Write queues one file; name is a slash-separated path relative to the site root. It is safe
// for concurrent use. An error of the disk is returned by a later Write or by Commit; data must
// not change after the call.
func (s *Staging) Write(name string, data []byte) error {
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") || name == "" {
		return fmt.Errorf("publish: bad output path %q", name)
	}
	s.mu.Lock()
	if s.err != nil || s.closed {
		err := s.err
		s.mu.Unlock()
		if err == nil {
			err = errors.New("publish: write after Commit or Abort")
		}
		return err
	}
	if s.update {
		if s.names[name] {
			s.mu.Unlock()
			return fmt.Errorf("publish: %s written twice", name)
		}
		s.names[name] = true
	}
	s.n++
	s.size += int64(len(data))
	s.mu.Unlock()
	s.sendMu.RLock()
	defer s.sendMu.RUnlock()
	if s.closed {
		return errors.New("publish: write after Commit or Abort")
	}
	s.files <- file{name, data}
	return nil
}

// Keep puts the file name of the existing output into the new site as it is, without reading
// or writing it; size is its size in bytes, for Count. The caller vouches that the file is what
// Write would have been given. It is safe for concurrent use, and an error when there is no
// output to keep a file of.
func (s *Staging) Keep(name string, size int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.update:
		return fmt.Errorf("publish: no output to keep %s from", name)
	case s.closed:
		return errors.New("publish: keep after Commit or Abort")
	case s.names[name]:
		return fmt.Errorf("publish: %s written twice", name)
	}
	s.names[name] = true
	s.n++
	s.size += size
	return nil
}

func (s *Staging) writer() {
	for f := range s.files {
		if err := s.write(f); err != nil {
			s.mu.Lock()
			if s.err == nil {
				s.err = err
			}
			s.mu.Unlock()
		}
	}
}

func (s *Staging) write(f file) error {
	if s.update {
		old, err := os.ReadFile(filepath.Join(s.out, filepath.FromSlash(f.name)))
		if err == nil && bytes.Equal(old, f.data) {
			return nil
		}
	}
	d := filepath.Dir(filepath.FromSlash(f.name))
	s.mu.Lock()
	made := s.dirs[d]
	if s.update {
		s.changed = append(s.changed, f.name)
	}
	s.mu.Unlock()
	if !made {
		// MkdirAll is safe when two writers create the same folder; the folder is marked as
		// made only once it exists, so no writer skips it before it does.
		if err := os.MkdirAll(filepath.Join(s.dir, d), 0o755); err != nil {
			return err
		}
		s.mu.Lock()
		s.dirs[d] = true
		s.mu.Unlock()
	}
	return os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(f.name)), f.data, 0o644)
}

// wait lets the writers finish and returns the first error of the disk.
func (s *Staging) wait() error {
	s.sendMu.Lock()
	if !s.closed {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.files)
	}
	s.sendMu.Unlock()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Count returns how many files and bytes the new site has, kept files included.
func (s *Staging) Count() (files int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, s.size
}

// Written returns how many files were written, after Commit: all of them for a new output,
// only those that changed for an existing one (never the files kept).
func (s *Staging) Written() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.update {
		return len(s.changed)
	}
	return s.n
}

// Commit waits for the files queued and puts the new site in place of the output.
func (s *Staging) Commit() error {
	if err := s.wait(); err != nil {
		return err
	}
	if s.update {
		return s.apply()
	}
	old := ""
	if _, err := os.Stat(s.out); err == nil {
		tmp, err := os.MkdirTemp(filepath.Dir(s.out), "."+filepath.Base(s.out)+".old-")
		if err != nil {
			return err
		}
		old = filepath.Join(tmp, "site")
		if err := os.Rename(s.out, old); err != nil {
			os.Remove(tmp)
			return err
		}
		defer os.RemoveAll(tmp)
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		if old != "" {
			os.Rename(old, s.out) // put the previous site back
		}
		return err
	}
	return nil
}

// apply updates an existing output in place: it deletes what the new site no longer has (files,
// then the folders left empty), then moves the changed files in, in a fixed order.
func (s *Staging) apply() error {
	defer os.RemoveAll(s.dir)
	var stale, folders []string
	kept := map[string]int{} // folder: how many of its entries stay (files of the new site, folders still in use)
	err := filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(s.out, p)
		if err != nil || rel == "." {
			return err
		}
		if d.IsDir() {
			folders = append(folders, p)
		} else if !s.names[filepath.ToSlash(rel)] {
			stale = append(stale, p)
		} else {
			kept[filepath.Dir(p)]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	// Deepest first (WalkDir lists a folder before what it holds): a folder none of whose
	// entries stays is removed, which fails, harmlessly, if something else is in it; a folder
	// that stays counts in its parent.
	for i := len(folders) - 1; i >= 0; i-- {
		f := folders[i]
		if kept[f] == 0 && os.Remove(f) == nil {
			continue
		}
		kept[filepath.Dir(f)]++
	}
	sort.Strings(s.changed)
	made := map[string]bool{}
	for _, name := range s.changed {
		dst := filepath.Join(s.out, filepath.FromSlash(name))
		if d := filepath.Dir(dst); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
			// A folder of the old site where the new one has a file.
			if err := os.RemoveAll(dst); err != nil {
				return err
			}
		}
		if err := os.Rename(filepath.Join(s.dir, filepath.FromSlash(name)), dst); err != nil {
			return err
		}
	}
	return nil
}

// Abort stops the writers and removes the staging directory; the output directory stays as it
// was.
func (s *Staging) Abort() {
	s.wait()
	os.RemoveAll(s.dir)
}
