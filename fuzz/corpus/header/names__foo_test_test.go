// fixture: only one _test is dropped
package x
