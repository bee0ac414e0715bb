// Pattern: a `package main` under cmd/ (main is an API of cmd/dockerd); shared code calling a per-platform initService.
package main

import (
	"fmt"
	"os"

	"example.com/dockerlike"
)

// DaemonCli represents the daemon CLI.
type DaemonCli struct {
	configFile string
}

func main() {
	cli := &DaemonCli{configFile: "daemon.json"}
	stop, err := initService(cli)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if stop {
		return
	}
	fmt.Println("dockerd", dockerlike.Version, dockerlike.DefaultPlatform)
}
