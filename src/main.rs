// The join and the report allocate many small strings; mimalloc does that faster than the
// system allocator (measured in BENCHMARKS.md).
#[cfg(not(feature = "alloc-stats"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Counted, for measuring (src/alloc_stats.rs).
#[cfg(feature = "alloc-stats")]
#[global_allocator]
static GLOBAL: winparity::alloc_stats::Counting = winparity::alloc_stats::Counting;

/// mimalloc's `mi_option_purge_delay` (`mi_option_e` of include/mimalloc.h, v2 and v3 of
/// libmimalloc-sys 0.1.49): how long freed memory stays committed before it goes back to the OS.
#[cfg(not(feature = "alloc-stats"))]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The purge delay set, in milliseconds (mimalloc v3's default is 1000).
#[cfg(not(feature = "alloc-stats"))]
const PURGE_DELAY_MS: std::ffi::c_long = 20;

/// mimalloc's `mi_option_arena_eager_commit`: whether an arena is committed when reserved.
#[cfg(not(feature = "alloc-stats"))]
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// mimalloc's `mi_option_allow_thp`: whether its OS memory may be transparent huge pages (in
/// v3, which libmimalloc-sys 0.1.49 builds unless its `v2` feature is on; v2 numbers it 37).
#[cfg(all(not(feature = "alloc-stats"), target_os = "linux"))]
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Whether the environment sets `name`, in any case (mimalloc reads its variables so).
#[cfg(not(feature = "alloc-stats"))]
fn env_sets(name: &str) -> bool {
    std::env::vars_os().any(|(k, _)| k.to_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))
}

fn main() -> std::process::ExitCode {
    // Memory a scan frees (its per-file work, the graph's file bytes) goes back to the OS soon,
    // and arenas are committed as they are used (on overcommitting systems mimalloc commits
    // them whole). 20 ms after it is freed, not at once: with huge pages off (below), giving memory back
    // at once cost 5–10 % of a vendor scan in page faults for 5 MB less; v3's default, a
    // second, keeps it all to the end (moby with vendor: 219–240 MB at once, 223–246 MB at
    // 20 ms, 278–297 MB at 1 s; BENCHMARKS.md). Set only from mimalloc's defaults, so a build
    // whose options mean other things is left alone, and so is a delay the user set.
    #[cfg(not(feature = "alloc-stats"))]
    // SAFETY: mi_option_get and mi_option_set only read and write mimalloc's option table.
    unsafe {
        if !env_sets("MIMALLOC_PURGE_DELAY")
            && libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) > PURGE_DELAY_MS
        {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
        }
        if libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT) == 2 {
            libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        }
        // No transparent huge pages, unless the user asks for them: the scan's facts and
        // the graph are many small blocks spread over mimalloc's pages, and a huge page stays
        // whole while one block of it lives (moby with vendor: peak RSS 261–298 MB → 219–232
        // MB, system time 0.60 → 0.41 s, wall 0.94 → 0.85 s, BENCHMARKS.md). mimalloc reads
        // its own `allow_thp` before `main`: the process-wide switch is what it would set.
        #[cfg(target_os = "linux")]
        if !env_sets("MIMALLOC_ALLOW_THP")
            && libmimalloc_sys::mi_option_get(MI_OPTION_ALLOW_THP) == 1
        {
            libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0);
            // SAFETY: PR_SET_THP_DISABLE takes integer arguments (unsigned long, as the kernel
            // reads them) and touches no memory of ours; a kernel without it returns an error,
            // which changes nothing.
            let one: libc::c_ulong = 1;
            let zero: libc::c_ulong = 0;
            libc::prctl(libc::PR_SET_THP_DISABLE, one, zero, zero, zero);
        }
    }
    winparity::cli::run(std::env::args_os())
}
