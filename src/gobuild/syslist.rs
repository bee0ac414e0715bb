//! Go's lists of operating systems and architectures, and the tags the toolchain sets.
//!
//! Follows `internal/syslist/syslist.go` (KnownOS, UnixOS, KnownArch) and, for the tool tags,
//! `internal/buildcfg/cfg.go` (`gogoarchTags`) and `internal/buildcfg/exp.go` (the default
//! GOEXPERIMENT baseline) of Go 1.26. The golden tests compare `tool_tags` with what the go
//! command itself reports for each platform.

/// Operating systems Go knows as file-name suffixes and tags.
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// Operating systems that satisfy the `unix` build tag.
pub const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// Architectures Go knows as file-name suffixes and tags.
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// Implied operating systems: GOOS `.0` also satisfies the tag `.1` (never the reverse).
pub const IMPLIED_OS: &[(&str, &str)] = &[
    ("android", "linux"),
    ("illumos", "solaris"),
    ("ios", "darwin"),
];

/// The newest Go release winparity knows; its `go1.N` release tags hold by default.
pub const NEWEST_GO_MINOR: u32 = 26;

/// Reports whether `s` is a known GOOS.
pub fn is_known_os(s: &str) -> bool {
    KNOWN_OS.contains(&s)
}

/// Reports whether `s` is a known GOARCH.
pub fn is_known_arch(s: &str) -> bool {
    KNOWN_ARCH.contains(&s)
}

/// Reports whether GOOS `goos` satisfies the `unix` tag.
pub fn is_unix(goos: &str) -> bool {
    UNIX_OS.contains(&goos)
}

/// The tool tags the go command sets for GOOS/GOARCH with the default GOAMD64, GOARM, …
/// settings and the default experiments of Go 1.26.
pub fn tool_tags(goos: &str, goarch: &str) -> Vec<String> {
    let mut tags = Vec::new();
    // Experiments, in the order of goexperiment.Flags' fields.
    let regabi = matches!(
        goarch,
        "amd64" | "arm64" | "loong64" | "ppc64le" | "ppc64" | "riscv64" | "s390x"
    );
    if regabi {
        tags.push("goexperiment.regabiwrappers".to_string());
        tags.push("goexperiment.regabiargs".to_string());
    }
    if !matches!(goos, "darwin" | "ios" | "aix") {
        tags.push("goexperiment.dwarf5".to_string());
    }
    tags.push("goexperiment.greenteagc".to_string());
    tags.push("goexperiment.randomizedheapbase64".to_string());
    // Architecture levels (gogoarchTags) with the default GO386, GOAMD64, … values.
    let arch: &[&str] = match goarch {
        "386" => &["386.sse2"],
        "amd64" => &["amd64.v1"],
        "arm" => &["arm.5", "arm.6", "arm.7"],
        "arm64" => &["arm64.v8.0"],
        "mips" | "mipsle" => &["hardfloat"],
        "mips64" | "mips64le" => &["hardfloat"],
        "ppc64" | "ppc64le" => &["power8"],
        "riscv64" => &["riscv64.rva20u64"],
        "wasm" => &["wasm.satconv", "wasm.signext"],
        _ => &[],
    };
    for a in arch {
        let tag = match goarch {
            "mips" | "mipsle" | "mips64" | "mips64le" | "ppc64" | "ppc64le" => {
                format!("{goarch}.{a}")
            }
            _ => a.to_string(),
        };
        tags.push(tag);
    }
    tags
}
