use std::collections::HashMap;
use winparity::facts::{self, guards::{Atoms, GuardQuery, GUARDS_SCM}};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read(&path).unwrap();
    let decls = facts::read_decls(&src, Some("runtime"));
    let mut flags = HashMap::new();
    flags.insert("isWindows".to_string(), (true, false));
    let spans = facts::guard_spans(&src, &decls, Some("runtime"), &flags);
    println!("spans {spans:?}");
    let q = GuardQuery::new(GUARDS_SCM).unwrap();
    let atoms = Atoms { runtime: Some("runtime"), flags: &flags, target_goos: "windows", reference_goos: "linux" };
    let (g, err) = facts::read_guards(&src, &q, &atoms, &spans);
    println!("{} guards, error {err}", g.len());
}
