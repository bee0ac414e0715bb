//go:build !windows

// Pattern: unix side: real plugin manager bodies and the const flag `runningOnWindows = false` (no type).
package plugin

import (
	"os"
	"path/filepath"
)

const runningOnWindows = false

func (pm *Manager) enable(p *Plugin, force bool) error {
	if p.Enabled && !force {
		return nil
	}
	p.Enabled = true
	return os.MkdirAll(filepath.Join(pm.root, p.Name), 0700)
}

func (pm *Manager) initSpec(p *Plugin) (*Spec, error) {
	return &Spec{Args: []string{filepath.Join(pm.root, p.Name, "rootfs")}}, nil
}

func (pm *Manager) disable(p *Plugin) error {
	p.Enabled = false
	return nil
}

func (pm *Manager) restore(p *Plugin) error {
	return pm.enable(p, true)
}

// Shutdown stops all plugins and called during daemon shutdown.
func (pm *Manager) Shutdown() {
	for _, p := range pm.plugins {
		p.Enabled = false
	}
}

func setupRoot(root string) error {
	return os.MkdirAll(root, 0700)
}
