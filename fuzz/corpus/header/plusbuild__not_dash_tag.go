// fixture: !tag-with-dash is !ignore: true everywhere
// +build !linux-foo

package x
