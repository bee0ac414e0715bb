; winparity-query: flag
; platforms: windows
; needle: IsWindows
;
; testEnv.IsWindows(), and a DaemonIsWindows() call, are true only against a Windows daemon.
(call_expression
  function: (selector_expression
    operand: (identifier) @env
    field: (field_identifier) @fn)
  (#eq? @env "testEnv")
  (#eq? @fn "IsWindows")) @flag

(call_expression
  function: (identifier) @fn
  (#eq? @fn "DaemonIsWindows")) @flag
