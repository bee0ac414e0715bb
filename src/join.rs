//! The join across platforms: every API's definitions, its status, and the summaries.
//!
//! Sequential and deterministic: sorted maps keyed by id, files in path order.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::facts::body::BodyKind;
use crate::facts::decls::{Decl, DeclKind};
use crate::facts::guards::Effect;
use crate::hash::{HashMap, HashSet};
use crate::model::{
    Api, ByStatus, Definition, FileEntry, Guard, GuardCounts, PackageSummary, Refusal, Report,
    Source, Status, Summary, TestItem, TestParity, TestStatus, TestSummary, TestSupportSummary,
    Tool,
};
use crate::scan::{ScanConfig, ScannedFile};

/// Everything the join needs besides the files.
pub struct JoinInput<'a> {
    /// The scan configuration.
    pub cfg: &'a ScanConfig,
    /// What was scanned.
    pub source: Source,
    /// The Go release assumed.
    pub go: String,
    /// Tags given.
    pub tags: Vec<String>,
    /// Notes from the walk.
    pub notes: Vec<String>,
    /// The module path go.mod declares, to find the packages of the module's imports.
    pub module: Option<String>,
    /// Whether the files are a whole module (not a directory below its root): only then are
    /// test-support packages decided, as what imports a package may lie outside.
    pub whole_module: bool,
}

/// Where an import's package is (docs/RULES.md §3): in the module, through go.mod's module
/// path, or vendored (`vendor/PATH`, a directory of files built on the target).
struct Places<'a> {
    module: Option<&'a str>,
    files: &'a [ScannedFile],
    target_bit: u64,
    /// The directories of non-test files built on the target, gathered the first time an
    /// import is looked for in vendor/ (most scans never do).
    dirs: std::sync::OnceLock<HashSet<&'a str>>,
}

impl<'a> Places<'a> {
    fn new(files: &'a [ScannedFile], cfg: &ScanConfig, module: Option<&'a str>) -> Places<'a> {
        Places {
            module,
            files,
            target_bit: cfg.target_bit(),
            dirs: std::sync::OnceLock::new(),
        }
    }

    /// The directory of the package that file `f` imports as `q` (by its alias, or the
    /// path's last element less a major version).
    fn import_dir(&self, f: &ScannedFile, q: &str) -> Option<String> {
        self.dir_of(&self.import(f, q)?.path)
    }

    /// The import of file `f` named `q`.
    fn import<'f>(
        &self,
        f: &'f ScannedFile,
        q: &str,
    ) -> Option<&'f crate::gobuild::header::Import> {
        f.facts.as_ref()?.imports.iter().find(|i| match &i.name {
            Some(n) => n == q,
            None => crate::calls::tables::default_import_name(&i.path) == q,
        })
    }

    /// The directory of an import path.
    fn dir_of(&self, path: &str) -> Option<String> {
        if let Some(dir) = self.module_dir(path) {
            return Some(dir.to_string());
        }
        let vendored = format!("vendor/{path}");
        let dirs = self.dirs.get_or_init(|| {
            self.files
                .iter()
                .filter(|f| {
                    f.facts.is_some()
                        && !f.test
                        && f.mask & self.target_bit != 0
                        && f.package.is_some()
                })
                .map(|f| f.dir())
                .collect()
        });
        dirs.contains(vendored.as_str()).then_some(vendored)
    }
}

impl Places<'_> {
    /// The directory of an import path of the module (go.mod's module path), without looking
    /// in vendor/.
    fn module_dir<'p>(&self, path: &'p str) -> Option<&'p str> {
        let m = self.module?;
        if path == m {
            return Some(".");
        }
        path.strip_prefix(m).and_then(|r| r.strip_prefix('/'))
    }
}

