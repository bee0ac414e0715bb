// Pattern: portable shared types and value-receiver methods; grouped `type (...)` and `const (...)` with blank `_` specs.
package container

import "strings"

type (
	// NetworkMode represents the container network stack.
	NetworkMode string

	// Isolation represents the isolation technology of a container.
	Isolation string

	// HostConfig is the part of a container's configuration that depends on the host.
	HostConfig struct {
		NetworkMode NetworkMode
		Isolation   Isolation
		Privileged  bool
		Binds       []string
	}

	_ struct{}
)

const (
	// IsolationDefault is the daemon's default isolation.
	IsolationDefault Isolation = "default"
	// IsolationProcess is process isolation.
	IsolationProcess Isolation = "process"
	// IsolationHyperV is Hyper-V isolation.
	IsolationHyperV Isolation = "hyperv"
	_                         = "unused"
)

// IsDefault indicates whether container uses the default network stack.
func (n NetworkMode) IsDefault() bool {
	return n == "default"
}

// IsNone indicates whether container isn't using a network stack.
func (n NetworkMode) IsNone() bool {
	return n == "none"
}

// IsContainer indicates whether container uses a container network stack.
func (n NetworkMode) IsContainer() bool {
	parts := strings.SplitN(string(n), ":", 2)
	return len(parts) > 1 && parts[0] == "container"
}

// IsDefault indicates the default isolation technology of a container.
func (i Isolation) IsDefault() bool {
	return strings.ToLower(string(i)) == "default" || string(i) == ""
}
