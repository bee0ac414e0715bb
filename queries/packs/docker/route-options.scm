; winparity-query: entry-point
; kind: route
; name: OPTIONS @path
; needle: NewOptionsRoute
;
; An API route of moby: router.NewOptionsRoute("/path", r.handler, options…), in
; daemon/server/router (api/server/router before v29). The handler is the route's entry point.
(call_expression
  function: (selector_expression
    field: (field_identifier) @fn)
  arguments: (argument_list
    .
    (interpreted_string_literal) @path
    .
    (_) @handler)
  (#eq? @fn "NewOptionsRoute"))
