// fixture: _darwin: darwin and ios
package x
