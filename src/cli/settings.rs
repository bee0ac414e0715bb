//! Settings: flags resolved over `.winparity.toml` over the defaults, once, into what the
//! scans need (platforms, tags, queries, the gate, accepted gaps).

use super::BuildArgs;
use crate::config::{self, FailOn, Suppression};
use crate::facts::guards::{GUARDS_SCM, GuardQuery};
use crate::facts::packs;
use crate::gobuild::{BuildContext, Platform, go_minor_of, syslist};
use crate::scan::ScanConfig;
use anyhow::{Context, Result, anyhow, bail};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Everything a scan or a diff needs, resolved from flags, `.winparity.toml` and defaults.
pub struct Settings {
    /// The platforms and the pair compared.
    pub scan: ScanConfig,
    /// The Go minor assumed, unless go.mod says newer (resolved per tree).
    pub(super) go_flag: Option<u32>,
    /// Tags given.
    pub tags: Vec<String>,
    /// Scan vendor/.
    pub vendor: bool,
    /// The queries.
    pub queries: Queries,
    /// The diff gate.
    pub fail_on: FailOn,
    /// Accepted gaps.
    pub suppressions: Vec<Suppression>,
    /// No progress bar.
    pub quiet: bool,
    /// Whether the process ends soon after its scans (scan, diff, explain): their per-file
    /// facts are then left to the OS to take back at exit, which is faster than freeing them
    /// one by one. `history` scans revision after revision, and frees each.
    pub one_shot: bool,
    /// Put the call graph in the report (`scan --calls`).
    pub calls: bool,
    /// Work out the entry points and the build breaks (docs/RULES.md §8, §9): every scan but
    /// `history`'s, whose reports hold neither.
    pub features: bool,
}

impl Settings {
    /// Settings as the command line's build flags give them (`["--vendor"]`, `["--platforms",
    /// "linux,windows,darwin", "--target", "darwin"]`), over the configuration found from
    /// `start`, as `winparity scan START` would resolve them: for scans run in process.
    pub fn from_args<I, T>(args: I, start: &Path) -> Result<Settings>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        #[derive(clap::Parser)]
        struct Flags {
            #[command(flatten)]
            build: BuildArgs,
        }
        let flags = <Flags as clap::Parser>::try_parse_from(
            std::iter::once(std::ffi::OsString::from("winparity"))
                .chain(args.into_iter().map(Into::into)),
        )?;
        Settings::resolve(&flags.build, start)
    }
}

