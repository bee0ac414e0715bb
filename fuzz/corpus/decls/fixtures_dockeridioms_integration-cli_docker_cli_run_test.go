// Pattern: suite methods with testRequires(c, DaemonIsLinux / DaemonIsWindows), the idioms of
// moby's integration-cli.
package main

import "testing"

type DockerCLIRunSuite struct{}

func (s *DockerCLIRunSuite) TestRunLinuxOnly(c *testing.T) {
	testRequires(c, DaemonIsLinux)
}

func (s *DockerCLIRunSuite) TestRunLocalLinux(c *testing.T) {
	testRequires(c, testEnv.IsLocalDaemon, DaemonIsLinux)
}

func (s *DockerCLIRunSuite) TestRunWindowsOnly(c *testing.T) {
	testRequires(c, DaemonIsWindows)
}

func (s *DockerCLIRunSuite) TestRunEverywhere(c *testing.T) {
	testRequires(c, testEnv.IsLocalDaemon)
}

// testRunHelper is no test (lower-case after Test is not a test name either: Testrun).
func (s *DockerCLIRunSuite) Testrun(c *testing.T) {
	testRequires(c, DaemonIsLinux)
}
