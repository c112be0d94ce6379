//go:build !unix

package worlddata

import (
	"errors"
	"os"
)

var errLocked = errors.New("locked by another process")

// lockFile is a no-op where flock does not exist: the store's exclusive SQLite locking mode
// still refuses a second server, but only once the store is opened (after a --reset).
func lockFile(*os.File) error { return nil }
