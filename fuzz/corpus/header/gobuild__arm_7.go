// fixture: tool tag arm.7 (default GOARM)
//go:build arm.7

package x
