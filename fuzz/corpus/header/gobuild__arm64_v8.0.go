// fixture: tool tag arm64.v8.0
//go:build arm64.v8.0

package x
