// Package rounds is where a second VTA round is more precise than the first.
// With CHA's graph as the initial one, g.Get() may call A.Get or B.Get, so
// what both return flows into e; the first round finds that only an A flows
// into g, and the second round, on that graph, sends e.Error() to errA only.
package rounds

type getter interface{ Get() error }

type errA struct{}

func (errA) Error() string { return "a" }

type errB struct{}

func (errB) Error() string { return "b" }

type A struct{}

func (A) Get() error { return errA{} }

type B struct{}

func (B) Get() error { return errB{} }

func OnlyA() string {
	var g getter = A{}
	e := g.Get()
	return e.Error()
}
