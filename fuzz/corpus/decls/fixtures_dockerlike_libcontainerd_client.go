// Pattern: portable shared types and methods of the libcontainerd client.
package libcontainerd

import "sync"

// client talks to the container runtime.
type client struct {
	sync.Mutex
	backend    string
	containers map[string]int
}

// Checkpoints contains the details of checkpoints.
type Checkpoints struct {
	Checkpoints []string
}

// Stats holds the stats of a container.
type Stats struct {
	CPU    uint64
	Memory uint64
}

// GetServerVersion returns the runtime's version (portable).
func (clnt *client) GetServerVersion() string {
	clnt.Lock()
	defer clnt.Unlock()
	return clnt.backend
}
