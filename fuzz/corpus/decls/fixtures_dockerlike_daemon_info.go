// Pattern: non-windows GOOS checks — `== "darwin"` (no guard for the pair), `== "linux"` whose else refuses, `== "linux"` without else (adapts), three-valued conditions with negation.
package daemon

import (
	"errors"
	"fmt"
	"runtime"
)

// Info holds system information.
type Info struct {
	OSType       string
	CgroupDriver string
}

// SystemInfo returns information about the host.
func (daemon *Daemon) SystemInfo() (*Info, error) {
	info := &Info{OSType: runtime.GOOS}
	if runtime.GOOS == "darwin" {
		return nil, errors.New("the daemon does not run on macOS")
	}
	if runtime.GOOS == "linux" {
		info.CgroupDriver = "cgroupfs"
	} else {
		return nil, fmt.Errorf("system info is not implemented on %s", runtime.GOOS)
	}
	return info, nil
}

// showCgroupInfo only adapts: the linux branch has no else.
func (daemon *Daemon) showCgroupInfo(info *Info) {
	if runtime.GOOS == "linux" {
		info.CgroupDriver = "systemd"
	}
}

// checkRoot: both sides unknown; the first differing atom, under one `!`, is true on windows.
func (daemon *Daemon) checkRoot(verbose bool) error {
	if !(runtime.GOOS == "linux" && daemon.root != "") && verbose {
		return errors.New("the daemon root must be set explicitly on Windows")
	}
	if runtime.GOOS != "windows" || daemon.root == "" {
		daemon.root = "/var/lib/docker"
	}
	return nil
}
