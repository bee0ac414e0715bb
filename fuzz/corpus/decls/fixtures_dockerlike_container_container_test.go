// Pattern: test-file guards: `t.Skip` under `runtime.GOOS == "windows"` (skips-test), and a test-only adaptation.
package container

import (
	"runtime"
	"testing"
)

func TestIpcMounts(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("IPC mounts are not supported on Windows")
	}
	c := &Container{CommonContainer: CommonContainer{ID: "c1", Root: t.TempDir()}}
	_ = c.IpcMounts()
}

func TestStopTimeout(t *testing.T) {
	want := 10
	if runtime.GOOS == "windows" {
		want = 30
	}
	if DefaultStopTimeout != want {
		t.Fatalf("DefaultStopTimeout = %d, want %d", DefaultStopTimeout, want)
	}
}
