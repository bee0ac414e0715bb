; winparity-query: skip-test
; platforms: !windows
; message: "requires a Windows daemon (testRequires DaemonIsWindows)"
; needle: DaemonIsWindows
;
; testRequires(c, DaemonIsWindows): the test runs only against a Windows daemon.
(call_expression
  function: (identifier) @fn
  arguments: (argument_list
    (identifier) @req)
  (#eq? @fn "testRequires")
  (#eq? @req "DaemonIsWindows")) @condition
