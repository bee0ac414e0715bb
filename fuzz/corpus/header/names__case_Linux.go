// fixture: suffixes are case-sensitive
package x