/// The directories of the test-support packages (docs/RULES.md §6): packages some file
/// imports, every importer of which is a test file of another directory or a non-test file of
/// a test-support package. Importers are the files built on the target or the reference; an
/// import path names a directory through go.mod's module path, or as `vendor/PATH`.
fn test_support_dirs<'a>(
    files: &'a [ScannedFile],
    compared: u64,
    places: &Places,
) -> HashSet<&'a str> {
    let built: Vec<&ScannedFile> = files
        .iter()
        .filter(|f| f.mask & compared != 0 && f.package.is_some())
        .collect();
    // Directories by number, and the import path that names each (go.mod's module path and
    // the directory; or the path under vendor/): one lookup per import, no string built.
    let mut ids: HashMap<&str, u32> = HashMap::default();
    let mut dirs: Vec<&str> = Vec::new();
    for f in built.iter().filter(|f| !f.test) {
        ids.entry(f.dir()).or_insert_with(|| {
            dirs.push(f.dir());
            (dirs.len() - 1) as u32
        });
    }
    let module_paths: Vec<Option<String>> = dirs
        .iter()
        .map(|d| {
            places.module.map(|m| match *d {
                "." => m.to_string(),
                d => format!("{m}/{d}"),
            })
        })
        .collect();
    let mut by_path: HashMap<&str, u32> = HashMap::default();
    for (i, d) in dirs.iter().enumerate() {
        if let Some(p) = &module_paths[i] {
            by_path.insert(p.as_str(), i as u32);
        }
        if let Some(v) = d.strip_prefix("vendor/") {
            // The module's own paths are never looked for in vendor/ (as go does).
            let own = places
                .module
                .is_some_and(|m| v == m || v.strip_prefix(m).is_some_and(|r| r.starts_with('/')));
            if !own {
                by_path.insert(v, i as u32);
            }
        }
    }
    let mut imported = vec![false; dirs.len()];
    // (importer, imported), from non-test files.
    let mut edges: Vec<(u32, u32)> = Vec::new();
    let mut last: Option<(&str, Option<u32>)> = None;
    for f in &built {
        // Files come by path: one directory's mostly together.
        let from = match last {
            Some((d, id)) if d == f.dir() => id,
            _ => {
                let id = ids.get(f.dir()).copied();
                last = Some((f.dir(), id));
                id
            }
        };
        for path in f.import_paths.iter() {
            let Some(&to) = by_path.get(&**path) else {
                continue;
            };
            if dirs[to as usize] == f.dir() {
                // A package's own external tests (`package foo_test`) make no test support.
                continue;
            }
            imported[to as usize] = true;
            if !f.test {
                // A non-test file's directory holds a package.
                edges.push((from.expect("a non-test file's directory is numbered"), to));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    // The largest set closed under the rule: drop what a product package imports, until
    // nothing changes (Go has no import cycles, so each pass settles one more level).
    let mut support = imported;
    loop {
        let mut changed = false;
        for &(from, to) in &edges {
            if !support[from as usize] && support[to as usize] {
                support[to as usize] = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    dirs.into_iter()
        .zip(support)
        .filter_map(|(d, s)| s.then_some(d))
        .collect()
}

/// What the join decides about bodies and refusals (docs/RULES.md §3): the error helpers of the
/// tree — functions (not methods) of non-test files built on the target whose last result is
/// `error`, by package directory and name, only the names some body or refusal calls — and
/// the package-level variables that are zero values.
struct Helpers<'a> {
    known: HashSet<(&'a str, &'a str)>,
    places: &'a Places<'a>,
    /// Package-level variables that are zero values, by (directory, package, name).
    zero_vars: HashSet<(&'a str, &'a str, &'a str)>,
}

impl<'a> Helpers<'a> {
    fn new(
        files: &'a [ScannedFile],
        cfg: &ScanConfig,
        places: &'a Places<'a>,
        zero_vars: HashSet<(&'a str, &'a str, &'a str)>,
    ) -> Helpers<'a> {
        let mut wanted: HashSet<&str> = HashSet::default();
        for f in files {
            let Some(facts) = &f.facts else { continue };
            wanted.extend(
                facts
                    .decls
                    .iter()
                    .filter_map(|d| d.extra.as_deref()?.body_helper.as_ref())
                    .chain(facts.refusals.iter().filter_map(|r| r.via.as_ref()))
                    .map(|h| h.name.as_str()),
            );
        }
        let mut known = HashSet::default();
        if !wanted.is_empty() {
            for f in files {
                let Some(facts) = &f.facts else { continue };
                if f.test || f.mask & cfg.target_bit() == 0 || f.package.is_none() {
                    continue;
                }
                known.extend(
                    facts
                        .decls
                        .iter()
                        .filter(|d| {
                            d.kind == DeclKind::Func
                                && d.returns_error
                                && wanted.contains(d.name.as_str())
                        })
                        .map(|d| (f.dir(), d.name.as_str())),
                );
            }
        }
        Helpers {
            known,
            places,
            zero_vars,
        }
    }

    /// Whether the call names an error helper of the tree, seen from file `f`.
    fn builds_error(&self, f: &ScannedFile, h: &crate::facts::body::HelperCall) -> bool {
        if self.known.is_empty() {
            return false;
        }
        let dir = match &h.qualifier {
            None => Some(f.dir().to_string()),
            Some(q) => self.places.import_dir(f, q),
        };
        dir.is_some_and(|d| self.known.contains(&(d.as_str(), h.name.as_str())))
    }

    /// The kind a body has when the names it returns are package-level zero values.
    fn with_zero_vars(&self, f: &ScannedFile, d: &Decl) -> Option<BodyKind> {
        let (names, kind) = d.extra.as_deref()?.body_zero_vars.as_ref()?;
        let pkg = f.package.as_deref()?;
        names
            .iter()
            .all(|n| self.zero_vars.contains(&(f.dir(), pkg, n.as_str())))
            .then_some(*kind)
    }

    /// The kind of a definition's body, a call of an error helper read as the error it builds.
    fn kind_of(&self, f: &ScannedFile, d: &Decl) -> Option<BodyKind> {
        let helper = d.extra.as_deref().and_then(|e| e.body_helper.as_ref());
        match d.body_kind {
            Some(BodyKind::Real) if helper.is_some_and(|h| self.builds_error(f, h)) => {
                Some(BodyKind::Error)
            }
            Some(BodyKind::Real) => self.with_zero_vars(f, d).or(d.body_kind),
            k => k,
        }
    }

    /// The body of a definition, with a call of an error helper read as the error it builds.
    fn body_of(&self, f: &ScannedFile, d: &Decl) -> Option<crate::facts::body::BodyFacts> {
        let mut b = d.body()?;
        b.kind = self.kind_of(f, d)?;
        Some(b)
    }
}

/// A definition in the join: file index and declaration index.
#[derive(Clone, Copy)]
struct DefRef {
    file: usize,
    decl: usize,
    /// The declaration's line, for the definitions' order without reaching into the facts.
    line: u32,
}

/// Whether a declaration is an API (docs/RULES.md §2).
fn is_api(d: &Decl) -> bool {
    d.name != "_" && !(d.kind == DeclKind::Func && d.name == "init")
}

pub(crate) fn api_id(dir: &str, receiver: &str, name: &str) -> String {
    // Built to its length at once: `format!` grew each of a report's 178,000 ids by
    // reallocation (13 % of the join's time in perf samples).
    let mut id = String::with_capacity(dir.len() + receiver.len() + name.len() + 2);
    id.push_str(dir);
    id.push('|');
    id.push_str(receiver);
    id.push('|');
    id.push_str(name);
    id
}

/// An API id, `dir|receiver|name`, as its parts borrowed from the scanned files, with the
/// directory's rank among the directories in id order.
#[derive(Clone, Copy, PartialEq, Eq)]
struct IdParts<'a> {
    rank: u32,
    /// The first 8 bytes of `receiver|name`, big-endian, zero-padded: most comparisons end
    /// here (identifiers hold no NUL, so the padding sorts first as the end of a string does).
    head: u64,
    dir: &'a str,
    receiver: &'a str,
    name: &'a str,
}

impl IdParts<'_> {
    /// Orders as the ids themselves (`api_id`) do, without building them: by the directory's
    /// rank, then through `receiver|name` byte by byte.
    fn cmp_as_id(&self, other: &Self) -> Ordering {
        if self.rank == UNRANKED || other.rank == UNRANKED {
            let (a, b) = (self, other);
            return cmp_joined(
                &[
                    a.dir.as_bytes(),
                    b"|",
                    a.receiver.as_bytes(),
                    b"|",
                    a.name.as_bytes(),
                ],
                &[
                    b.dir.as_bytes(),
                    b"|",
                    b.receiver.as_bytes(),
                    b"|",
                    b.name.as_bytes(),
                ],
            );
        }
        self.rank
            .cmp(&other.rank)
            .then(self.head.cmp(&other.head))
            .then_with(|| {
                if self.receiver == other.receiver {
                    self.name.cmp(other.name)
                } else {
                    cmp_joined(
                        &[self.receiver.as_bytes(), b"|", self.name.as_bytes()],
                        &[other.receiver.as_bytes(), b"|", other.name.as_bytes()],
                    )
                }
            })
    }
    fn id(&self) -> String {
        api_id(self.dir, self.receiver, self.name)
    }

    fn new<'a>(rank: u32, dir: &'a str, receiver: &'a str, name: &'a str) -> IdParts<'a> {
        let mut head = [0u8; 8];
        let joined = receiver.bytes().chain([b'|']).chain(name.bytes());
        for (h, b) in head.iter_mut().zip(joined) {
            *h = b;
        }
        IdParts {
            rank,
            head: u64::from_be_bytes(head),
            dir,
            receiver,
            name,
        }
    }
}

/// Compares the concatenations of two lists of byte strings without building them.
fn cmp_joined(a: &[&[u8]], b: &[&[u8]]) -> Ordering {
    let (mut ia, mut oa, mut ib, mut ob) = (0, 0, 0, 0);
    loop {
        while ia < a.len() && oa == a[ia].len() {
            ia += 1;
            oa = 0;
        }
        while ib < b.len() && ob == b[ib].len() {
            ib += 1;
            ob = 0;
        }
        match (ia == a.len(), ib == b.len()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        let n = (a[ia].len() - oa).min(b[ib].len() - ob);
        match a[ia][oa..oa + n].cmp(&b[ib][ob..ob + n]) {
            Ordering::Equal => {
                oa += n;
                ob += n;
            }
            unequal => return unequal,
        }
    }
}

/// The rank of every directory when some directory name holds `|`: ids are then compared
/// whole.
const UNRANKED: u32 = u32::MAX;

/// Each file's directory rank: directories ordered as `dir|…` ids order them, so that ids of
/// different directories compare as their ranks do. A directory name holding `|` would break
/// that (`a|b|…` falls between the ids of `a`): then no directory is ranked.
fn dir_ranks(of_files: &[&str]) -> Vec<u32> {
    let mut dirs = of_files.to_vec();
    dirs.sort_unstable_by(|a, b| cmp_joined(&[a.as_bytes(), b"|"], &[b.as_bytes(), b"|"]));
    dirs.dedup();
    if dirs.iter().any(|d| d.contains('|')) {
        return vec![UNRANKED; of_files.len()];
    }
    let rank: HashMap<&str, u32> = dirs
        .iter()
        .enumerate()
        .map(|(i, d)| (*d, i as u32))
        .collect();
    of_files.iter().map(|d| rank[d]).collect()
}

fn platform_names(cfg: &ScanConfig, mask: u64) -> Vec<String> {
    cfg.platforms()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, p)| p.name.clone())
        .collect()
}

