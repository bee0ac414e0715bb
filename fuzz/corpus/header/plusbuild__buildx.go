// fixture: // +buildx is not a +build line
// +buildx linux

package x
