// Package daemon implements router.Backend.
package daemon

import (
	"example.com/cgtest/router"
	"example.com/cgtest/util"
	"example.com/lib"
)

// Daemon is the implementation the router reaches.
type Daemon struct{}

// Changes implements router.Backend.
func (d *Daemon) Changes(name string) int {
	return util.Max(len(name), 1)
}

// Other is never stored in a Backend: VTA (unlike CHA) does not call it.
type Other struct{}

// Changes has Backend's method but no Other flows to a Backend.
func (Other) Changes(name string) int { return 0 }

// Run wires the router to a Daemon.
func Run() int {
	r := router.NewRouter(&Daemon{})
	return r.Handle("x")
}

// Wrapped promotes the method of an embedded interface.
type Wrapped struct {
	router.Backend
}

// Promoted calls through the promoted-method wrapper (Wrapped).Changes.
func Promoted() int {
	w := Wrapped{&Daemon{}}
	return w.Changes("w")
}

// MethodValue calls a method value locally (SSA sees the callee) and
// through a parameter (only VTA does).
func MethodValue(d *Daemon) int {
	g := d.Changes
	return g("y") + apply(d.Changes)
}

// FuncValue calls a generic function through a function value.
func FuncValue() int {
	defer helper()
	return applyInts(util.Max[int])
}

func apply(f func(string) int) int {
	return f("z")
}

func applyInts(f func(int, int) int) int {
	return f(1, 2)
}

func helper() {
	lib.Clamp(3)
}

func init() {
	helper()
}
