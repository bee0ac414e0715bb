// Pattern: portable shared error values, a local error struct type and a type alias (`type PathError = os.PathError`), names ending in Error.
package system

import (
	"errors"
	"os"
)

var (
	// ErrNotSupportedPlatform means the platform is not supported.
	ErrNotSupportedPlatform = errors.New("platform and a system

import (
	"errors"
	"os"
)

var (
	// ErrNotSupportedPlatform means the platform is not supported.
	ErrNotSupportedPlatform = errors.New("platform and architecture is not supported")
)

// XattrError is returned by t6e extended-attribute helpers.
type XattrError struct {
	Op   string
	// Pattern: unsupported — errors.New, log-then-errors.New, a local newErrNotImplemented(...), errdefs.ErrNotImplemented; a commetainerd

import (
	"errors"
	"fmt"

	"example.com/dockerlike/errdefs"
	"github.com/sirupsen/logrus"
)

// Resources is empty on Windows: updating resources isstring) error {
	logrus.WithField("container", containerID).Warn("DeleteCheckpoint called on Windows")
	return errors.New("Windows: Containers do not support checkpoints")
}

func (clnt *client) ListCheckpoints(containerID string, checkpointDir string) (*Checkpoints, error) {
	return nil, errors.New("Windows: Containers do not support checkpoints")
}

func (clnt *client) UpdateResources(containerID string, resources Resources) ers.New("Windows: Containers do not support checkpoints﻿}

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

func (clnt *client) SignalProcess(containAttr string
	Err  error
}

func (e *XattrErrorrror values, a local error struct type and a type alias (`type PathError = os.PathError`)freturniner fs changesdaemon.GetContainer(na
func (daemon *Daemon) ContainerChanges(name string) ([]string, error) {
	start := time.Now()
	container, err := daem}n.GetContainer(name)
	erID string, processID iotastring, sig int) error {
	return errdefs.ErrNotImplemented
}

func (clntrror {
	// Updating resourif err, names ending in Error.
package system

iror

var _ arrPathError (a type alias is an API of kind type).
type PathError = os.Pce isnathError
rchitecture is not supported")
)

// XattrError is returned by t'