// Pattern: a fake local `skip` package (gotest.tools style) used as `skip.If(t, COND, "reason")` in tests.
package skip

import "testing"

// If skips the test when condition is true.
func If(t testing.TB, condition bool, msgAndArgs ...interface{}) {
	t.Helper()
	if condition {
		t.Skip(msgAndArgs...)
	}
}
