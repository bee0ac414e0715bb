// Pattern: portable APIs, platform-flag guards (`isWindows &&` refuses, `!isWindows` adapts), a refusing guard in a package-level var func literal, a non-flag decoy, init.
package daemon

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"example.com/dockerlike/container"
)

// Daemon holds information about the Docker daemon.
type Daemon struct {
	root       string
	containers map[string]*container.Container
	stats      *statsCollector
}

// debugChanges is the same on every platform: not a platform flag.
var debugChanges = false

// validateRuntime refuses custom runtimes on Windows (a guard inside a package-level var initializer).
var validateRuntime = func(name string) error {
	if runtime.GOOS == "windows" && name != "" {
		return fmt.Errorf("custom runtime %q is not supported on Windows", name)
	}
	return nil
}

func init() {
	if debugChanges {
		fmt.Println("debugging changes")
	}
}

// GetContainer looks for a container by its full ID or name prefix.
func (daemon *Daemon) GetContainer(name string) (*container.Container, error) {
	if c, ok := daemon.containers[name]; ok {
		return c, nil
	}
	for id, c := range daemon.containers {
		if strings.HasPrefix(id, name) {
			return c, nil
		}
	}
	return nil, fmt.Errorf("No such container: %s", name)
}

// ContainerExport writes the contents of the container to out (guarded by the isWindows flag).
func (daemon *Daemon) ContainerExport(name string, out io.Writer) error {
	c, err := daemon.GetContainer(name)
	if err != nil {
		return err
	}
	if isWindows && c.IsRunning() {
		return errors.New("Windows does not support export of a running container")
	}
	_, err = io.WriteString(out, c.ID)
	return err
}

// mergeAndVerifyConfig only adapts on the flag: portable.
func (daemon *Daemon) mergeAndVerifyConfig(c *container.Container) {
	if !isWindows {
		c.State.Pid = 0
	}
}

// restoreContainers shadows the flag with a local of the same name: RULES says shadowing is not analysed.
func (daemon *Daemon) restoreContainers() error {
	isWindows := len(daemon.containers) == 0
	if isWindows {
		return errors.New("no containers to restore")
	}
	return nil
}
