package worlddata

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// checkWritable refuses a data directory whose database cannot be written, at start: a
// read-only world.db (or directory, where SQLite keeps its WAL) would otherwise open, answer
// every read, and fail every write.
func checkWritable(dir, dbPath string) error {
	if info, err := os.Stat(dbPath); err == nil {
		if info.Mode().Perm()&0o200 == 0 {
			return fmt.Errorf("%s is read-only (mode %s): make it writable (chmod u+w) or use another --data-dir", dbPath, info.Mode().Perm())
		}
		f, err := os.OpenFile(dbPath, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("%s is read-only: %w", dbPath, err)
		}
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("data directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".onespec-write-check-*")
	if err != nil {
		return fmt.Errorf("the data directory %s is read-only: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