/// Joins scanned files into the report.
pub fn join(files: &[ScannedFile], input: JoinInput) -> Report {
    let cfg = input.cfg;
    let compared = cfg.target_bit() | cfg.reference_bit();
    let (defs, groups) = collect_definitions(files, cfg);
    let places = Places::new(files, cfg, input.module.as_deref());
    let mut vars = PackageVariables::gather(files, cfg);
    let zero_vars = std::mem::take(&mut vars.zero_vars);
    let resolve = |f: &ScannedFile, message: &Option<String>, var: &Option<String>| {
        vars.message(f, message, var, &places)
    };
    let (guards, refusals, guard_counts) = tie_guards(files, &resolve);

    // Statuses, in parallel; the order is that of the groups (by id).
    let helpers = Helpers::new(files, cfg, &places, zero_vars);
    let (own_refusals, refusal_list) = own_refusals(files, &defs, &groups, cfg, &helpers);
    let shared = Shared::new(cfg, files);
    // An indexed collect writes each API once, in place (a filtering collect would gather
    // chunks and copy them all again).
    let mut out_apis: Vec<Api> = Vec::new();
    groups
        .par_iter()
        .map(|g| {
            build_api(
                files,
                &defs[g.clone()],
                (&refusals, &own_refusals),
                (cfg, &helpers),
                &shared,
                &resolve,
            )
        })
        .collect_into_vec(&mut out_apis);
    let support = if input.whole_module {
        test_support_dirs(files, compared, &places)
    } else {
        Default::default()
    };
    let (packages, total, support_total) = count_statuses(&out_apis, &support);
    let packages = package_summaries(files, cfg, packages, &support);
    let tests = test_parity(files, cfg, &guards);
    let file_entries = file_entries(files, cfg);
    let notes = report_notes(files, input.notes);
    Report {
        schema_version: crate::model::SCHEMA_VERSION,
        tool: Tool {
            name: "winparity".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        source: input.source,
        platforms: cfg.platforms().map(|p| p.name.clone()).collect(),
        go: input.go,
        tags: input.tags,
        cgo: cfg.cgo,
        packs: Vec::new(),
        target: cfg.contexts[cfg.target].platform.name.clone(),
        reference: cfg.contexts[cfg.reference].platform.name.clone(),
        summary: Summary {
            apis: total.total(),
            parity: total.parity(),
            by_status: total,
            test_support: TestSupportSummary {
                packages: packages.iter().filter(|p| p.test_support).count(),
                apis: support_total.total(),
                parity: support_total.parity(),
                by_status: support_total,
            },
            files: files.len(),
            files_with_errors: files.iter().filter(|f| f.error.is_some()).count(),
            guards: guard_counts,
        },
        packages,
        files: file_entries,
        apis: out_apis,
        guards,
        refusals: refusal_list,
        tests,
        notes,
        suppressed: Vec::new(),
        baseline: None,
        entry_points: Vec::new(),
        breaks: Vec::new(),
        calls: None,
        call_sites: None,
    }
}

/// Every API definition as (id, file, decl), sorted by id, file (files are in path order) and
/// line; and the runs of one API's definitions.
fn collect_definitions<'a>(
    files: &'a [ScannedFile],
    cfg: &ScanConfig,
) -> (Vec<(IdParts<'a>, DefRef)>, Vec<std::ops::Range<usize>>) {
    let compared = cfg.target_bit() | cfg.reference_bit();
    // Gathered, then sorted, so each API's definitions are one run.
    let ranks = dir_ranks(&files.iter().map(|f| f.dir()).collect::<Vec<_>>());
    // The API declarations of a file that counts (none of one that does not).
    let api_decls = |f: &'a ScannedFile| {
        let eligible = f.facts.is_some()
            && f.package.as_deref().is_some_and(|p| p != "documentation")
            && !f.test
            && f.mask & compared != 0
            && (cfg.cgo || !f.imports_c);
        let decls = f
            .facts
            .as_ref()
            .filter(|_| eligible)
            .map_or(&[][..], |x| &x.decls[..]);
        decls.iter().enumerate().filter(|(_, d)| is_api(d))
    };
    // Counted first, then written once into a vector of that size: gathered in parallel,
    // the pieces grew by reallocation and were copied together again (the join's largest
    // share of page faults and copies in perf samples of moby with vendor).
    let total: usize = files.par_iter().map(|f| api_decls(f).count()).sum();
    let mut defs: Vec<(IdParts, DefRef)> = Vec::with_capacity(total);
    // By directory rank (files of one directory are not contiguous in path order), so that
    // each rank's definitions are one run without sorting them all.
    let mut by_rank: Vec<usize> = (0..files.len()).collect();
    by_rank.sort_by_key(|&fi| ranks[fi]);
    for fi in by_rank {
        let (f, rank) = (&files[fi], ranks[fi]);
        defs.extend(api_decls(f).map(|(di, d)| {
            (
                IdParts::new(rank, f.dir(), &d.receiver, &d.name),
                DefRef {
                    file: fi,
                    decl: di,
                    line: d.line,
                },
            )
        }));
    }
    // A total order (declarations of one line of one file in source order: only invalid Go,
    // `var x, x int`, has two), so that the two ways of sorting below agree.
    let order = |(ia, a): &(IdParts, DefRef), (ib, b): &(IdParts, DefRef)| {
        ia.cmp_as_id(ib)
            .then(a.file.cmp(&b.file))
            .then(a.line.cmp(&b.line))
            .then(a.decl.cmp(&b.decl))
    };
    if ranks.contains(&UNRANKED) {
        defs.par_sort_unstable_by(order);
    } else {
        // A directory's rank orders its ids before all else: the definitions are in rank order
        // already; each directory's few are sorted on their own, in parallel.
        defs.par_chunk_by_mut(|(a, _), (b, _)| a.rank == b.rank)
            .for_each(|run| run.sort_unstable_by(order));
    }
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for i in 1..=defs.len() {
        if i == defs.len() || defs[i].0 != defs[start].0 {
            groups.push(start..i);
            start = i;
        }
    }

    (defs, groups)
}

