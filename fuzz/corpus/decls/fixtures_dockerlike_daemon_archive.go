// Pattern: guards through an import alias of runtime (`import rt "runtime"`, `rt.GOOS`), with `||` and parentheses.
package daemon

import (
	"errors"
	"io"
	rt "runtime"
	"strings"
)

// ContainerArchivePath returns an archive of the resource at path (alias guard).
func (daemon *Daemon) ContainerArchivePath(name string, path string) (io.ReadCloser, error) {
	c, err := daemon.GetContainer(name)
	if err != nil {
		return nil, err
	}
	if rt.GOOS == "windows" && c.IsRunning() {
		return nil, errors.New("Windows does not support copying from a running Hyper-V container")
	}
	return io.NopCloser(strings.NewReader(c.ID + ":" + path)), nil
}

// ContainerExtractToDir refuses on Windows whatever the path (`||`: true on windows, unknown on linux).
func (daemon *Daemon) ContainerExtractToDir(name, path string) error {
	if (rt.GOOS == "windows") || strings.HasPrefix(path, "/proc") {
		return errors.New("extracting to a container is not supported here")
	}
	_, err := daemon.GetContainer(name)
	return err
}
