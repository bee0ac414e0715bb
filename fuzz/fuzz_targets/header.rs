//! A Go file's header: arbitrary bytes as a file, read with `read_header` and placed with
//! `place` under a few names on a few platforms.
//!
//! Checked: no panic; the bytes handed back are a prefix of the input (all of it when the
//! reader says it reached the end) and `Prefix::finish` completes them to the input; reading
//! through a reader that returns one byte at a time gives the same header; a placement builds
//! only where the name lets Go read the file, never with an error, and agrees with
//! `Header::should_build`.

#![no_main]

use std::io::{self, Read};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use winparity::gobuild::header::read_header;
use winparity::gobuild::{BuildContext, Platform, place};

const NAMES: &[&str] = &[
    "a.go",
    "a_linux.go",
    "a_windows_amd64_test.go",
    "a_unix.go",
    "a_darwin.pb.go",
    "_a.go",
];

fn contexts() -> &'static [BuildContext] {
    static CTXS: OnceLock<Vec<BuildContext>> = OnceLock::new();
    CTXS.get_or_init(|| {
        let ctx = |p: &str, cgo: bool, tags: &[&str], go: u32| {
            BuildContext::new(
                Platform::parse(p).unwrap(),
                cgo,
                tags.iter().map(|t| t.to_string()).collect(),
                go,
            )
        };
        vec![
            ctx("linux", true, &[], 26),
            ctx("windows", true, &[], 26),
            ctx("darwin/arm64", true, &[], 26),
            ctx("ios/arm64", false, &[], 26),
            ctx("android/arm64", false, &[], 26),
            ctx("illumos", false, &[], 26),
            ctx("linux/arm", false, &["integration", "windows"], 21),
        ]
    })
}

/// A reader that hands out one byte per call.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() || buf.is_empty() {
            return Ok(0);
        }
        buf[0] = self.0[0];
        self.0 = &self.0[1..];
        Ok(1)
    }
}

fuzz_target!(|data: &[u8]| {
    let (header, prefix) = read_header(&mut &data[..]);
    assert!(
        data.starts_with(&prefix.bytes),
        "prefix of {} bytes is not a prefix of the input",
        prefix.bytes.len()
    );
    if prefix.complete {
        assert_eq!(
            prefix.bytes.len(),
            data.len(),
            "complete prefix is not the whole input"
        );
    }
    let mut finished = winparity::gobuild::header::Prefix {
        bytes: prefix.bytes.clone(),
        complete: prefix.complete,
    };
    let mut rest = &data[prefix.bytes.len()..];
    finished.finish(&mut rest, Some(data.len() as u64)).unwrap();
    assert_eq!(finished.bytes, data);

    let (slow, slow_prefix) = read_header(&mut Trickle(data));
    assert_eq!(slow.constraint, header.constraint);
    assert_eq!(slow.error, header.error);
    assert_eq!(slow.package, header.package);
    assert_eq!(slow.imports, header.imports);
    assert!(data.starts_with(&slow_prefix.bytes));

    if header.error.is_some() {
        assert_eq!(
            header.constraint,
            winparity::gobuild::header::Constraint::None
        );
    }

    let ctxs = contexts();
    for name in NAMES {
        let p = place(name, &header, ctxs);
        assert_eq!(p.mask & !p.read_on, 0, "{name}: built where not read");
        if p.error.is_some() {
            assert_eq!(p.mask, 0, "{name}: built despite an error");
            assert_ne!(p.read_on, 0, "{name}: error where never read");
        }
        for (i, c) in ctxs.iter().enumerate() {
            let bit = 1u64 << i;
            if p.read_on & bit != 0 {
                assert_eq!(
                    p.mask & bit != 0,
                    header.should_build(c),
                    "{name} on {}",
                    c.platform
                );
            }
        }
    }
});
