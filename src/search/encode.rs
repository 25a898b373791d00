//! The bytes `themes/default/static/search.js` reads (format in `search/mod.rs`): varints,
//! term shards and their hash, the facet table. A change here is a change there.

use super::postings::List;
use crate::hash::FastMap;
use crate::model::labels::Choice;
use crate::model::visibility::Listed;

/// FNV-1a over UTF-8 bytes, 32 bits: the shard of a term (the browser computes the same).
pub fn shard_of(term: &str, shards: usize) -> usize {
    let h = term.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    h as usize % shards
}

use crate::varint::put as varint;

/// A term shard: each term (sorted), its number of postings, then the postings' length and
/// the postings themselves (document deltas, with the weight when it is not 1).
pub(super) fn shard(terms: &[(String, List)]) -> Vec<u8> {
    let mut f = Vec::new();
    let mut postings = Vec::new();
    for (t, list) in terms {
        varint(&mut f, t.len() as u64);
        f.extend_from_slice(t.as_bytes());
        varint(&mut f, list.len() as u64);
        postings.clear();
        let mut prev = 0u32;
        for (i, packed) in list.iter().enumerate() {
            let (doc, w) = (packed >> 8, packed & 0xff);
            let delta = if i == 0 { doc } else { doc - prev };
            prev = doc;
            varint(&mut postings, u64::from(delta) << 1 | u64::from(w != 1));
            if w != 1 {
                postings.push(w as u8);
            }
        }
        // Their length, so a reader skips the postings of the terms it was not asked.
        varint(&mut f, postings.len() as u64);
        f.extend_from_slice(&postings);
    }
    f
}

/// Bytes per document in the facet table for `n` combinations.
pub(super) fn combo_width(n: usize) -> usize {
    match n {
        0..=256 => 1,
        257..=65_536 => 2,
        _ => 3,
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// The facet table, for filters, counts and date sorting. Documents come newest first, so a
/// day's documents are adjacent, and few (column, issuer, attribute, type) combinations
/// occur; it holds, in varints unless said otherwise:
///
/// - the number of combinations, then each: column, issuer, attribute << 4 | type (a byte);
/// - the number of date runs, then each: the day (days since 2000-01-01, zigzag, as a
///   difference from the run before), and how many documents share it;
/// - each document's combination: one byte, or two or three (LE) when there are over 256 or
///   over 65,536 of them.
///
/// About 3 bytes a document on the benchmark corpus, where one row per document took 5.
pub(super) fn facets(entries: &[Listed]) -> Vec<u8> {
    let epoch = crate::date::Date::new(2000, 1, 1).map_or(0, |d| d.days());
    encode_facets(entries.iter().map(|e| {
        // Positions in the labels' tables, as `meta.json` lists them.
        let attribute = e.attribute().index() as u8;
        let doc_type = e.doc_type().index() as u8;
        let combo = (
            e.category(),
            e.issuer(),
            kinds(attribute, validity(e), doc_type),
        );
        (combo, e.published().days() - epoch)
    }))
}

/// A document's 有效性 as the search facet codes it: 0 for none, else 1 + its place among
/// the status labels (a typed one is one of them).
fn validity(e: &Listed) -> u8 {
    use crate::model::lifecycle::Status;
    let labels = Status::labels();
    e.shown_validity()
        .and_then(|v| labels.iter().position(|l| *l == v))
        .map_or(0, |i| i as u8 + 1)
}

/// The kinds byte: public attribute (2 bits), 有效性 (3 bits), document type (3 bits).
pub(super) fn kinds(attribute: u8, validity: u8, doc_type: u8) -> u8 {
    attribute << 6 | validity << 3 | doc_type
}

/// A facet table from each document's (column, issuer, kinds) and day.
pub(super) fn encode_facets(rows: impl Iterator<Item = ((usize, usize, u8), i64)>) -> Vec<u8> {
    let mut combos: FastMap<(usize, usize, u8), u32> = FastMap::default();
    let mut order: Vec<(usize, usize, u8)> = Vec::new();
    let mut ids = Vec::new();
    let mut runs: Vec<(i64, u64)> = Vec::new();
    for (combo, day) in rows {
        let id = *combos.entry(combo).or_insert_with(|| {
            order.push(combo);
            (order.len() - 1) as u32
        });
        ids.push(id);
        match runs.last_mut() {
            Some((d, n)) if *d == day => *n += 1,
            _ => runs.push((day, 1)),
        }
    }
    let mut out = Vec::with_capacity(ids.len() * 2 + order.len() * 3 + runs.len() * 3);
    varint(&mut out, order.len() as u64);
    for &(category, issuer, kinds) in &order {
        varint(&mut out, category as u64);
        varint(&mut out, issuer as u64);
        out.push(kinds);
    }
    varint(&mut out, runs.len() as u64);
    let mut prev = 0;
    for &(day, n) in &runs {
        varint(&mut out, zigzag(day - prev));
        varint(&mut out, n);
        prev = day;
    }
    let width = combo_width(order.len());
    for id in ids {
        out.extend_from_slice(&id.to_le_bytes()[..width]);
    }
    out
}
