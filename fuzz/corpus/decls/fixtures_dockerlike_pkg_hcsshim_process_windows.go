// Pattern: windows-only — a `_windows.go` file of the windows-only package, with a value-receiver method.
package hcsshim

// Process is a process running in a compute system.
type Process struct {
	Pid int
}

// ID returns the process's id.
func (p Process) ID() int {
	return p.Pid
}
