//go:build unix

package worlddata

import (
	"errors"
	"os"
	"syscall"
)

// errLocked is returned by lockFile when another process holds the lock.
var errLocked = errors.New("locked by another process")

// lockFile takes an exclusive advisory lock on f, without waiting; the lock ends when f is
// closed or the process ends (kill -9 included), so a crashed server never leaves it held.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}
