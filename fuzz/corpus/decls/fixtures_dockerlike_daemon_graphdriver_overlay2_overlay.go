//go:build linux

// Pattern: missing — a whole package built only on linux (`//go:build linux` here, `_linux.go` beside it), like overlay2.
package overlay2

import (
	"errors"
	"os"
	"path/filepath"
)

const (
	driverName = "overlay2"
	linkDir    = "l"
)

var (
	// ErrNotSupported is returned when the kernel lacks overlay support.
	ErrNotSupported = errors.New("overlay2: not supported")
	backingFs       = "<unknown>"
)

// Driver contains information about the home directory and the list of active mounts.
type Driver struct {
	home string
}

// Init returns a new overlay2 driver.
func Init(home string) (*Driver, error) {
	if err := os.MkdirAll(filepath.Join(home, linkDir), 0700); err != nil {
		return nil, err
	}
	return &Driver{home: home}, nil
}

// String returns the driver's name.
func (d *Driver) String() string {
	return driverName
}

// Status returns the driver's status.
func (d *Driver) Status() [][2]string {
	return [][2]string{{"Backing Filesystem", backingFs}}
}

// Cleanup is a no-op (an empty body, but missing on windows all the same).
func (d *Driver) Cleanup() error {
	return nil
}
