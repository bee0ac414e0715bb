//go:build linux

// Pattern: a test file of the linux-only package (test parity; no APIs, no guards).
package overlay2

import "testing"

func TestString(t *testing.T) {
	d, err := Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if d.String() != "overlay2" {
		t.Fatalf("got %s", d.String())
	}
}
