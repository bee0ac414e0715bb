// fixture: tag with '-' becomes ignore
// +build linux-foo

package x
