//go:build !windows

// Pattern: a test file not built on Windows at all.
package main

import "testing"

func (s *DockerCLIRunSuite) TestRunUnixSocket(c *testing.T) {}