impl Settings {
    /// Resolves flags over the configuration file (`--config`, else the nearest
    /// `.winparity.toml` at or above `start`) over the defaults.
    pub(super) fn resolve(b: &BuildArgs, start: &Path) -> Result<Settings> {
        let config_path = match &b.config {
            Some(p) => Some(p.clone()),
            None if start.is_dir() => config::find(start),
            None => None,
        };
        let file = match &config_path {
            Some(p) => config::load_file(p).map_err(|e| anyhow!(e))?,
            None => Default::default(),
        };
        // Paths in the file are relative to its directory; its name, for messages.
        let root = config_path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| start.to_path_buf());
        let config_name = config_path
            .clone()
            .unwrap_or_else(|| root.join(config::FILE_NAME));
        let platforms = b
            .platforms
            .clone()
            .or(file.platforms.clone())
            .unwrap_or_else(|| vec!["linux".into(), "windows".into()]);
        let target = b
            .target
            .clone()
            .or(file.target.clone())
            .unwrap_or_else(|| "windows".into());
        let reference = b
            .reference
            .clone()
            .or(file.reference.clone())
            .unwrap_or_else(|| "linux".into());
        let tags = b.tags.clone().or(file.tags.clone()).unwrap_or_default();
        if let Some(t) = tags.iter().find(|t| t.contains(['*', '?', '['])) {
            // No build tag holds a glob character; a user who means git tags is told where
            // they are chosen.
            bail!(
                "--tags {t}: a build tag has no '*', '?' or '[' (history chooses git tags with --match GLOB)"
            );
        }
        let go_flag = match b.go.as_ref().or(file.go.as_ref()) {
            Some(v) => Some(
                go_minor_of(v)
                    .ok_or_else(|| anyhow!("--go {v}: expected a Go release like 1.26"))?,
            ),
            None => None,
        };
        let cgo = std::env::var("CGO_ENABLED")
            .map(|v| v != "0")
            .unwrap_or(true);
        let mut contexts: Vec<BuildContext> = Vec::new();
        for p in &platforms {
            let platform = Platform::parse(p.trim()).map_err(|e| anyhow!("--platforms: {e}"))?;
            if contexts
                .iter()
                .any(|c| same_platform(&c.platform, &platform))
            {
                bail!("--platforms: {p} is given twice");
            }
            contexts.push(BuildContext::new(
                platform,
                cgo,
                tags.clone(),
                syslist::NEWEST_GO_MINOR,
            ));
        }
        if contexts.is_empty() {
            bail!("--platforms: no platform given");
        }
        // Positions in a file are 32-bit (a 4 GiB .go file is no source code).
        if b.max_file_size >= u64::from(u32::MAX) {
            bail!(
                "--max-file-size {}: at most {} bytes",
                b.max_file_size,
                u32::MAX - 1
            );
        }
        if contexts.len() > 64 {
            bail!("--platforms: at most 64 platforms");
        }
        // `windows` and `windows/amd64` are one platform: a bare GOOS means amd64.
        let find = |name: &str, flag: &str| {
            let wanted = Platform::parse(name).map_err(|e| anyhow!("--{flag}: {e}"))?;
            contexts
                .iter()
                .position(|c| same_platform(&c.platform, &wanted))
                .ok_or_else(|| {
                    anyhow!(
                        "--{flag} {name} is not one of --platforms {}",
                        platforms.join(",")
                    )
                })
        };
        let (t, r) = (find(&target, "target")?, find(&reference, "reference")?);
        if t == r {
            bail!("--target and --reference are the same platform ({target})");
        }
        let queries = b
            .queries
            .clone()
            .or(file.queries.as_ref().map(|q| root.join(q)));
        let mut fail_on = match file.gate.as_ref().and_then(|g| g.fail_on.clone()) {
            Some(words) => {
                FailOn::parse(&words).map_err(|e| anyhow!("{}: {e}", config_name.display()))?
            }
            None => FailOn::DEFAULT,
        };
        fail_on.test_support = file
            .gate
            .as_ref()
            .and_then(|g| g.test_support)
            .unwrap_or(false);
        Ok(Settings {
            scan: ScanConfig {
                contexts,
                target: t,
                reference: r,
                cgo,
                max_file_size: b.max_file_size,
            },
            go_flag,
            tags,
            vendor: b.vendor || file.vendor.unwrap_or(false),
            queries: Queries::resolve(queries.as_deref(), &b.packs, !b.no_auto_pack)?,
            fail_on,
            suppressions: config::suppressions(&file)
                .map_err(|e| anyhow!("{}: {e}", config_name.display()))?,
            quiet: false,
            one_shot: true,
            calls: false,
            features: true,
        })
    }

    /// The scan configuration for a tree whose go.mod says `go_mod` (its go/toolchain line).
    pub(super) fn for_tree(&self, go_mod: Option<&str>) -> (ScanConfig, u32) {
        let minor = self.go_flag.unwrap_or_else(|| {
            syslist::NEWEST_GO_MINOR.max(go_mod.and_then(go_mod_minor).unwrap_or(0))
        });
        let mut cfg = self.scan.clone();
        for c in &mut cfg.contexts {
            c.go_minor = minor;
        }
        (cfg, minor)
    }
}

/// Whether two platforms are the same GOOS/GOARCH, however they were written.
pub(super) fn same_platform(a: &Platform, b: &Platform) -> bool {
    a.goos == b.goos && a.goarch == b.goarch
}

/// Queries compiled for a tree, and the names of the packs they hold.
pub(super) type Compiled = (Arc<GuardQuery>, Vec<String>);

