// Pattern: native value-receiver methods (windows side), a value-receiver stub (IsHost returns false), windows-only methods.
package container

const (
	// DefaultNetworkMode is the network mode used when none is given.
	DefaultNetworkMode NetworkMode = "nat"
)

var (
	// validIsolations are the isolations accepted on this platform.
	validIsolations = []Isolation{IsolationDefault, IsolationProcess, IsolationHyperV}
)

// IsValid indicates if an isolation technology is valid.
func (i Isolation) IsValid() bool {
	for _, v := range validIsolations {
		if i == v {
			return true
		}
	}
	return false
}

// IsBridge indicates whether container uses the bridge network stack;
// on Windows it is called NAT.
func (n NetworkMode) IsBridge() bool {
	return n == "nat"
}

// IsHost indicates whether container uses the host network stack.
// returns false as this is not supported by windows
func (n NetworkMode) IsHost() bool {
	return false
}

// IsUserDefined indicates user-created network.
func (n NetworkMode) IsUserDefined() bool {
	return !n.IsDefault() && !n.IsNone() && !n.IsBridge() && !n.IsContainer()
}

// IsHyperV indicates the use of a Hyper-V partition for isolation.
func (i Isolation) IsHyperV() bool {
	return i == IsolationHyperV
}

// IsProcess indicates the use of process isolation.
func (i Isolation) IsProcess() bool {
	return i == IsolationProcess
}
