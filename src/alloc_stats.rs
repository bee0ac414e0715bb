//! Allocation counts for measuring (`cargo build --release --features alloc-stats`): the
//! binary's allocator then counts what it hands out, and `WINPARITY_TIMING=1` prints the live
//! bytes and the number of allocations beside each phase. Off by default: the counters cost
//! two atomic operations per allocation.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Bytes allocated and not yet freed.
pub static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Allocations (and reallocations) so far.
pub static COUNT: AtomicUsize = AtomicUsize::new(0);

/// mimalloc, counted.
pub struct Counting;

// SAFETY: every call is passed on unchanged to mimalloc, which upholds GlobalAlloc's contract.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Relaxed);
        COUNT.fetch_add(1, Relaxed);
        // SAFETY: the caller's layout, as GlobalAlloc::alloc requires.
        unsafe { mimalloc::MiMalloc.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        // SAFETY: `p` was allocated by this allocator with layout `l`.
        unsafe { mimalloc::MiMalloc.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        LIVE.fetch_add(n.wrapping_sub(l.size()), Relaxed);
        COUNT.fetch_add(1, Relaxed);
        // SAFETY: `p` was allocated by this allocator with layout `l`; `n` is the caller's.
        unsafe { mimalloc::MiMalloc.realloc(p, l, n) }
    }
}

/// `live N MB, allocs N`.
pub fn summary() -> String {
    format!(
        "live {} MB, allocs {}",
        LIVE.load(Relaxed) >> 20,
        COUNT.load(Relaxed)
    )
}
