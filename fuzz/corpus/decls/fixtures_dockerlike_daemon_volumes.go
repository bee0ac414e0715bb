// Pattern: adaptations (`if runtime.GOOS == "windows" { path = ... }`), an `else if runtime.GOOS == "windows"` that refuses, and a refusing guard inside a func literal inside a method.
package daemon

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"example.com/dockerlike/container"
)

// volumePath only adapts the path on Windows: portable.
func (daemon *Daemon) volumePath(c *container.Container, name string) string {
	path := filepath.Join(c.Root, "volumes", name)
	if runtime.GOOS == "windows" {
		path = strings.ToLower(path)
	} else {
		path = filepath.Clean(path)
	}
	return path
}

// validateBind refuses relative binds on Windows in an else-if chain.
func validateBind(bind string) error {
	if bind == "" {
		return errors.New("empty bind")
	} else if runtime.GOOS == "windows" && !filepath.IsAbs(bind) {
		return fmt.Errorf("invalid bind %q: Windows requires an absolute host path", bind)
	}
	return nil
}

// walkMounts calls fn for each mount; the guard sits in a func literal inside the method.
func (daemon *Daemon) walkMounts(c *container.Container, fn func(string) error) error {
	check := func(dest string) error {
		if runtime.GOOS == "windows" && strings.HasPrefix(dest, `\\.\pipe\`) {
			return errors.New("named pipe mounts cannot be walked on Windows")
		}
		return fn(dest)
	}
	for _, m := range c.SecretMounts() {
		if err := check(m.Destination); err != nil {
			return err
		}
	}
	return nil
}
