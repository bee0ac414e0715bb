// Pattern: unsupported — errors.New, log-then-errors.New, a local newErrNotImplemented(...), errdefs.ErrNotImplemented; a comment+nil stub; a windows-only helper.
package libcontainerd

import (
	"errors"
	"fmt"

	"example.com/dockerlike/errdefs"
	"github.com/sirupsen/logrus"
)

// Resources is empty on Windows: updating resources is not supported.
type Resources struct{}

func newErrNotImplemented(op string) error {
	return fmt.Errorf("%s is not implemented on Windows", op)
}

func (clnt *client) CreateCheckpoint(containerID string, checkpointID string, checkpointDir string, exit bool) error {
	return errors.New("Windows: Containers do not support checkpoints")
}

func (clnt *client) DeleteCheckpoint(containerID string, checkpointID string, checkpointDir string) error {
	logrus.WithField("container", containerID).Warn("DeleteCheckpoint called on Windows")
	return errors.New("Windows: Containers do not support checkpoints")
}

func (clnt *client) ListCheckpoints(containerID string, checkpointDir string) (*Checkpoints, error) {
	return nil, errors.New("Windows: Containers do not support checkpoints")
}

func (clnt *client) UpdateResources(containerID string, resources Resources) error {
	// Updating resource isn't supported on Windows
	// but we should return nil for enabling updating container
	return nil
}

func (clnt *client) GetPidsForContainer(containerID string) ([]int, error) {
	// Not implemented on Windows.
	return nil, errors.New("GetPidsForContainer: GetPidsForContainer() not implemented")
}

func (clnt *client) Restore(containerID string) error {
	return newErrNotImplemented("restore")
}

func (clnt *client) SignalProcess(containerID string, processID string, sig int) error {
	return errdefs.ErrNotImplemented
}

func (clnt *client) Stats(containerID string) (*Stats, error) {
	clnt.Lock()
	defer clnt.Unlock()
	if _, ok := clnt.containers[containerID]; !ok {
		return nil, fmt.Errorf("no such container: %s", containerID)
	}
	return &Stats{}, nil
}
