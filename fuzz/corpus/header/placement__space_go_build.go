// fixture: // go:build (space) is not a //go:build line
// go:build linux

package x
