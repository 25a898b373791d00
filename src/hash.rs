//! Hashes, two kinds and no others.
//!
//! - [`FastMap`], [`FastSet`] and [`FastHasher`] (rustc-hash's FxHash) for the maps of paths,
//!   terms and grams that every build and every `serve` round fills (SipHash showed at 7 % of
//!   a rebuild in the profile). Not for untrusted keys: the maps hold the site's own data.
//! - [`stable`] where output bytes depend on the value (issuer URL ids, search shards, which
//!   `search.js` computes the same way): FNV-1a, the same on every machine, version and run.

pub use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet, FxHasher as FastHasher};

/// FNV-1a over `bytes`: stable across machines and releases, mirrored by the theme's script.
pub fn stable(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A fast hash of a value, for change detection and cache keys (never written out).
pub fn fast<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_is_fnv1a() {
        assert_eq!(stable(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn fast_tells_contents_apart() {
        assert_ne!(fast(b"<p>a</p>".as_slice()), fast(b"<p>b</p>".as_slice()));
        assert_eq!(fast("x"), fast("x"));
    }
}
