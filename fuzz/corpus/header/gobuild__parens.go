// fixture: parentheses
//go:build (linux || windows) && amd64

package x
