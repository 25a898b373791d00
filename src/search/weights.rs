//! What a search finds a document by, and how strongly: each document's terms (title,
//! numbers, keywords, issuer and column names, published text) with a weight per field, and
//! the packed number each term is kept under while the index is built.

use super::scratch::{Scratch, Tally};
use super::tokenize::{Term, each_term, number_key};
use crate::hash::FastMap;
use crate::model::visibility::{Catalogue, Listed};
use crate::source::extract::Text;

/// Field weights: what a match in each field adds to a document's score.
const TITLE: u32 = 10;
const NUMBERS: u32 = 8;
const KEYWORDS: u32 = 6;
const NAMES: u32 = 2;
const BODY: u32 = 1;
/// A term found only in a document's attachment `k` weighs `ATTACHED + k` in the index (the
/// browser counts it as one, and names attachment `k`): above any sum of field weights, below
/// [`EXACT`].
pub const ATTACHED: u8 = 64;
/// How many of a document's attachments are indexed.
pub const ATTACHMENT_SLOTS: usize = 64;
/// How much of one attachment's text is indexed, in characters (as Elasticsearch's
/// attachment processor takes 100,000 by default): enough for any notice or name list; a
/// longer file is still checked whole by the rules.
pub const ATTACHMENT_CHARS: usize = 100_000;
const _: () = assert!(TITLE + 2 * NUMBERS + KEYWORDS + 2 * NAMES + 4 < ATTACHED as u32);
/// The field number of attachment `k` while a document is tallied.
const FIRST_ATTACHMENT_FIELD: u8 = 16;
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

/// The distinct terms of an attachment's text, as the index keeps them (derived once per
/// file content and kept in the attachments' cache): packed keys, and the text of the long
/// words among them.
#[derive(Debug, Default, PartialEq)]
pub struct AttachmentTerms {
    /// Ascending.
    keys: Vec<u64>,
    long: Vec<(u64, String)>,
}

