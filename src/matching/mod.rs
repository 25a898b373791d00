//! Text as secrets are compared (SPEC §9): folding (`fold.rs`: white space removed,
//! full-width forms folded to half-width, look-alikes read as the letters they show) and the
//! one automaton that finds secret names and runs in folded text (`matcher.rs`). The security
//! checks, the rules' view of published text, the guard and the complete reading of files
//! all pass through here, so they agree on what "the same text" is.

pub mod fold;
pub mod matcher;

pub use matcher::RUN;

/// Shortest withheld title or attachment name that is a secret, in characters.
pub const NAME_CHARS: usize = 8;