/// A package-level declaration's key: (directory, package, name).
type Key<'a> = (&'a str, &'a str, &'a str);

/// Messages held by package variables (`var errNotSupported = errors.New("…")`), for refusals
/// and stubs that return the variable, and the variables that are zero values (`var emptyDesc =
/// ocispec.Descriptor{}`), for bodies that return them. The identifier names one declaration:
/// the one built on the target, else the first by path and line, among the API files of its
/// package; it gives a message (or is a zero value) when it is such a variable.
struct PackageVariables<'a> {
    /// The variables that are zero values.
    zero_vars: HashSet<Key<'a>>,
    /// The message of each variable that holds one.
    var_messages: HashMap<Key<'a>, &'a str>,
    /// The same by directory and name, for a qualified name (the package named by an import is
    /// a directory; of two package names there, the first).
    by_dir: BTreeMap<(&'a str, &'a str), (&'a str, &'a str)>,
}

impl<'a> PackageVariables<'a> {
    /// Gathers the variables some body or guard names.
    fn gather(files: &'a [ScannedFile], cfg: &ScanConfig) -> PackageVariables<'a> {
        let (tbit, compared) = (cfg.target_bit(), cfg.target_bit() | cfg.reference_bit());
        // Only the names some body or guard returns are looked up: collect them first.
        let mut wanted: HashSet<&str> = HashSet::default();
        for f in files {
            let Some(facts) = &f.facts else { continue };
            // A qualified name (`errdefs.ErrNotImplemented`) is looked up by its last part.
            fn bare(v: &str) -> &str {
                v.rsplit_once('.').map_or(v, |(_, n)| n)
            }
            wanted.extend(
                facts
                    .decls
                    .iter()
                    .filter_map(|d| d.body_message_var())
                    .map(bare),
            );
            wanted.extend(
                facts
                    .decls
                    .iter()
                    .filter_map(|d| d.extra.as_deref()?.body_zero_vars.as_ref())
                    .flat_map(|(names, _)| names.iter().map(String::as_str)),
            );
            wanted.extend(
                facts
                    .guards
                    .iter()
                    .filter_map(|g| g.message_var.as_deref())
                    .map(bare),
            );
        }
        let mut declared: HashMap<Key, (bool, &Decl)> = HashMap::default();
        for f in files {
            let (Some(facts), Some(pkg)) = (&f.facts, &f.package) else {
                continue;
            };
            if f.test || f.mask & compared == 0 {
                continue;
            }
            let on_target = f.mask & tbit != 0;
            for d in facts
                .decls
                .iter()
                .filter(|d| wanted.contains(d.name.as_str()))
            {
                let e = declared
                    .entry((f.dir(), pkg.as_str(), d.name.as_str()))
                    .or_insert((on_target, d));
                if on_target && !e.0 {
                    *e = (true, d);
                }
            }
        }
        let zero_vars: HashSet<Key> = declared
            .iter()
            .filter(|(_, (_, d))| d.extra.as_deref().is_some_and(|e| e.zero_struct))
            .map(|(k, _)| *k)
            .collect();
        let var_messages: HashMap<Key, &str> = declared
            .into_iter()
            .filter_map(|(k, (_, d))| Some((k, d.error_message()?)))
            .collect();
        // The same by directory and name, for a qualified name (the package named by an import is
        // a directory; of two package names there, the first).
        let mut by_dir: BTreeMap<(&str, &str), (&str, &str)> = BTreeMap::new();
        for (&(dir, pkg, name), &m) in &var_messages {
            let e = by_dir.entry((dir, name)).or_insert((pkg, m));
            if pkg < e.0 {
                *e = (pkg, m);
            }
        }
        PackageVariables {
            zero_vars,
            var_messages,
            by_dir,
        }
    }

    /// The message a guard or body gives: its literal, else its variable's (through the file's
    /// import for a qualified name), else the variable's name.
    fn message(
        &self,
        f: &ScannedFile,
        message: &Option<String>,
        var: &Option<String>,
        places: &Places,
    ) -> Option<String> {
        if message.is_some() {
            return message.clone();
        }
        let var = var.as_deref()?;
        let found = match var.split_once('.') {
            None => f
                .package
                .as_deref()
                .and_then(|pkg| self.var_messages.get(&(f.dir(), pkg, var)).copied()),
            // `q` must name an import (`e.Err` is a field, no error variable).
            Some((q, name)) => {
                let import = places.import(f, q)?;
                places
                    .dir_of(&import.path)
                    .and_then(|dir| self.by_dir.get(&(dir.as_str(), name)).map(|(_, m)| *m))
            }
        };
        // No initializer with a message: the name says what the error is.
        Some(found.unwrap_or(var).to_string())
    }
}

/// The guards, each tied to its enclosing declaration; the refusing ones by (file, decl), for
/// statuses; and the counts by effect.
fn tie_guards(
    files: &[ScannedFile],
    resolve: &Resolve,
) -> (Vec<Guard>, GuardRefusals, GuardCounts) {
    let mut guards = Vec::new();
    // (file, decl) → refusing guards' lines and messages, for statuses.
    let mut refusals = GuardRefusals::new();
    let mut guard_counts = GuardCounts::default();
    for (fi, f) in files.iter().enumerate() {
        let Some(facts) = &f.facts else { continue };
        for g in &facts.guards {
            let enclosing = crate::facts::decl_index_at(&facts.decls, g.offset);
            let api = enclosing.map(|di| {
                let d = &facts.decls[di];
                api_id(f.dir(), &d.receiver, &d.name)
            });
            match g.effect {
                Effect::Refuses => {
                    guard_counts.refuses += 1;
                    if let Some(di) = enclosing {
                        refusals
                            .entry((fi, di))
                            .or_default()
                            .push((g.line, resolve(f, &g.message, &g.message_var)));
                    }
                }
                Effect::Adapts => guard_counts.adapts += 1,
                Effect::SkipsTest => guard_counts.skips_test += 1,
            }
            guards.push(Guard {
                file: f.rel.clone(),
                line: g.line,
                api,
                effect: g.effect,
                condition: g.condition.clone(),
                message: resolve(f, &g.message, &g.message_var),
            });
        }
    }

    (guards, refusals, guard_counts)
}

/// Counts by status per package (directory, name), overall and of the test-support packages.
fn count_statuses<'a>(
    apis: &'a [Api],
    support: &HashSet<&str>,
) -> (BTreeMap<(&'a str, &'a str), ByStatus>, ByStatus, ByStatus) {
    let mut packages: BTreeMap<(&str, &str), ByStatus> = BTreeMap::new();
    let mut total = ByStatus::default();
    let mut support_total = ByStatus::default();
    // APIs come by id, so one package's APIs mostly come together: count a run, then add it.
    let mut run: Option<((&str, &str), ByStatus)> = None;
    let mut in_support: Option<(&str, bool)> = None;
    for a in apis {
        let key = (&*a.package_dir, &*a.package);
        match &mut run {
            Some((k, counts)) if *k == key => counts.add(a.status),
            _ => {
                if let Some((k, counts)) = run.take() {
                    packages.entry(k).or_default().merge(&counts);
                }
                let mut counts = ByStatus::default();
                counts.add(a.status);
                run = Some((key, counts));
            }
        }
        let support_api = match in_support {
            Some((d, s)) if d == &*a.package_dir => s,
            _ => {
                let s = support.contains(&*a.package_dir);
                in_support = Some((&a.package_dir, s));
                s
            }
        };
        if support_api {
            support_total.add(a.status);
        } else {
            total.add(a.status);
        }
    }
    if let Some((k, counts)) = run {
        packages.entry(k).or_default().merge(&counts);
    }

    (packages, total, support_total)
}

