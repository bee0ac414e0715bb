//go:build !windows

// Pattern: unix side of per-platform definitions: the full Container struct (fields windows lacks), native func/method/const/var, methods missing on windows.
package container

import (
	"os"
	"path/filepath"
	"strings"

	containertypes "example.com/dockerlike/api/types/container"
)

// DefaultStopTimeout is the timeout (in seconds) for the syscall signal used to stop a container.
const DefaultStopTimeout = 10

var (
	containerSecretMountPath = "/run/secrets"
)

// SecurityOptions holds the unix security settings (embedded in Container).
type SecurityOptions struct {
	NoNewPrivileges bool
}

// Container holds the fields specific to unixen implementations.
type Container struct {
	CommonContainer
	*SecurityOptions

	HostConfig                      *containertypes.HostConfig
	AppArmorProfile, SeccompProfile string
	HostnamePath                    string
	ShmPath                         string
}

// IpcMounts returns the list of IPC mounts.
func (container *Container) IpcMounts() []Mount {
	var mounts []Mount
	if container.ShmPath != "" {
		mounts = append(mounts, Mount{Source: container.ShmPath, Destination: "/dev/shm", Writable: true})
	}
	return mounts
}

// UnmountIpcMounts unmounts IPC related mounts.
func (container *Container) UnmountIpcMounts(unmount func(pth string) error) {
	if container.ShmPath != "" {
		_ = unmount(container.ShmPath)
	}
}

// TmpfsMounts returns the list of tmpfs mounts.
func (container *Container) TmpfsMounts() ([]Mount, error) {
	var mounts []Mount
	for _, b := range container.HostConfig.Binds {
		if strings.HasPrefix(b, "tmpfs:") {
			mounts = append(mounts, Mount{Destination: strings.TrimPrefix(b, "tmpfs:"), Writable: true})
		}
	}
	return mounts, nil
}

// SecretMounts returns the mounts for the secret path.
func (container *Container) SecretMounts() []Mount {
	return []Mount{{Source: filepath.Join(container.Root, "secrets"), Destination: containerSecretMountPath}}
}

// UpdateContainer updates the configuration of a container.
func (container *Container) UpdateContainer(hostConfig *containertypes.HostConfig) error {
	if hostConfig.Privileged && container.SecurityOptions != nil {
		container.NoNewPrivileges = false
	}
	container.HostConfig = hostConfig
	return nil
}

// BuildHostnameFile writes the container's hostname file.
func (container *Container) BuildHostnameFile() error {
	container.HostnamePath = filepath.Join(container.Root, "hostname")
	return os.WriteFile(container.HostnamePath, []byte(container.ID+"\n"), 0644)
}

// EnableServiceDiscoveryOnDefaultNetwork Enable service discovery on default network.
func (container *Container) EnableServiceDiscoveryOnDefaultNetwork() bool {
	return false
}

// ShmResourcePath returns the path of the container's /dev/shm (missing on windows).
func (container *Container) ShmResourcePath() (string, error) {
	return container.GetRootResourcePath("shm")
}

// cleanResourcePath cleans a resource path and prepares to combine with mnt path.
func cleanResourcePath(path string) string {
	return filepath.Join(string(os.PathSeparator), path)
}
