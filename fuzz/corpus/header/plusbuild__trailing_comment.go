// fixture: trailing '// comment': fields //, comment become ignore, ORed
// +build linux // comment

package x
