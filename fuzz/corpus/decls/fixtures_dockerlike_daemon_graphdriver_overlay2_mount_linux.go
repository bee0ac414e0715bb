// Pattern: missing — a `_linux.go` file of the linux-only package.
package overlay2

import "syscall"

func mountFrom(dir, device, target, mType string, flags uintptr, label string) error {
	return syscall.Mount(device, target, mType, flags, label)
}
