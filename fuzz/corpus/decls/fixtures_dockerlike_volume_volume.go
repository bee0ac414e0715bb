// Pattern: a platform flag defined once as `var isWindows = runtime.GOOS == "windows"` in another package, used to refuse and to adapt.
package volume

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

var isWindows = runtime.GOOS == "windows"

// MountPoint is the intersection point between a volume and a container.
type MountPoint struct {
	Source      string
	Destination string
	RW          bool
	Propagation string
}

// Setup sets up a mount point; propagation is refused on Windows.
func (m *MountPoint) Setup() (string, error) {
	if isWindows && m.Propagation != "" {
		return "", fmt.Errorf("propagation %q is not supported on Windows", m.Propagation)
	}
	return filepath.Clean(m.Source), nil
}

// ParseMountRaw parses a raw volume spec; on Windows it only folds case (adapts).
func ParseMountRaw(raw string) (*MountPoint, error) {
	if isWindows {
		raw = strings.ToLower(raw)
	}
	parts := strings.SplitN(raw, ":", 2)
	if len(parts) != 2 {
		return nil, fmt.Errorf("invalid volume specification: '%s'", raw)
	}
	return &MountPoint{Source: parts[0], Destination: parts[1], RW: true}, nil
}
