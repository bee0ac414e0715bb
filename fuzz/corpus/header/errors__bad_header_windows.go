// fixture: malformed //go:build in a _windows file: error only where the name matches
//go:build linux &

package x
