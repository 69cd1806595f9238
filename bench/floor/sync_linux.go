package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS flushes the file system that holds dir (syncfs(2)), not every file system of the
// machine: other processes' writes elsewhere are not charged to the floor.
func syncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
