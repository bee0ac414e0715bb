// Pattern: portable shared definitions of every body kind (real, empty, zero, log-then-zero, error, panic), methods on a per-platform type, an adapting guard inside init.
package container

import (
	"errors"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/sirupsen/logrus"
)

// Mount contains information for a mount operation.
type Mount struct {
	Source      string
	Destination string
	Writable    bool
}

// State holds the current container state.
type State struct {
	sync.Mutex
	Running bool
	Pid     int
}

// IsRunning returns whether the running flag is set.
func (s *State) IsRunning() bool {
	s.Lock()
	defer s.Unlock()
	return s.Running
}

// CommonContainer holds the fields shared by every platform's Container.
type CommonContainer struct {
	*State
	ID   string
	Root string
}

var (
	// errNoRoot is returned when a container has no root directory.
	errNoRoot = errors.New("container has no root directory")
	// defaultMounts is shared by every platform.
	defaultMounts []Mount
)

func init() {
	if runtime.GOOS == "windows" {
		defaultMounts = nil
		return
	}
	defaultMounts = append(defaultMounts, Mount{Destination: "/etc/hostname"})
}

// GetRootResourcePath evaluates path under the container's root (portable, real body).
func (container *Container) GetRootResourcePath(path string) (string, error) {
	if container.Root == "" {
		return "", errNoRoot
	}
	return filepath.Join(container.Root, filepath.Clean(path)), nil
}

// UpdateMonitor is a shared no-op (portable, empty body).
func (container *Container) UpdateMonitor() {
}

// ConfigMounts returns nothing on any platform (portable, zero body).
func (container *Container) ConfigMounts() []Mount {
	return nil
}

// ResetRestartManager only logs (portable, zero body: log statements only).
func (container *Container) ResetRestartManager(resetCount bool) {
	logrus.Debugf("reset restart manager for %s (count reset: %v)", container.ID, resetCount)
}

// CheckpointDir refuses on every platform (portable, error body; no message for portable).
func (container *Container) CheckpointDir() (string, error) {
	return "", errors.New("checkpoints are experimental")
}

// mustNotBeCalled panics on every platform (portable, panic body).
func mustNotBeCalled() {
	panic("unreachable")
}
