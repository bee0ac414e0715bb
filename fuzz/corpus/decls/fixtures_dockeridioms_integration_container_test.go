// Pattern: skip.If on testEnv.DaemonInfo.OSType, an if-Skip, and the IsWindows() flag.
package integration

import (
	"testing"

	"github.com/docker/docker/internal/skip"
)

type daemonInfo struct{ OSType string }

type environment struct{ DaemonInfo daemonInfo }

func (e *environment) IsWindows() bool { return e.DaemonInfo.OSType == "windows" }

var testEnv = &environment{}

func TestSkipIfWindows(t *testing.T) {
	skip.If(t, testEnv.DaemonInfo.OSType == "windows", "cannot start multiple daemons on windows")
}

func TestSkipIfNotLinux(t *testing.T) {
	skip.If(t, testEnv.DaemonInfo.OSType != "linux")
}

func TestSkipIfLinux(t *testing.T) {
	skip.If(t, testEnv.DaemonInfo.OSType == "linux", "Windows only")
}

func TestIfWindowsSkip(t *testing.T) {
	if testEnv.DaemonInfo.OSType == "windows" {
		t.Skip("FIXME")
	}
}

func TestIsWindowsFlag(t *testing.T) {
	if testEnv.IsWindows() {
		t.Skipf("not on %s", "windows")
	}
}

func TestRuns(t *testing.T) {}
