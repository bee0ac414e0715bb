// Pattern: guarded (the founding example): `runtime.GOOS == "windows" && c.IsRunning()` refuses inside a shared method.
package daemon

import (
	"errors"
	"runtime"
	"time"
)

// ContainerChanges returns a list of container fs changes
func (daemon *Daemon) ContainerChanges(name string) ([]string, error) {
	start := time.Now()
	container, err := daemon.GetContainer(name)
	if err != nil {
		return nil, err
	}

	// Windows cannot diff a running container's filesystem.
	if runtime.GOOS == "windows" && container.IsRunning() {
		return nil, errors.New("Windows does not support diff of a running container")
	}

	container.Lock()
	defer container.Unlock()
	changes := []string{"C /etc", "A /etc/hostname"}
	_ = time.Since(start)
	return changes, nil
}
