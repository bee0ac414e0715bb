; winparity — the comments of a file's header (the bytes before the package clause), where
; build constraints stand. Used by `winparity debug header`, which shows what this query sees
; beside what Go's line rules decide: the rules decide, the query shows.
(comment) @comment
