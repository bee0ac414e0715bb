// Pattern: guard forms — `!= "windows"` whose else (the Windows path) refuses, reversed operands, raw string literals, and an `else if` after a GOOS check that is not itself a guard.
package daemon

import (
	"errors"
	"fmt"
	"runtime"

	containertypes "example.com/dockerlike/api/types/container"
	"example.com/dockerlike/container"
)

// verifyIsolation refuses non-default isolation on Windows through the else branch.
func verifyIsolation(hostConfig *containertypes.HostConfig) error {
	if runtime.GOOS != "windows" {
		hostConfig.Isolation = containertypes.IsolationDefault
	} else {
		if hostConfig.Isolation.IsDefault() {
			return nil
		}
		return fmt.Errorf("isolation %q is not supported on this Windows host", hostConfig.Isolation)
	}
	return nil
}

// ContainerCreate creates a container (reversed operand order, then a raw string literal).
func (daemon *Daemon) ContainerCreate(name string, hostConfig *containertypes.HostConfig) (*container.Container, error) {
	if "windows" == runtime.GOOS && hostConfig.Privileged {
		return nil, errors.New("Windows does not support privileged mode")
	}
	if runtime.GOOS == `windows` && hostConfig.NetworkMode.IsHost() {
		return nil, errors.New(`Windows does not support host networking`)
	}
	c := &container.Container{}
	c.ID = name
	return c, nil
}

// verifyBinds: the GOOS check's alternative is an `else if` (no block), so the guard only adapts.
func verifyBinds(hostConfig *containertypes.HostConfig) error {
	if runtime.GOOS != "windows" {
		hostConfig.Binds = append(hostConfig.Binds, "/etc/localtime:/etc/localtime:ro")
	} else if len(hostConfig.Binds) > 0 {
		return errors.New("binds are verified by the Windows platform code")
	}
	return nil
}
