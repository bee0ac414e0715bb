// Pattern: a `_linux.go` file in a shared package: a func missing on windows (and on darwin).
package container

import "path/filepath"

// CgroupPath returns the container's cgroup path (missing on windows).
func (container *Container) CgroupPath() string {
	return filepath.Join("/sys/fs/cgroup/docker", container.ID)
}
