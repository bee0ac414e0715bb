// fixture: several // +build lines are ANDed
// +build linux darwin
// +build amd64

package x
