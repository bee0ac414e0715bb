//! Build-constraint expressions: arbitrary bytes as a `//go:build` expression, as a
//! `//go:build ` line and as a `// +build ` line.
//!
//! Checked: no panic (and no stack overflow); every expression that parses prints to a text
//! that parses back to the same expression, up to what Go's `String` itself loses:
//! associativity (`x && (y && z)` prints as `x && y && z`) and a negated negation (`!(!x)`
//! prints as `!!x`, which Go — and so winparity — refuses to parse). Printing is idempotent.

#![no_main]

use libfuzzer_sys::fuzz_target;
use winparity::gobuild::constraint::{Expr, ParseError, parse, parse_expr};

fuzz_target!(|data: &[u8]| {
    if let Ok(x) = parse_expr(data) {
        round_trip(&x, data);
    }

    let mut line = b"//go:build ".to_vec();
    line.extend_from_slice(data);
    match parse(&line) {
        Ok(x) => round_trip(&x, &line),
        Err(ParseError::TooComplex) => {
            panic!("//go:build line reported as a too complex +build line")
        }
        Err(ParseError::NotConstraint) => {
            // Only a newline inside the line (other than one at its end) makes it not a line.
            let body = line.strip_suffix(b"\n").unwrap_or(&line);
            assert!(
                body.contains(&b'\n'),
                "{:?} is not a //go:build line",
                lossy(&line)
            );
        }
        Err(ParseError::Syntax(e)) => assert!(e.offset <= line.len()),
    }

    let mut line = b"// +build ".to_vec();
    line.extend_from_slice(data);
    match parse(&line) {
        Ok(x) => {
            assert!(!has_double_not(&x), "+build made a double negation: {x:?}");
            round_trip(&x, &line);
        }
        Err(ParseError::Syntax(e)) => panic!("+build line gave a //go:build syntax error {e:?}"),
        Err(ParseError::TooComplex) | Err(ParseError::NotConstraint) => {}
    }
});

fn round_trip(x: &Expr, input: &[u8]) {
    let printed = x.to_string();
    let again = parse_expr(printed.as_bytes());
    if has_double_not(x) {
        // Go prints Not(Not(x)) as "!!x" and cannot read that back.
        let e = again.expect_err("a printed double negation parsed");
        assert_eq!(e.msg, "double negation not allowed", "{printed:?}");
        return;
    }
    let y = match again {
        Ok(y) => y,
        Err(e) => panic!(
            "input {:?} parsed to {x:?}, printed as {printed:?}, which does not parse: {e:?}",
            lossy(input)
        ),
    };
    assert_eq!(
        canon(x),
        canon(&y),
        "input {:?} printed as {printed:?} reads back differently",
        lossy(input)
    );
    assert_eq!(y.to_string(), printed, "printing is not idempotent");
    // Evaluation visits every tag, once each, in order.
    let mut seen = Vec::new();
    x.eval(&mut |t| {
        seen.push(t.to_string());
        false
    });
    let mut want = Vec::new();
    tags(x, &mut want);
    assert_eq!(seen, want);
}

/// The expression with nested `&&` and `||` chains flattened: equal up to associativity.
#[derive(Debug, PartialEq, Eq)]
enum Canon {
    Tag(String),
    Not(Box<Canon>),
    And(Vec<Canon>),
    Or(Vec<Canon>),
}

fn canon(x: &Expr) -> Canon {
    match x {
        Expr::Tag(t) => Canon::Tag(t.clone()),
        Expr::Not(y) => Canon::Not(Box::new(canon(y))),
        Expr::And(..) => {
            let mut v = Vec::new();
            flatten(x, true, &mut v);
            Canon::And(v)
        }
        Expr::Or(..) => {
            let mut v = Vec::new();
            flatten(x, false, &mut v);
            Canon::Or(v)
        }
    }
}

fn flatten(x: &Expr, and: bool, out: &mut Vec<Canon>) {
    match (x, and) {
        (Expr::And(a, b), true) | (Expr::Or(a, b), false) => {
            flatten(a, and, out);
            flatten(b, and, out);
        }
        _ => out.push(canon(x)),
    }
}

fn has_double_not(x: &Expr) -> bool {
    match x {
        Expr::Tag(_) => false,
        Expr::Not(y) => matches!(**y, Expr::Not(_)) || has_double_not(y),
        Expr::And(a, b) | Expr::Or(a, b) => has_double_not(a) || has_double_not(b),
    }
}

fn tags(x: &Expr, out: &mut Vec<String>) {
    match x {
        Expr::Tag(t) => out.push(t.clone()),
        Expr::Not(y) => tags(y, out),
        Expr::And(a, b) | Expr::Or(a, b) => {
            tags(a, out);
            tags(b, out);
        }
    }
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
