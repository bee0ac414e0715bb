//! The file-name rule: `_GOOS`, `_GOARCH` and `_GOOS_GOARCH` suffixes.
//!
//! Follows `go/build.Context.goodOSArchFile`.

use super::{BuildContext, syslist};

/// The constraint a file name implies, independent of any platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameConstraint {
    /// No suffix that Go recognizes.
    None,
    /// `_GOOS` or `_GOARCH`: the tag must match.
    One(String),
    /// `_GOOS_GOARCH`: both must match.
    OsArch(String, String),
}

/// Reads the constraint implied by a file name (`foo_linux_amd64_test.go`).
pub fn name_constraint(name: &str) -> NameConstraint {
    // The stem is the name up to its first dot: foo_linux.pb.go → foo_linux.
    let stem = name.split('.').next().unwrap_or(name);
    // Everything before the first "_" is ignored, so linux.go is unconstrained.
    let Some(i) = stem.find('_') else {
        return NameConstraint::None;
    };
    let mut parts: Vec<&str> = stem[i..].split('_').collect();
    if parts.last() == Some(&"test") {
        parts.pop();
    }
    let n = parts.len();
    if n >= 2 && syslist::is_known_os(parts[n - 2]) && syslist::is_known_arch(parts[n - 1]) {
        return NameConstraint::OsArch(parts[n - 2].to_string(), parts[n - 1].to_string());
    }
    if n >= 1 && (syslist::is_known_os(parts[n - 1]) || syslist::is_known_arch(parts[n - 1])) {
        return NameConstraint::One(parts[n - 1].to_string());
    }
    NameConstraint::None
}

impl NameConstraint {
    /// Does the platform satisfy the name's constraint?
    pub fn matches(&self, ctx: &BuildContext) -> bool {
        match self {
            NameConstraint::None => true,
            NameConstraint::One(t) => ctx.match_tag(t),
            NameConstraint::OsArch(os, arch) => ctx.match_tag(arch) && ctx.match_tag(os),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gobuild::Platform;

    /// (file name, platform, built?)
    const CASES: &[(&str, &str, bool)] = &[
        ("foo_unix.go", "windows", true), // unix is not a known OS
        ("foo_linux.go", "windows", false),
        ("foo_linux.go", "linux", true),
        ("foo_linux_test.go", "windows", false),
        ("foo_linux_test.go", "linux", true),
        ("foo_linux.pb.go", "windows", false), // stem ends at the first dot
        ("foo.linux_amd64.go", "windows", true), // the suffix is after the first dot
        ("zz_generated_linux.deepcopy.go", "windows", false),
        ("linux.go", "windows", true), // nothing before an underscore
        ("windows.go", "linux", true),
        ("_windows.go", "linux", false), // the suffix counts; the leading _ is handled elsewhere
        ("linux_amd64.go", "linux/arm64", false), // amd64-only
        ("linux_amd64.go", "windows", true),
        ("x_amd64_linux.go", "windows", false), // last element is an OS: linux-only
        ("x_amd64_linux.go", "linux/arm64", true),
        ("x_windows_amd64.go", "windows", true),
        ("x_windows_amd64.go", "windows/arm64", false),
        ("x_windows_amd64.go", "linux", false),
        ("foo_Linux.go", "windows", true), // case-sensitive
        ("foo_android.go", "linux", false),
        ("foo_linux.go", "android/arm64", true), // android implies linux
        ("foo_solaris.go", "illumos", true),
        ("foo_illumos.go", "solaris", false),
        ("foo_darwin.go", "ios/arm64", true),
        ("foo_test_linux.go", "windows", false),
        ("foo_linux_test_test.go", "windows", true), // only one _test is dropped
        ("foo_test.go", "windows", true),
        ("foo_wasip1_wasm.go", "wasip1/wasm", true),
        ("foo_js_wasm.go", "linux", false),
        ("foo_arm64be.go", "linux/arm64", false),
        ("foo_beos.go", "windows", true), // unknown OS: no constraint
        ("a_b_c.go", "windows", true),
        ("foo__linux.go", "windows", false),
    ];

    #[test]
    fn file_names_follow_good_os_arch_file() {
        for (name, p, want) in CASES {
            let ctx = BuildContext::new(Platform::parse(p).unwrap(), true, vec![], 26);
            assert_eq!(name_constraint(name).matches(&ctx), *want, "{name} on {p}");
        }
    }

    #[test]
    fn tags_can_satisfy_a_file_name() {
        let ctx = BuildContext::new(
            Platform::parse("linux").unwrap(),
            true,
            vec!["windows".into()],
            26,
        );
        assert!(name_constraint("x_windows.go").matches(&ctx));
    }
}
