// fixture: name starts with _: never built
package x
