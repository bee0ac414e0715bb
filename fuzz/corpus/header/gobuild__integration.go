// fixture: --tags integration
//go:build integration

package x
