// fixture: name starts with .: never built
package x
