// Pattern: windows side: a Container struct lacking the unix fields, stubs (IpcMounts, UnmountIpcMounts, BuildHostnameFile, comment+logrus stub), native real bodies, windows-only funcs.
package container

import (
	"path/filepath"
	"strings"

	containertypes "example.com/dockerlike/api/types/container"
	"github.com/sirupsen/logrus"
)

// DefaultStopTimeout is the timeout (in seconds) for the shutdown call on a container.
const DefaultStopTimeout = 30

var (
	containerSecretMountPath = `C:\ProgramData\Docker\secrets`
)

// Container holds fields specific to the Windows implementation. See
// CommonContainer for standard fields common to all containers.
type Container struct {
	CommonContainer

	NetworkSharedContainerID string
}

// IpcMounts returns the list of Ipc related mounts.
func (container *Container) IpcMounts() []Mount {
	return nil
}

// UnmountIpcMounts unmounts Ipc related mounts.
// This is a NOOP on windows.
func (container *Container) UnmountIpcMounts(unmount func(pth string) error) {
}

// TmpfsMounts returns the list of tmpfs mounts.
func (container *Container) TmpfsMounts() ([]Mount, error) {
	var mounts []Mount
	return mounts, nil
}

// SecretMounts returns the mounts for the secret path.
func (container *Container) SecretMounts() []Mount {
	return []Mount{{Source: filepath.Join(container.Root, "secrets"), Destination: containerSecretMountPath}}
}

// UpdateContainer updates the configuration of a container.
func (container *Container) UpdateContainer(hostConfig *containertypes.HostConfig) error {
	// Updating resources isn't supported on Windows,
	// but we return nil so that `docker update` keeps working.
	logrus.Debugf("UpdateContainer: ignoring resource update for %s on Windows", container.ID)
	return nil
}

// BuildHostnameFile writes the container's hostname file.
func (container *Container) BuildHostnameFile() error {
	return nil
}

// EnableServiceDiscoveryOnDefaultNetwork Enable service discovery on default network.
func (container *Container) EnableServiceDiscoveryOnDefaultNetwork() bool {
	return true
}

// cleanResourcePath cleans a resource path by removing C:\ syntax, and prepares
// to combine with a volume path.
func cleanResourcePath(path string) string {
	if len(path) >= 2 && path[1] == ':' && strings.EqualFold(path[:1], "c") {
		path = path[2:]
	}
	return filepath.Join(string(filepath.Separator), path)
}

// NetworkSharedContainer returns the ID of the container whose network this one shares (windows-only).
func (container *Container) NetworkSharedContainer() string {
	return container.NetworkSharedContainerID
}
