//! The hash maps of the index and the join: many small keys (names, ids, type nodes), looked up
//! and inserted millions of times a scan, with no untrusted party to defend against, so a fast
//! hash (foldhash) rather than the standard library's SipHash (BENCHMARKS.md: the join's maps
//! moved to it, 51 M fewer instructions on moby with vendor).

/// A map with a fast hash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A set with a fast hash.
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
