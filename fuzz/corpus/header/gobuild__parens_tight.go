// fixture: parentheses without spaces
//go:build (linux||windows)&&!cgo

package x
