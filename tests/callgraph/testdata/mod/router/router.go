// Package router calls its backend through an interface, as moby's routers do.
package router

// Backend is what the router needs from the daemon.
type Backend interface {
	Changes(name string) int
}

type containerRouter struct {
	backend Backend
}

// NewRouter returns a router over b.
func NewRouter(b Backend) *containerRouter {
	return &containerRouter{backend: b}
}

func (r *containerRouter) getChanges(name string) int {
	return r.backend.Changes(name)
}

// Handle calls getChanges from a closure it calls, a closure it passes
// on, a go and a defer statement.
func (r *containerRouter) Handle(name string) int {
	f := func() int {
		return r.getChanges(name)
	}
	each(func() {
		r.getChanges(name)
	})
	go r.getChanges(name)
	defer r.
		getChanges(name)
	return f()
}

// each calls f; the static graph does not reach the closures passed to it.
func each(f func()) {
	f()
}
