//go:build windows

// Pattern: windows-only — a whole hcsshim-like package behind `//go:build windows`.
package hcsshim

import (
	"errors"
	"syscall"
)

// ContainerConfig describes a compute system.
type ContainerConfig struct {
	SystemType  string
	Name        string
	HvPartition bool
}

// ErrTimeout is returned when a compute system operation times out.
var ErrTimeout = errors.New("hcsshim: timeout waiting for notification")

// Container is a handle to a compute system.
type Container struct {
	handle syscall.Handle
	id     string
}

// CreateContainer creates a compute system.
func CreateContainer(id string, c *ContainerConfig) (*Container, error) {
	if c == nil {
		return nil, errors.New("hcsshim: nil config")
	}
	return &Container{id: id}, nil
}

// Terminate terminates the compute system.
func (c *Container) Terminate() error {
	if c.handle == 0 {
		return ErrTimeout
	}
	return nil
}