/// The package summaries: parity, counts, whether built on the target (when any of its
/// non-test files is), whether test support.
fn package_summaries(
    files: &[ScannedFile],
    cfg: &ScanConfig,
    packages: BTreeMap<(&str, &str), ByStatus>,
    support: &HashSet<&str>,
) -> Vec<PackageSummary> {
    let tbit = cfg.target_bit();
    let mut on_target: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for f in files {
        if let (false, Some(p), true) = (f.test, &f.package, f.mask & tbit != 0) {
            on_target.insert((f.dir(), p.as_str()));
        }
    }
    packages
        .into_iter()
        .map(|((dir, name), by_status)| {
            let built_on_target = on_target.contains(&(dir, name));
            PackageSummary {
                test_support: support.contains(dir),
                apis: by_status.total(),
                parity: by_status.parity(),
                package_dir: dir.to_string(),
                package: name.to_string(),
                by_status,
                built_on_target,
            }
        })
        .collect()
}

/// Every file considered, with its platforms.
fn file_entries(files: &[ScannedFile], cfg: &ScanConfig) -> Vec<FileEntry> {
    files
        .iter()
        .map(|f| FileEntry {
            path: f.rel.clone(),
            package: f.package.clone(),
            test: f.test,
            platforms: platform_names(cfg, f.mask),
            error: f.error.clone(),
        })
        .collect()
}

