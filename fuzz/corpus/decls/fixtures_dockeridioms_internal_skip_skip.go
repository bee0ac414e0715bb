// Package skip is a stand-in for gotest.tools/v3/skip.
package skip

import "testing"

// If skips the test when condition is true.
func If(t *testing.T, condition bool, msgAndArgs ...interface{}) {
	if condition {
		t.Skip(msgAndArgs...)
	}
}