impl AttachmentTerms {
    /// Varints: the number of keys, each key's difference from the one before, then the
    /// long words (key and text).
    pub fn encode(&self) -> Vec<u8> {
        use crate::varint::put;
        let mut out = Vec::new();
        put(&mut out, self.keys.len() as u64);
        let mut before = 0;
        for &k in &self.keys {
            put(&mut out, k - before);
            before = k;
        }
        put(&mut out, self.long.len() as u64);
        for (k, w) in &self.long {
            put(&mut out, *k);
            put(&mut out, w.len() as u64);
            out.extend_from_slice(w.as_bytes());
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Option<AttachmentTerms> {
        let mut b = crate::varint::Bytes(bytes);
        let mut before = 0u64;
        let keys = (0..b.number()?)
            .map(|_| {
                before = before.checked_add(b.number()?)?;
                Some(before)
            })
            .collect::<Option<Vec<u64>>>()?;
        let long = (0..b.number()?)
            .map(|_| {
                let k = b.number()?;
                Some((k, std::str::from_utf8(b.run()?).ok()?.to_string()))
            })
            .collect::<Option<Vec<_>>>()?;
        b.is_empty().then_some(AttachmentTerms { keys, long })
    }
}

/// The distinct terms of the first [`ATTACHMENT_CHARS`] characters of `text`, each piece (a
/// cell, a line, a page) alone: no pair spans two cells.
pub fn attachment_terms(text: &Text) -> AttachmentTerms {
    let mut keys = crate::hash::FastSet::default();
    let mut long = Vec::new();
    let mut left = ATTACHMENT_CHARS;
    for (_, piece) in text.pieces() {
        let piece = match piece.char_indices().nth(left) {
            Some((end, _)) => &piece[..end],
            None => piece,
        };
        each_indexed_term(piece, |t| {
            keys.insert(key(t, &mut long));
        });
        left = left.saturating_sub(piece.chars().count());
        if left == 0 {
            break;
        }
    }
    let mut keys: Vec<u64> = keys.into_iter().collect();
    keys.sort_unstable();
    long.sort_unstable();
    long.dedup();
    AttachmentTerms { keys, long }
}

/// The terms of a text that are indexed: all but personal numbers (SPEC §15: an ID, bank-card
/// or mobile number left in a file is not found by typing it).
fn each_indexed_term(text: &str, mut emit: impl FnMut(Term)) {
    each_term(text, |t| match t {
        Term::Word(w) if crate::rules::personal_data::is_personal_number(w) => {}
        t => emit(t),
    });
}

/// An index or document number's exact key outweighs every field.
const EXACT: u32 = 255;

/// One document's terms with their weights, each term once, handed to `emit` in no particular
/// order: the weights of the fields it occurs in (each field once), plus one per body
/// occurrence up to four; a term found only in its attachments' `texts` (slot, text) weighs
/// [`ATTACHED`] + the first slot it is in.
pub(super) fn document_terms(
    cat: &Catalogue,
    e: &Listed,
    attached: &[(usize, AttachmentTerms)],
    map: &mut Scratch,
    long: &mut Vec<(u64, String)>,
    mut emit: impl FnMut(u64, u8),
) {
    map.start();
    let mut add = |text: &str, field: u8, w: u32, long: &mut Vec<(u64, String)>| {
        each_indexed_term(text, |t| {
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
    // 内容概述 is public text for every listed document, on-request ones included.
    if let Some(summary) = e.summary() {
        add(summary, 6, BODY, long);
    }
    for (slot, terms) in attached.iter().filter(|(slot, _)| *slot < ATTACHMENT_SLOTS) {
        let field = FIRST_ATTACHMENT_FIELD + *slot as u8;
        for &k in &terms.keys {
            let slot = map.tally(k);
            if slot.fields == 0 && slot.body == 0 && slot.last_field == u8::MAX {
                slot.last_field = field;
            }
        }
        long.extend(terms.long.iter().cloned());
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
        let weight = match tally.fields + tally.body {
            0 => ATTACHED + tally.last_field.saturating_sub(FIRST_ATTACHMENT_FIELD),
            _ => (tally.fields + tally.body.min(4)).clamp(1, EXACT) as u8,
        };
        emit(t, weight);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{SITE, doc, site};
    use crate::search::tokenize::{Term, each_term};

    /// The weight of each of `words` (a Han pair) in one document.
    fn weights_of(body: &str, texts: &[(usize, Text)], words: &[&str]) -> Vec<Option<u8>> {
        let texts: Vec<_> = texts
            .iter()
            .map(|(slot, t)| (*slot, attachment_terms(t)))
            .collect();
        let s = site(SITE, vec![doc(1, "title: 补贴发放通知", body)]);
        let cat = Catalogue::new(&s);
        let mut found = FastMap::default();
        let (mut scratch, mut long) = (Scratch::new(), Vec::new());
        document_terms(
            &cat,
            &cat.entries()[0],
            &texts,
            &mut scratch,
            &mut long,
            |k, w| {
                found.insert(k, w);
            },
        );
        words
            .iter()
            .map(|w| {
                let mut k = None;
                each_term(w, |t: Term| k = Some(key(t, &mut Vec::new())));
                found.get(&k.unwrap()).copied()
            })
            .collect()
    }

    #[test]
    fn a_term_only_in_an_attachment_names_the_first_attachment_holding_it() {
        let texts = [
            (0, Text::lines("耕地地力保护\n名单公示")),
            (1, Text::lines("地力保护补贴")),
        ];
        let got = weights_of(
            "正文说明发放对象。",
            &texts,
            &["地力", "补贴", "名单", "发放", "公示"],
        );
        assert_eq!(got[0], Some(ATTACHED), "in attachments 0 and 1: the first");
        assert_eq!(
            got[1],
            Some(TITLE as u8),
            "also in the title: the document's weight"
        );
        assert_eq!(got[2], Some(ATTACHED), "only in attachment 0");
        assert!(got[3].unwrap() < ATTACHED, "in the title and body");
        assert_eq!(got[4], Some(ATTACHED));
        let got = weights_of("正文。", &[(3, Text::lines("发票"))], &["发票"]);
        assert_eq!(
            got[0],
            Some(ATTACHED + 3),
            "the slot is the attachment's own"
        );
    }

    #[test]
    fn attachment_terms_round_trip_and_damage_is_refused() {
        let terms = attachment_terms(&Text::lines("地力保护 prequalification 2026\n补贴"));
        assert!(terms.keys.len() >= 5 && terms.long.len() == 1);
        let bytes = terms.encode();
        assert_eq!(AttachmentTerms::decode(&bytes), Some(terms));
        assert_eq!(AttachmentTerms::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(AttachmentTerms::decode(b"[1,2]"), None);
    }

    #[test]
    fn pairs_do_not_span_pieces_and_long_texts_are_cut() {
        let texts = [(0, Text::lines("张三\n李四"))];
        assert_eq!(weights_of("正文。", &texts, &["三李"]), [None]);
        let long = format!("{}末尾", "甲".repeat(ATTACHMENT_CHARS));
        let got = weights_of("正文。", &[(0, Text::lines(&long))], &["甲甲", "末尾"]);
        assert_eq!(got, [Some(ATTACHED), None]);
    }
}
