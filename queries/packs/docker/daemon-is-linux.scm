; winparity-query: skip-test
; platforms: !linux
; message: "requires a Linux daemon (testRequires DaemonIsLinux)"
; needle: DaemonIsLinux
;
; moby's integration-cli: testRequires(c, DaemonIsLinux) skips the test unless the daemon
; runs Linux. The requirement may stand anywhere in the list:
; testRequires(c, testEnv.IsLocalDaemon, DaemonIsLinux).
(call_expression
  function: (identifier) @fn
  arguments: (argument_list
    (identifier) @req)
  (#eq? @fn "testRequires")
  (#eq? @req "DaemonIsLinux")) @condition
