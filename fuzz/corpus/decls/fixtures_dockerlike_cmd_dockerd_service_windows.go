// Pattern: windows-only funcs in a package shared by both platforms (the Windows service), and a native initService.
package main

import (
	"errors"
	"os"
)

var flServiceName = "docker"

func initService(daemonCli *DaemonCli) (bool, error) {
	if os.Getenv("DOCKER_RUN_AS_SERVICE") == "" {
		return false, nil
	}
	return true, installService()
}

func installService() error {
	if flServiceName == "" {
		return errors.New("no service name")
	}
	return nil
}
