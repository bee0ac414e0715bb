; winparity-query: entry-point
; kind: route
; name: @fn @path
; map: @fn NewGetRoute=GET NewPostRoute=POST NewPutRoute=PUT NewDeleteRoute=DELETE NewHeadRoute=HEAD NewOptionsRoute=OPTIONS
; needle: NewGetRoute
; needle: NewPostRoute
; needle: NewPutRoute
; needle: NewDeleteRoute
; needle: NewHeadRoute
; needle: NewOptionsRoute
;
; An API route of moby: router.NewGetRoute("/path", r.handler, options…) and its Post, Put,
; Delete, Head and Options siblings, in daemon/server/router (api/server/router before v29).
; The handler is the route's entry point; the name is the method and the path.
(call_expression
  function: (selector_expression
    field: (field_identifier) @fn)
  arguments: (argument_list
    .
    (interpreted_string_literal) @path
    .
    (_) @handler)
  (#match? @fn "^New(Get|Post|Put|Delete|Head|Options)Route$"))
