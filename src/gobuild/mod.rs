//! Which `.go` files the Go toolchain builds for a platform — `go/build`'s answer, exactly.
//!
//! A file is placed on platforms from its name ([`filename`]) and the constraint lines of its
//! header ([`header`], [`constraint`]). Nothing here reads more of a file than Go's own header
//! reader does.

pub mod constraint;
pub mod filename;
pub mod header;
pub mod syslist;
pub mod tagchars;

use std::fmt;

/// One platform a tree is evaluated for, as given to `--platforms` (`linux`, `linux/arm64`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Platform {
    /// GOOS, e.g. `linux`.
    pub goos: String,
    /// GOARCH, e.g. `amd64`.
    pub goarch: String,
    /// The name the user gave: a bare GOOS when the architecture was left to its default.
    pub name: String,
}

/// A platform name Go does not know (syslist.rs holds the names Go knows).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlatformError {
    /// Its GOOS.
    #[error("unknown GOOS {goos:?} in platform {platform:?}")]
    UnknownGoos {
        /// The GOOS.
        goos: String,
        /// The name given.
        platform: String,
    },
    /// Its GOARCH.
    #[error("unknown GOARCH {goarch:?} in platform {platform:?}")]
    UnknownGoarch {
        /// The GOARCH.
        goarch: String,
        /// The name given.
        platform: String,
    },
}

