// Pattern: windows side of the `isWindows` flag (= true); a stub returning nil, nil; errdefs.NotImplemented(errors.New(...)) unsupported; a native func.
package daemon

import (
	"errors"
	"os"

	containertypes "example.com/dockerlike/api/types/container"
	"example.com/dockerlike/container"
	"example.com/dockerlike/errdefs"
)

var isWindows = true

// ThrottleDevice is a device with a rate limit.
type ThrottleDevice struct {
	Path string
}

func getBlkioReadBpsDevices(config *containertypes.HostConfig) ([]*ThrottleDevice, error) {
	return nil, nil
}

// checkSystem validates platform-specific requirements.
func checkSystem() error {
	if os.Getenv("PROCESSOR_ARCHITECTURE") == "" {
		return errors.New("The Docker daemon requires Windows Server 2016 or later")
	}
	return nil
}

// containerPause pauses the container's processes.
func (daemon *Daemon) containerPause(c *container.Container) error {
	return errdefs.NotImplemented(errors.New("pause is not supported for Windows process-isolated containers"))
}
