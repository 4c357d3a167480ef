//go:build !unix

package badgerstore

// On systems without flock, Badger's own directory lock is the only one;
// Open turns its error into store.ErrLocked.
type dirLock struct{}

func lockDir(dir string) (*dirLock, error) { return &dirLock{}, nil }

func (l *dirLock) unlock() error { return nil }
