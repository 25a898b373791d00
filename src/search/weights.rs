//! What a search finds a document by, and how strongly: each document's terms (title,
//! numbers, keywords, issuer and column names, published text) with a weight per field, and
//! the packed number each term is kept under while the index is built.

use super::scratch::{Scratch, Tally};
use super::tokenize::{Term, each_term, number_key};
use crate::hash::FastMap;
use crate::model::visibility::{Catalogue, Listed};

/// Field weights: what a match in each field adds to a document's score.
const TITLE: u32 = 10;
const NUMBERS: u32 = 8;
const KEYWORDS: u32 = 6;
const NAMES: u32 = 2;
const BODY: u32 = 1;
/// A term as a number: a Han bigram and a Latin word of up to seven bytes are packed exactly;
/// a longer word or a number key is hashed, and its text kept aside.
fn key(t: Term, long: &mut Vec<(u64, String)>) -> u64 {
    match t {
        Term::Pair(a, b) => 1 << 63 | u64::from(a as u32) << 21 | u64::from(b as u32),
        Term::Word(w) if w.len() <= 7 => {
            let packed = w.bytes().fold(0u64, |k, b| k << 8 | u64::from(b));
            (w.len() as u64) << 56 | packed
        }
        Term::Word(w) => long_key(w, long),
    }
}

fn long_key(w: &str, long: &mut Vec<(u64, String)>) -> u64 {
    let h = crate::hash::stable(w.as_bytes()) & ((1 << 56) - 1);
    let k = 0x7f << 56 | h;
    long.push((k, w.to_string()));
    k
}

/// The text of a packed term.
pub(super) fn key_text(k: u64, long: &FastMap<u64, String>) -> String {
    if k >> 63 == 1 {
        let a = char::from_u32(((k >> 21) & 0x1f_ffff) as u32).unwrap_or('?');
        let b = char::from_u32((k & 0x1f_ffff) as u32).unwrap_or('?');
        return [a, b].iter().collect();
    }
    let len = (k >> 56) as usize;
    if len <= 7 {
        return (0..len)
            .rev()
            .map(|i| ((k >> (8 * i)) & 0xff) as u8 as char)
            .collect();
    }
    long.get(&k).cloned().unwrap_or_default()
}

/// An index or document number's exact key outweighs every field.
const EXACT: u32 = 255;

/// One document's terms with their weights, each term once, handed to `emit` in no particular
/// order: the weights of the fields it occurs in (each field once), plus one per body
/// occurrence up to four.
pub(super) fn document_terms(
    cat: &Catalogue,
    e: &Listed,
    map: &mut Scratch,
    long: &mut Vec<(u64, String)>,
    mut emit: impl FnMut(u64, u8),
) {
    map.start();
    let mut add = |text: &str, field: u8, w: u32, long: &mut Vec<(u64, String)>| {
        each_term(text, |t| {
            let slot = map.tally(key(t, long));
            if w == BODY {
                slot.body += 1;
            } else if slot.last_field != field {
                slot.fields += w;
                slot.last_field = field;
            }
        })
    };
    add(e.title(), 0, TITLE, long);
    add(e.index_no(), 1, NUMBERS, long);
    if let Some(no) = e.doc_no() {
        add(no, 2, NUMBERS, long);
    }
    for k in e.keywords() {
        add(k, 3, KEYWORDS, long);
    }
    let cfg = cat.config;
    add(&cfg.issuers[e.issuer()].name, 4, NAMES, long);
    add(&cfg.categories[e.category()].name, 5, NAMES, long);
    if let Some(text) = e.text() {
        add(text, 6, BODY, long);
    }
    for number in std::iter::once(e.index_no()).chain(e.doc_no()) {
        let k = number_key(number);
        if !k.is_empty() {
            let exact = Tally {
                fields: EXACT,
                body: 0,
                last_field: u8::MAX,
            };
            map.set(long_key(&format!("={k}"), long), exact);
        }
    }
    for (t, tally) in map.terms() {
        emit(t, (tally.fields + tally.body.min(4)).clamp(1, EXACT) as u8);
    }
}