/// The walk's notes, then each file's: why it could not be placed or read, what was not read.
fn report_notes(files: &[ScannedFile], mut notes: Vec<String>) -> Vec<String> {
    for f in files {
        if let Some(e) = &f.error {
            notes.push(format!("{}: {e}", f.rel));
        }
        if let Some(n) = &f.note {
            notes.push(format!("{}: {n}", f.rel));
        }
        if let Some(line) = f.facts.as_ref().and_then(|x| x.too_deep) {
            notes.push(format!(
                "{}: line {line}: brackets nested more than {} deep (go/parser refuses such a file: \"exceeded max nesting depth\"); the guards of that declaration are not read",
                f.rel,
                crate::facts::guards::MAX_NESTING
            ));
        }
        if f.facts.as_ref().is_some_and(|x| x.syntax_error) {
            notes.push(format!(
                "{}: syntax errors (the file is not valid Go; read as far as possible)",
                f.rel
            ));
        }
    }
    notes
}

/// Platform name lists by mask, built once for the masks the files have.
/// Strings a report repeats, built once and shared: platform lists by mask, and each file's
/// path, directory and package name.
struct Shared {
    platforms: HashMap<u64, Arc<[String]>>,
    files: Vec<(Arc<str>, Arc<str>, Arc<str>)>,
}

impl Shared {
    fn new(cfg: &ScanConfig, files: &[ScannedFile]) -> Shared {
        let mut platforms = HashMap::default();
        let mut dirs: HashMap<&str, Arc<str>> = HashMap::default();
        let mut pkgs: HashMap<&str, Arc<str>> = HashMap::default();
        let files = files
            .iter()
            .map(|f| {
                platforms
                    .entry(f.mask)
                    .or_insert_with(|| platform_names(cfg, f.mask).into());
                let dir = dirs
                    .entry(f.dir())
                    .or_insert_with(|| f.dir().into())
                    .clone();
                let pkg = f.package.as_deref().unwrap_or("");
                let pkg = pkgs.entry(pkg).or_insert_with(|| pkg.into()).clone();
                (Arc::from(f.rel.as_str()), dir, pkg)
            })
            .collect();
        Shared { platforms, files }
    }
    fn platforms(&self, mask: u64) -> Arc<[String]> {
        self.platforms
            .get(&mask)
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new()))
    }
}

/// Resolves a message: the literal one, else the message of the package variable named.
type Resolve<'a> =
    dyn Fn(&ScannedFile, &Option<String>, &Option<String>) -> Option<String> + Sync + 'a;

/// The definitions an API is joined from: the target's and the reference's (the first built
/// on each, by path and line).
fn target_and_reference(
    files: &[ScannedFile],
    defs: &[(IdParts, DefRef)],
    cfg: &ScanConfig,
) -> (Option<DefRef>, Option<DefRef>) {
    let (tbit, rbit) = (cfg.target_bit(), cfg.reference_bit());
    let on = |bit: u64| {
        defs.iter()
            .map(|d| d.1)
            .find(|r| files[r.file].mask & bit != 0)
    };
    (on(tbit), on(rbit))
}

/// The refusing guards of (file, decl): `(line, message)`.
type GuardRefusals = BTreeMap<(usize, usize), Vec<(u32, Option<String>)>>;

/// Refusals of (file, decl), by line: `(line, message)`.
type OwnRefusals = HashMap<(usize, usize), Vec<(u32, String)>>;

