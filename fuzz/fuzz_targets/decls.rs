//! A Go file's declarations: arbitrary bytes as a file, read with `read_decls` from the full
//! token stream and from the folded one (`tokenize_top`: each top-level `{…}` one token, bodies
//! tokenized only as far as their shape needs).
//!
//! Checked: no panic; both streams give the same declarations (names, lines, spans, body kinds
//! and messages, fields, flags), with and without a runtime import; every span lies inside the
//! input, and a body span inside its declaration.

#![no_main]

use libfuzzer_sys::fuzz_target;
use winparity::facts::decls::read_decls;
use winparity::facts::lexer::{tokenize, tokenize_top};

fuzz_target!(|data: &[u8]| {
    let (mut full, mut top) = (Vec::new(), Vec::new());
    tokenize(data, &mut full);
    tokenize_top(data, &mut top);
    for runtime in [Some("runtime"), None] {
        let decls = read_decls(data, &full, runtime);
        assert_eq!(read_decls(data, &top, runtime), decls);
        for d in &decls {
            assert!(d.start <= d.end && d.end as usize <= data.len());
            assert!(d.outer.0 <= d.start && d.end <= d.outer.1);
            if let Some((a, b)) = d.body_span {
                assert!(d.start <= a && a <= b && b <= d.end);
            }
        }
    }
});
