// fixture: malformed //go:build in a _linux file
//go:build !!linux

package x
