// Pattern: unsupported forms — an `Err…` value, panic("..."), syscall.ENOTSUP, `&os.PathError{...}` and `&PathError{...}` (struct literals ending in Error).
package system

import (
	"os"
	"syscall"
)

// Mknod is not implemented on Windows.
func Mknod(path string, mode uint32, dev int) error {
	return ErrNotSupportedPlatform
}

// Mkdev is not implemented on Windows.
func Mkdev(major int64, minor int64) uint32 {
	panic("not implemented on windows")
}

// Lsetxattr is not supported on Windows.
func Lsetxattr(path string, attr string, data []byte, flags int) error {
	return syscall.ENOTSUP
}

// StatFS is not supported on Windows.
func StatFS(path string) (uint64, error) {
	return 0, &os.PathError{Op: "statfs", Path: path, Err: ErrNotSupportedPlatform}
}

// Chroot is not supported on Windows.
func Chroot(path string) error {
	return &PathError{Op: "chroot", Path: path, Err: syscall.ENOTSUP}
}
