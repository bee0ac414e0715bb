// Pattern: test-file guards in the package under test: `t.Skip` on `runtime.GOOS == "windows"`, `t.Skipf` on the `isWindows` flag.
package daemon

import (
	"runtime"
	"testing"
)

func TestContainerChangesRunning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("diff of a running container is not supported on Windows")
	}
	d := &Daemon{}
	if _, err := d.ContainerChanges("missing"); err == nil {
		t.Fatal("expected an error for a missing container")
	}
}

func TestContainerExportRunning(t *testing.T) {
	if isWindows {
		t.Skipf("export of a running container: %s", "not on Windows")
	}
	_ = newStatsCollector(0)
}
