// Pattern: an external test package (`daemon_test`): `skip.If(t, runtime.GOOS == "windows", ...)` and a `!= "windows"` skip whose Windows branch is empty.
package daemon_test

import (
	"runtime"
	"testing"

	"example.com/dockerlike/daemon"
	"example.com/dockerlike/internal/skip"
)

func TestGetContainerExternal(t *testing.T) {
	skip.If(t, runtime.GOOS == "windows", "the fake daemon root is a unix path")
	d := &daemon.Daemon{}
	if _, err := d.GetContainer("nope"); err == nil {
		t.Fatal("expected an error")
	}
}

func TestWindowsOnlyBehaviour(t *testing.T) {
	if runtime.GOOS != "windows" {
		t.SkipNow()
	}
}
