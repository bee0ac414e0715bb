// Pattern: GOOS switches — `case "windows":` refuses, `case "freebsd", "linux":` with a refusing `default`, a `case "darwin":` that is no guard, and a tagless `switch { case runtime.GOOS == "windows" && ...: }`.
package daemon

import (
	"errors"
	"fmt"
	"runtime"

	"example.com/dockerlike/container"
)

// containerStart starts a container, optionally from a checkpoint.
func (daemon *Daemon) containerStart(c *container.Container, checkpoint string) error {
	if checkpoint != "" {
		switch runtime.GOOS {
		case "windows":
			return errors.New("Windows: Containers do not support checkpoints")
		}
	}
	c.State.Running = true
	return nil
}

// startRestartMonitor only supports linux and freebsd.
func (daemon *Daemon) startRestartMonitor(c *container.Container) error {
	switch runtime.GOOS {
	case "darwin":
		return errors.New("the restart monitor does not run on macOS")
	case "freebsd", "linux":
		c.State.Pid = 1
		return nil
	default:
		return fmt.Errorf("restart monitor is not supported on %s", runtime.GOOS)
	}
}

// ContainerRestart restarts a container (tagless switch).
func (daemon *Daemon) ContainerRestart(name string) error {
	c, err := daemon.GetContainer(name)
	if err != nil {
		return err
	}
	switch {
	case runtime.GOOS == "windows" && c.IsRunning():
		return errors.New("Windows does not support restarting a running container in place")
	case c.State.Pid == 0:
		return fmt.Errorf("container %s is not running", name)
	}
	return daemon.containerStart(c, "")
}