/// The refusals of the target's definitions (docs/RULES.md §4b): of an API whose target
/// definition is not the reference's (or that has none there), the candidates of the
/// target's that are no guard and whose message the reference's definition does not refuse
/// with too; of a definition both build, the candidates whose condition compares a value with
/// the target's operating system (`platform == "windows"`). A candidate whose error is a call
/// counts when the call names an error helper of the tree.
fn own_refusals(
    files: &[ScannedFile],
    defs: &[(IdParts, DefRef)],
    groups: &[std::ops::Range<usize>],
    cfg: &ScanConfig,
    helpers: &Helpers,
) -> (OwnRefusals, Vec<Refusal>) {
    let target_os = cfg.contexts[cfg.target].platform.goos.as_str();
    let mut own = OwnRefusals::default();
    let mut list = Vec::new();
    if files
        .iter()
        .all(|f| f.facts.as_ref().is_none_or(|x| x.refusals.is_empty()))
    {
        return (own, list);
    }
    let of = |r: &DefRef| -> Vec<&crate::facts::refusals::RawRefusal> {
        let Some(facts) = &files[r.file].facts else {
            return Vec::new();
        };
        facts
            .refusals
            .iter()
            .filter(|x| crate::facts::decl_index_at(&facts.decls, x.offset) == Some(r.decl))
            .collect()
    };
    for g in groups {
        let (Some(t), r) = target_and_reference(files, &defs[g.clone()], cfg) else {
            continue;
        };
        let same = r.is_some_and(|r| (t.file, t.decl) == (r.file, r.decl));
        let tf = &files[t.file];
        let Some(facts) = &tf.facts else { continue };
        if facts.refusals.is_empty()
            || helpers.kind_of(tf, &facts.decls[t.decl]) != Some(BodyKind::Real)
        {
            continue;
        }
        let candidates = of(&t);
        if candidates.is_empty() {
            continue;
        }
        let theirs: Vec<&str> = r
            .filter(|_| !same)
            .map(|r| of(&r).iter().map(|x| x.message.as_str()).collect())
            .unwrap_or_default();
        let id = defs[g.start].0.id();
        for c in candidates {
            let guard = facts.guards.iter().any(|gd| gd.offset == c.offset);
            let names_target = c.names_os.as_deref() == Some(target_os);
            if guard
                || (same && !names_target)
                || theirs.contains(&c.message.as_str())
                || c.via.as_ref().is_some_and(|h| !helpers.builds_error(tf, h))
            {
                continue;
            }
            own.entry((t.file, t.decl))
                .or_default()
                .push((c.line, c.message.clone()));
            list.push(Refusal {
                file: tf.rel.clone(),
                line: c.line,
                api: id.clone(),
                condition: c.condition.clone(),
                message: c.message.clone(),
                fields: c.fields.clone(),
            });
        }
    }
    list.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    (own, list)
}

/// The messages of a definition's refusing guards and of its refusals (§4b), in line order
/// (a guard first on a tie), once each (docs/RULES.md §5).
fn refusal_messages(
    guards: Option<&Vec<(u32, Option<String>)>>,
    refusals: Option<&Vec<(u32, String)>>,
) -> Vec<String> {
    let mut by_line: Vec<(u32, &str)> = guards
        .into_iter()
        .flatten()
        .filter_map(|(l, m)| Some((*l, m.as_deref()?)))
        .chain(
            refusals
                .into_iter()
                .flatten()
                .map(|(l, m)| (*l, m.as_str())),
        )
        .collect();
    by_line.sort_by_key(|(l, _)| *l);
    let mut out: Vec<String> = Vec::new();
    for (_, m) in by_line {
        if !out.iter().any(|x| x == m) {
            out.push(m.to_string());
        }
    }
    out
}

/// One API from its definitions (sorted by file and line): status, messages, fields.
fn build_api(
    files: &[ScannedFile],
    defs: &[(IdParts, DefRef)],
    (refusals, own): (&GuardRefusals, &OwnRefusals),
    (cfg, helpers): (&ScanConfig, &Helpers),
    shared: &Shared,
    resolve: &Resolve,
) -> Api {
    let decl = |r: &DefRef| {
        &files[r.file]
            .facts
            .as_ref()
            .expect("definitions come from files with facts")
            .decls[r.decl]
    };
    let (on_target, on_reference) = target_and_reference(files, defs, cfg);
    let first_ref = defs[0].1;
    let first = decl(&first_ref);
    let mut messages: Vec<String> = Vec::new();
    let mut missing_fields = Vec::new();
    let status = match (on_target, on_reference) {
        // Every definition's file is built on the target or the reference (the definitions
        // are gathered so), so no API lacks both.
        (None, _)
            if crate::model::out_of_reach(
                files[first_ref.file].dir(),
                files[first_ref.file].package.as_deref().unwrap_or(""),
                &first.receiver,
                &first.name,
            ) =>
        {
            Status::LinuxInternal
        }
        (None, _) => Status::Missing,
        (Some(t), None) => {
            // What an API only the target has refuses: its whole body, or some inputs.
            let target_decl = decl(&t);
            // An error constructor (`newErrNotImplemented`) only makes the error its callers
            // return: its body is no gap of its own.
            let constructor = crate::facts::body::is_error_constructor_name(&target_decl.name);
            let body = helpers.body_of(&files[t.file], target_decl);
            if let (Some(b), false) = (body, constructor)
                && matches!(b.kind, BodyKind::Error | BodyKind::Panic)
            {
                messages.extend(resolve(&files[t.file], &b.message, &b.message_var));
            }
            if messages.is_empty() {
                messages = refusal_messages(None, own.get(&(t.file, t.decl)));
            }
            Status::WindowsOnly
        }
        (Some(t), Some(r)) => {
            let same = t.file == r.file && t.decl == r.decl;
            let target_decl = decl(&t);
            let refusing = refusals.get(&(t.file, t.decl));
            let inside = own.get(&(t.file, t.decl));
            messages = refusal_messages(refusing, inside);
            let guarded = refusing.is_some() || inside.is_some();
            if same {
                if guarded {
                    Status::Guarded
                } else {
                    Status::Portable
                }
            } else {
                if let (Some(tf), Some(rf)) = (target_decl.fields(), decl(&r).fields()) {
                    missing_fields = rf.iter().filter(|f| !tf.contains(f)).cloned().collect();
                }
                let body = helpers.body_of(&files[t.file], target_decl);
                match body.as_ref().map(|b| b.kind) {
                    Some(BodyKind::Empty | BodyKind::Zero) => {
                        messages.clear();
                        Status::Stub
                    }
                    Some(BodyKind::Error | BodyKind::Panic) => {
                        let b = body.expect("matched above");
                        messages = resolve(&files[t.file], &b.message, &b.message_var)
                            .into_iter()
                            .collect();
                        Status::Unsupported
                    }
                    _ if guarded => Status::Guarded,
                    _ => Status::Native,
                }
            }
        }
    };
    let definitions = defs
        .iter()
        .map(|(_, r)| {
            let d = decl(r);
            Definition {
                file: shared.files[r.file].0.clone(),
                line: d.line,
                platforms: shared.platforms(files[r.file].mask),
                body: helpers.kind_of(&files[r.file], d),
            }
        })
        .collect();
    Api {
        id: defs[0].0.id(),
        package_dir: shared.files[first_ref.file].1.clone(),
        package: shared.files[first_ref.file].2.clone(),
        receiver: first.receiver.clone(),
        name: first.name.clone(),
        kind: first.kind,
        exported: first.name.chars().next().is_some_and(char::is_uppercase),
        status,
        definitions,
        messages,
        missing_fields,
    }
}

