//go:build !windows

// Pattern: the non-windows side of initService is a zero stub; status is decided by the windows body (native).
package main

func initService(daemonCli *DaemonCli) (bool, error) {
	return false, nil
}
