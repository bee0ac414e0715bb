// Pattern: moby's integration-cli requirement helpers (testRequires, DaemonIsLinux, testEnv).
package main

import "testing"

type testRequirement func() bool

type daemonInfo struct{ OSType string }

type environment struct{ DaemonInfo daemonInfo }

func (e *environment) IsLocalDaemon() bool { return true }

func (e *environment) IsWindows() bool { return e.DaemonInfo.OSType == "windows" }

var testEnv = &environment{}

// DaemonIsLinux is a requirement: the daemon runs Linux.
func DaemonIsLinux() bool { return testEnv.DaemonInfo.OSType == "linux" }

// DaemonIsWindows is a requirement: the daemon runs Windows.
func DaemonIsWindows() bool { return testEnv.DaemonInfo.OSType == "windows" }

func testRequires(t *testing.T, requirements ...testRequirement) {
	for _, r := range requirements {
		if !r() {
			t.Skip("unmet requirement")
		}
	}
}