/// The guard query and the query packs of a run.
pub struct Queries {
    /// Where the guard query comes from, and its text.
    guards: (String, String),
    /// Pack queries from `--queries DIR`: (origin, text).
    dir_packs: Vec<(String, String)>,
    /// Built-in packs asked for.
    builtin: Vec<String>,
    /// Whether packs apply by themselves to the modules they are for.
    auto: bool,
    /// Compiled queries by the built-in packs they hold: tree-sitter's analysis of a query
    /// costs as much as scanning a small tree, and `history` asks for the same at every
    /// revision.
    compiled: std::sync::Mutex<HashMap<Vec<String>, Arc<GuardQuery>>>,
}

impl Queries {
    pub(super) fn resolve(dir: Option<&Path>, builtin: &[String], auto: bool) -> Result<Queries> {
        let mut guards = (
            GUARDS_SCM.to_string(),
            "queries/guards.scm (built in)".to_string(),
        );
        let mut dir_packs = Vec::new();
        if let Some(d) = dir {
            if !d.is_dir() {
                bail!("--queries {}: not a directory", d.display());
            }
            let p = d.join("guards.scm");
            if p.exists() {
                let text = std::fs::read_to_string(&p)
                    .with_context(|| format!("{}: cannot read", p.display()))?;
                guards = (text, p.display().to_string());
            }
            dir_packs = packs::read_dir(d).map_err(|e| anyhow!(e))?;
        }
        let q = Queries {
            guards: (guards.1, guards.0),
            dir_packs,
            builtin: builtin.to_vec(),
            auto,
            compiled: Default::default(),
        };
        // A query of the user's that does not compile (or an unknown pack) is reported now,
        // whatever the tree; the built-in queries are known to compile (and are tested).
        if dir.is_some() || !builtin.is_empty() {
            q.compile(None)?;
        }
        Ok(q)
    }

    /// Compiles the queries for a tree whose go.mod says `go_mod`; returns the names of the
    /// packs applied.
    pub(super) fn compile(&self, go_mod: Option<&str>) -> Result<Compiled> {
        let mut names = Vec::new();
        let module = go_mod.and_then(packs::module_path);
        let mut builtin = self.builtin.clone();
        let docker = module.is_some_and(|m| packs::DOCKER_MODULES.contains(&m));
        if self.auto && docker && !builtin.iter().any(|b| b == "docker") {
            builtin.push("docker".to_string());
            names.push(format!("docker (module {})", module.unwrap_or_default()));
        } else {
            names.extend(builtin.iter().cloned());
        }
        let cobra = go_mod.is_some_and(|m| packs::requires(m, packs::COBRA_MODULE));
        if self.auto && cobra && !builtin.iter().any(|b| b == "cobra") {
            builtin.push("cobra".to_string());
            names.push(format!("cobra (requires {})", packs::COBRA_MODULE));
        }
        let urfave = go_mod.and_then(|m| {
            packs::URFAVE_CLI_MODULES
                .iter()
                .find(|p| packs::requires(m, p))
        });
        if let Some(u) = urfave
            && self.auto
            && !builtin.iter().any(|b| b == "urfave-cli")
        {
            builtin.push("urfave-cli".to_string());
            names.push(format!("urfave-cli (requires {u})"));
        }
        names.extend(self.dir_packs.iter().map(|(origin, _)| origin.clone()));
        if let Some(q) = self.compiled.lock().expect("queries lock").get(&builtin) {
            return Ok((q.clone(), names));
        }
        let (origin, text) = &self.guards;
        let mut q = GuardQuery::new(text)
            .map_err(|e| anyhow!("{origin}: the query does not compile: {e}"))?;
        for b in &builtin {
            q.packs
                .extend(packs::builtin(b).map_err(|e| anyhow!("--pack: {e}"))?);
        }
        for (origin, text) in &self.dir_packs {
            q.packs
                .push(packs::compile(origin, text).map_err(|e| anyhow!(e))?);
        }
        let q = Arc::new(q);
        self.compiled
            .lock()
            .expect("queries lock")
            .insert(builtin, q.clone());
        Ok((q, names))
    }
}

/// The newer minor of the `go` and `toolchain` lines of a go.mod text.
pub(super) fn go_mod_minor(text: &str) -> Option<u32> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("go ")
                .or_else(|| l.strip_prefix("toolchain "))
                .and_then(go_minor_of)
        })
        .max()
}
