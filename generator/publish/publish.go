// Package publish writes a built site atomically.
//
// A Staging directory is created beside the output directory (same parent, so the final rename
// stays on one file system); files are written into it, and Commit swaps it in place of the
// output in two renames. Until Commit, the output directory is untouched: a failed build calls
// Abort and leaves the previous site exactly as it was.
package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Staging is a directory being filled with the next version of the site.
type Staging struct {
	out  string
	dir  string
	mu   sync.Mutex
	dirs map[string]bool
	n    int
	size int64
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
	return &Staging{out: out, dir: dir, dirs: map[string]bool{".": true}}, nil
}

// Dir is the staging directory.
func (s *Staging) Dir() string { return s.dir }

// Write writes one file; name is a slash-separated path relative to the site root. It is safe
// for concurrent use.
func (s *Staging) Write(name string, data []byte) error {
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return fmt.Errorf("publish: bad output path %q", name)
	}
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	d := filepath.Dir(name)
	s.mu.Lock()
	made := s.dirs[d]
	s.n++
	s.size += int64(len(data))
	s.mu.Unlock()
	if !made {
		// MkdirAll is safe when two writers create the same folder; the folder is marked as
		// made only once it exists, so no writer skips it before it does.
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		s.mu.Lock()
		s.dirs[d] = true
		s.mu.Unlock()
	}
	return os.WriteFile(p, data, 0o644)
}

// Count returns how many files and bytes were written.
func (s *Staging) Count() (files int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, s.size
}

// Commit replaces the output directory with the staging directory.
func (s *Staging) Commit() error {
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

// Abort removes the staging directory; the output directory stays as it was.
func (s *Staging) Abort() { os.RemoveAll(s.dir) }
