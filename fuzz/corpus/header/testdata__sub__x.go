// fixture: file in testdata/sub/
//go:build windows

package x