impl Platform {
    /// Parses `GOOS` or `GOOS/GOARCH`; a bare GOOS means amd64.
    pub fn parse(s: &str) -> Result<Platform, PlatformError> {
        let (goos, goarch) = match s.split_once('/') {
            Some((os, arch)) => (os, arch),
            None => (s, "amd64"),
        };
        if !syslist::is_known_os(goos) {
            return Err(PlatformError::UnknownGoos {
                goos: goos.to_string(),
                platform: s.to_string(),
            });
        }
        if !syslist::is_known_arch(goarch) {
            return Err(PlatformError::UnknownGoarch {
                goarch: goarch.to_string(),
                platform: s.to_string(),
            });
        }
        Ok(Platform {
            goos: goos.to_string(),
            goarch: goarch.to_string(),
            name: s.to_string(),
        })
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// The build configuration of one platform: what `go/build.Context` holds for `matchTag`.
#[derive(Clone, Debug)]
pub struct BuildContext {
    /// The platform.
    pub platform: Platform,
    /// Whether cgo is enabled (the `cgo` tag).
    pub cgo: bool,
    /// Tags given with `--tags`.
    pub build_tags: Vec<String>,
    /// Tool tags (`goexperiment.*`, `amd64.v1`, …) the go command sets for the platform.
    pub tool_tags: Vec<String>,
    /// The Go minor release whose `go1.1` … `go1.N` tags hold.
    pub go_minor: u32,
}

impl BuildContext {
    /// A context for `platform` as the go command would set it up.
    pub fn new(
        platform: Platform,
        cgo: bool,
        build_tags: Vec<String>,
        go_minor: u32,
    ) -> BuildContext {
        let tool_tags = syslist::tool_tags(&platform.goos, &platform.goarch);
        BuildContext {
            platform,
            cgo,
            build_tags,
            tool_tags,
            go_minor,
        }
    }

    /// Go's `Context.matchTag`: does this configuration satisfy the tag?
    pub fn match_tag(&self, name: &str) -> bool {
        let (goos, goarch) = (self.platform.goos.as_str(), self.platform.goarch.as_str());
        if self.cgo && name == "cgo" {
            return true;
        }
        if name == goos || name == goarch || name == "gc" {
            return true;
        }
        if syslist::IMPLIED_OS
            .iter()
            .any(|&(os, implied)| goos == os && name == implied)
        {
            return true;
        }
        if name == "unix" && syslist::is_unix(goos) {
            return true;
        }
        // boringcrypto is an old name for goexperiment.boringcrypto.
        let name = if name == "boringcrypto" {
            "goexperiment.boringcrypto"
        } else {
            name
        };
        self.build_tags.iter().any(|t| t == name)
            || self.tool_tags.iter().any(|t| t == name)
            || is_release_tag(name, self.go_minor)
    }
}

/// Where a file builds: bit i of `mask` set when it builds on `ctxs[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The platforms it builds on.
    pub mask: u64,
    /// The platforms where Go reads the file (its name allows them); an error applies there.
    pub read_on: u64,
    /// Why Go's `MatchFile` fails on it (reported only where its name lets Go read it).
    pub error: Option<String>,
}

/// Go's `Context.MatchFile` for each context: the file name's rule, then the header's.
/// A file with a header error builds nowhere.
pub fn place(name: &str, header: &header::Header, ctxs: &[BuildContext]) -> Placement {
    // Names starting with _ or . are ignored before anything is read.
    if name.starts_with('_') || name.starts_with('.') {
        return Placement {
            mask: 0,
            read_on: 0,
            error: None,
        };
    }
    let by_name = filename::name_constraint(name);
    let name_mask = ctxs
        .iter()
        .enumerate()
        .filter(|(_, c)| by_name.matches(c))
        .fold(0u64, |m, (i, _)| m | 1 << i);
    if let Some(e) = &header.error {
        return Placement {
            mask: 0,
            read_on: name_mask,
            error: (name_mask != 0).then(|| e.clone()),
        };
    }
    let mask = ctxs
        .iter()
        .enumerate()
        .filter(|(i, c)| name_mask & (1 << i) != 0 && header.should_build(c))
        .fold(0u64, |m, (i, _)| m | 1 << i);
    Placement {
        mask,
        read_on: name_mask,
        error: None,
    }
}

/// `go1.N` with 1 ≤ N ≤ minor (written exactly so: `go1.05` is not a release tag).
fn is_release_tag(name: &str, minor: u32) -> bool {
    let Some(n) = name.strip_prefix("go1.") else {
        return false;
    };
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || (n.len() > 1 && n.starts_with('0'))
    {
        return false;
    }
    matches!(n.parse::<u32>(), Ok(v) if (1..=minor).contains(&v))
}

/// Reads a `go` or `toolchain` version (`1.26.3`, `go1.27rc1`) into its minor number.
pub fn go_minor_of(version: &str) -> Option<u32> {
    let v = version.trim().trim_start_matches("go");
    let rest = v.strip_prefix("1.")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(p: &str) -> BuildContext {
        BuildContext::new(
            Platform::parse(p).unwrap(),
            true,
            vec!["integration".into()],
            26,
        )
    }

    #[test]
    fn match_tag_follows_go_rules() {
        let cases: &[(&str, &str, bool)] = &[
            ("linux", "linux", true),
            ("linux", "amd64", true),
            ("linux", "gc", true),
            ("linux", "gccgo", false),
            ("linux", "cgo", true),
            ("linux", "unix", true),
            ("windows", "unix", false),
            ("android/arm64", "linux", true),
            ("linux", "android", false),
            ("illumos", "solaris", true),
            ("solaris", "illumos", false),
            ("ios/arm64", "darwin", true),
            ("darwin/arm64", "ios", false),
            ("ios/arm64", "unix", true),
            ("linux", "integration", true),
            ("linux", "go1.1", true),
            ("linux", "go1.26", true),
            ("linux", "go1.27", false),
            ("linux", "go1.026", false),
            ("linux", "go1", false),
            ("linux", "amd64.v1", true),
            ("linux", "amd64.v2", false),
            ("linux", "goexperiment.greenteagc", true),
            ("linux", "goexperiment.boringcrypto", false),
            ("linux", "boringcrypto", false),
            ("linux", "Linux", false),
            ("linux", "ignore", false),
        ];
        for (p, tag, want) in cases {
            assert_eq!(ctx(p).match_tag(tag), *want, "platform {p} tag {tag}");
        }
        let nocgo = BuildContext::new(Platform::parse("linux").unwrap(), false, vec![], 26);
        assert!(!nocgo.match_tag("cgo"));
    }

    #[test]
    fn platforms_parse_with_amd64_default() {
        let p = Platform::parse("windows").unwrap();
        assert_eq!(
            (p.goos.as_str(), p.goarch.as_str(), p.name.as_str()),
            ("windows", "amd64", "windows")
        );
        let p = Platform::parse("linux/arm64").unwrap();
        assert_eq!((p.goos.as_str(), p.goarch.as_str()), ("linux", "arm64"));
        assert!(Platform::parse("linux/z80").is_err());
        assert!(Platform::parse("beos").is_err());
    }

    #[test]
    fn go_versions_read_their_minor() {
        assert_eq!(go_minor_of("1.26.3"), Some(26));
        assert_eq!(go_minor_of("go1.27rc1"), Some(27));
        assert_eq!(go_minor_of("1.21"), Some(21));
        assert_eq!(go_minor_of("2.0"), None);
    }
}
