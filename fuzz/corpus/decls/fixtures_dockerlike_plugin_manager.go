// Pattern: a const platform flag (`runningOnWindows`, declared per platform) guarding a shared method; portable shared types.
package plugin

import (
	"errors"
	"fmt"
)

// Plugin is an installed plugin.
type Plugin struct {
	Name    string
	Enabled bool
}

// Spec is a plugin's runtime specification.
type Spec struct {
	Args []string
}

// Manager controls the plugin subsystem.
type Manager struct {
	root    string
	plugins map[string]*Plugin
}

// Enable activates a plugin; a forced enable is refused on Windows.
func (pm *Manager) Enable(name string, force bool) error {
	p, ok := pm.plugins[name]
	if !ok {
		return fmt.Errorf("plugin %q not found", name)
	}
	if runningOnWindows && force {
		return errors.New("forced enable of plugins is not supported on Windows")
	}
	return pm.enable(p, force)
}

// Disable deactivates a plugin (portable, real).
func (pm *Manager) Disable(name string) error {
	p, ok := pm.plugins[name]
	if !ok {
		return fmt.Errorf("plugin %q not found", name)
	}
	return pm.disable(p)
}
