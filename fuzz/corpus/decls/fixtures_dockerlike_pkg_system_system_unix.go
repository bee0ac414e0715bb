//go:build !windows

// Pattern: unix side with real bodies for Mknod/Mkdev/Lsetxattr/Statfs/Chroot.
package system

import (
	"os"
	"syscall"
)

// Mknod creates a filesystem node (file, device special file or named pipe).
func Mknod(path string, mode uint32, dev int) error {
	return syscall.Mknod(path, mode, dev)
}

// Mkdev is used to build the value of linux devices (in /dev/).
func Mkdev(major int64, minor int64) uint32 {
	return uint32(((minor & 0xfff00) << 12) | ((major & 0xfff) << 8) | (minor & 0xff))
}

// Lsetxattr sets the value of the extended attribute.
func Lsetxattr(path string, attr string, data []byte, flags int) error {
	if len(data) == 0 {
		return &XattrError{Op: "lsetxattr", Attr: attr, Err: syscall.EINVAL}
	}
	_, err := os.Lstat(path)
	return err
}

// StatFS returns the free blocks of the filesystem holding path.
func StatFS(path string) (uint64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return uint64(fi.Size()), nil
}

// Chroot changes the root directory.
func Chroot(path string) error {
	return syscall.Chroot(path)
}
