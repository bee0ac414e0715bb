package main

import (
	"bytes"
	"os"
	"testing"
)

// TestSmallModule runs the tool on testdata/mod, without and with -vendor
// and with a second VTA round, and compares the whole output with the expected file, whose edges
// README.md derives by hand.
func TestSmallModule(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		expected string
	}{
		{[]string{"testdata/mod"}, "testdata/expected.json"},
		{[]string{"-vendor", "testdata/mod"}, "testdata/expected-vendor.json"},
		{[]string{"-vta-rounds", "2", "testdata/mod"}, "testdata/expected-vta2.json"},
	} {
		want, err := os.ReadFile(tc.expected)
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if rc := run(tc.args, &stdout, &stderr); rc != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, rc, stderr.String())
		}
		if got := stdout.String(); got != string(want) {
			t.Errorf("%v: output differs from %s\n--- got ---\n%s--- want ---\n%s", tc.args, tc.expected, got, want)
		}
		if stderr.Len() != 0 {
			t.Errorf("%v: unexpected stderr: %s", tc.args, stderr.String())
		}
	}
}

// TestUsage checks the exit code of a bad command line.
func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if rc := run(nil, &stdout, &stderr); rc != 2 {
		t.Errorf("no ROOT: exit %d, want 2", rc)
	}
	if rc := run([]string{"-vta-rounds", "0", "testdata/mod"}, &stdout, &stderr); rc != 2 {
		t.Errorf("-vta-rounds 0: exit %d, want 2", rc)
	}
	if rc := run([]string{"testdata/missing"}, &stdout, &stderr); rc != 2 {
		t.Errorf("missing ROOT: exit %d, want 2", rc)
	}
}