/// Go's rule for test names (`testing` / `go test`): `Test` then nothing, or a character that
/// is not a lower-case letter.
fn is_test_name(name: &str) -> bool {
    name.strip_prefix("Test")
        .is_some_and(|rest| !rest.chars().next().is_some_and(char::is_lowercase))
}

/// Test parity on the target: every test function (and suite method `TestXxx`) of the test files
/// built on the target or the reference; not built on the target, skipped there by a guard or a
/// project idiom, or running.
fn test_parity(files: &[ScannedFile], cfg: &ScanConfig, guards: &[Guard]) -> TestParity {
    let (tbit, rbit) = (cfg.target_bit(), cfg.reference_bit());
    // The first skip of each (file, test), in file and line order.
    let mut skips: HashMap<(&str, &str), &Guard> = HashMap::default();
    for g in guards.iter().filter(|g| g.effect == Effect::SkipsTest) {
        if let Some(api) = &g.api {
            skips.entry((g.file.as_str(), api.as_str())).or_insert(g);
        }
    }
    let mut items = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.test && f.mask & (tbit | rbit) != 0)
    {
        let Some(facts) = &f.facts else { continue };
        for d in facts.decls.iter() {
            if !matches!(d.kind, DeclKind::Func | DeclKind::Method) || !is_test_name(&d.name) {
                continue;
            }
            let id = api_id(f.dir(), &d.receiver, &d.name);
            let (status, reason) = if f.mask & tbit == 0 {
                (
                    TestStatus::NotBuilt,
                    Some(format!(
                        "built only on {}",
                        platform_names(cfg, f.mask).join(", ")
                    )),
                )
            } else {
                let skip = skips.get(&(f.rel.as_str(), id.as_str()));
                match skip {
                    Some(g) => (
                        TestStatus::Skipped,
                        Some(g.message.clone().unwrap_or_else(|| g.condition.clone())),
                    ),
                    None => (TestStatus::Runs, None),
                }
            };
            items.push(TestItem {
                id,
                file: f.rel.clone(),
                line: d.line,
                status,
                reason,
            });
        }
    }
    items.sort_by(|a, b| (&a.id, &a.file, a.line).cmp(&(&b.id, &b.file, b.line)));
    let count = |s: TestStatus| items.iter().filter(|i| i.status == s).count();
    TestParity {
        summary: TestSummary {
            total: items.len(),
            runs: count(TestStatus::Runs),
            not_built: count(TestStatus::NotBuilt),
            skipped: count(TestStatus::Skipped),
        },
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids sorted through their parts and directory ranks come out in the order of the id
    /// strings themselves, for directories, receivers and names that share prefixes and hold
    /// bytes below and above `|` (and `|` itself, in directory names).
    #[test]
    fn ids_sort_by_parts_as_by_strings() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        const DIRS: &[&str] = &[".", "a", "a-b", "a/b", "a.b", "ab", "a~", "é", "a/é", "b"];
        const WITH_BAR: &[&str] = &["a|b", "a|", "a||b"];
        const RECEIVERS: &[&str] = &[
            "",
            "",
            "T",
            "T2",
            "Ta",
            "T_",
            "t",
            "Ü",
            "Contain",
            "Containe",
            "Container",
            "Container2",
        ];
        const NAMES: &[&str] = &[
            "F",
            "F2",
            "Fa",
            "F_",
            "f",
            "G",
            "Ü",
            "_x",
            "IpcMount",
            "IpcMounts",
            "IpcMountsX",
        ];
        for bars in [false, true] {
            let dirs: Vec<&str> = DIRS
                .iter()
                .chain(if bars { WITH_BAR } else { &[] })
                .copied()
                .collect();
            let picks: Vec<(&str, &str, &str)> = (0..3000)
                .map(|_| {
                    let d = dirs[next(dirs.len())];
                    let r = RECEIVERS[next(RECEIVERS.len())];
                    let n = NAMES[next(NAMES.len())];
                    (d, r, n)
                })
                .collect();
            let ranks = dir_ranks(&picks.iter().map(|p| p.0).collect::<Vec<_>>());
            let mut by_parts: Vec<IdParts> = picks
                .iter()
                .zip(&ranks)
                .map(|(&(dir, receiver, name), &rank)| IdParts::new(rank, dir, receiver, name))
                .collect();
            by_parts.sort_by(|a, b| a.cmp_as_id(b));
            let mut by_string: Vec<String> = picks.iter().map(|p| api_id(p.0, p.1, p.2)).collect();
            by_string.sort();
            let got: Vec<String> = by_parts.iter().map(IdParts::id).collect();
            assert_eq!(got, by_string, "directories with '|': {bars}");
        }
    }
}
