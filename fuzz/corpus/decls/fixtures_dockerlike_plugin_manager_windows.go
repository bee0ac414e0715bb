// Pattern: unsupported (the v17.06.0-ce plugin manager on Windows): fmt.Errorf("Not implemented") and fmt.Errorf("... %s", x); empty and nil stubs; the const flag `runningOnWindows bool = true`.
package plugin

import "fmt"

const runningOnWindows bool = true

func (pm *Manager) enable(p *Plugin, force bool) error {
	return fmt.Errorf("Not implemented")
}

func (pm *Manager) initSpec(p *Plugin) (*Spec, error) {
	return nil, fmt.Errorf("initSpec is not implemented for plugin %s", p.Name)
}

func (pm *Manager) disable(p *Plugin) error {
	return fmt.Errorf("Not implemented")
}

func (pm *Manager) restore(p *Plugin) error {
	return fmt.Errorf("Not implemented")
}

// Shutdown plugins
func (pm *Manager) Shutdown() {
}

func setupRoot(root string) error { return nil }
