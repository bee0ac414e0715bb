// fixture: second //go:build after the package clause is not counted
//go:build linux

package x

//go:build windows
