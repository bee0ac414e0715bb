//go:build !windows

// Pattern: native value-receiver methods and a native grouped const/var (unix side); IsHost has a real body here.
package container

const (
	// DefaultNetworkMode is the network mode used when none is given.
	DefaultNetworkMode NetworkMode = "bridge"
)

var (
	// validIsolations are the isolations accepted on this platform.
	validIsolations = []Isolation{IsolationDefault}
)

// IsValid indicates if an isolation technology is valid.
func (i Isolation) IsValid() bool {
	return i.IsDefault()
}

// IsBridge indicates whether container uses the bridge network stack.
func (n NetworkMode) IsBridge() bool {
	return n == "bridge"
}

// IsHost indicates whether container uses the host network stack.
func (n NetworkMode) IsHost() bool {
	return n == "host"
}

// IsUserDefined indicates user-created network.
func (n NetworkMode) IsUserDefined() bool {
	return !n.IsDefault() && !n.IsBridge() && !n.IsHost() && !n.IsNone() && !n.IsContainer()
}
