// Pattern: linux side with real bodies; a per-platform Resources struct with fields windows lacks.
package libcontainerd

import (
	"fmt"
	"os"
	"path/filepath"
)

// Resources are the updatable resources of a linux container.
type Resources struct {
	CPUShares   int64
	BlkioWeight uint16
	MemoryLimit int64
}

func (clnt *client) CreateCheckpoint(containerID string, checkpointID string, checkpointDir string, exit bool) error {
	return os.MkdirAll(filepath.Join(checkpointDir, containerID, checkpointID), 0700)
}

func (clnt *client) DeleteCheckpoint(containerID string, checkpointID string, checkpointDir string) error {
	return os.RemoveAll(filepath.Join(checkpointDir, containerID, checkpointID))
}

func (clnt *client) ListCheckpoints(containerID string, checkpointDir string) (*Checkpoints, error) {
	entries, err := os.ReadDir(filepath.Join(checkpointDir, containerID))
	if err != nil {
		return nil, err
	}
	cp := &Checkpoints{}
	for _, e := range entries {
		cp.Checkpoints = append(cp.Checkpoints, e.Name())
	}
	return cp, nil
}

func (clnt *client) UpdateResources(containerID string, resources Resources) error {
	if resources.CPUShares < 0 {
		return fmt.Errorf("invalid cpu shares %d for %s", resources.CPUShares, containerID)
	}
	return nil
}

func (clnt *client) GetPidsForContainer(containerID string) ([]int, error) {
	clnt.Lock()
	defer clnt.Unlock()
	return []int{clnt.containers[containerID]}, nil
}

func (clnt *client) Restore(containerID string) error {
	clnt.containers[containerID] = 0
	return nil
}

func (clnt *client) SignalProcess(containerID string, processID string, sig int) error {
	return fmt.Errorf("signal %d to %s/%s: no such process", sig, containerID, processID)
}

func (clnt *client) Stats(containerID string) (*Stats, error) {
	return &Stats{CPU: uint64(clnt.containers[containerID])}, nil
}
