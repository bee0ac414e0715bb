// +build !windows

// Pattern: legacy `// +build` line only (no //go:build); unix side of the `isWindows` flag (= false) and native/stub pairs.
package daemon

import (
	"errors"
	"os"

	containertypes "example.com/dockerlike/api/types/container"
	"example.com/dockerlike/container"
)

var isWindows = false

func init() {
	_ = os.Getpagesize()
}

// ThrottleDevice is a device with a rate limit.
type ThrottleDevice struct {
	Path string
	Rate uint64
}

func getBlkioReadBpsDevices(config *containertypes.HostConfig) ([]*ThrottleDevice, error) {
	if config == nil {
		return nil, errors.New("no host config")
	}
	return []*ThrottleDevice{{Path: "/dev/sda", Rate: 1 << 20}}, nil
}

// checkSystem validates platform-specific requirements.
func checkSystem() error {
	if os.Geteuid() != 0 {
		return errors.New("The Docker daemon needs to be run as root")
	}
	return nil
}

// containerPause pauses the container's processes.
func (daemon *Daemon) containerPause(c *container.Container) error {
	c.State.Running = false
	return nil
}
