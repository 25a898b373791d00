//! Building and writing the search index (format in `search/mod.rs`).

use super::postings::{Builders, List, Piece, Postings};
use super::scratch::{Scratch, Tally};
use super::tokenize::{Term, each_term, number_key};
use crate::diag::Diagnostic;
use crate::hash::FastMap;
use crate::model::document::{Attribute, DocType};
use crate::model::labels::Choice;
use crate::model::visibility::{Catalogue, Listed};
use crate::render::Sink;
use crate::site_map;
use rayon::prelude::*;

/// Documents per result-line file.
pub const GROUP: usize = 4;
/// Field weights: what a match in each field adds to a document's score.
const TITLE: u32 = 10;
const NUMBERS: u32 = 8;
const KEYWORDS: u32 = 6;
const NAMES: u32 = 2;
const BODY: u32 = 1;
/// Target size of a term shard: a query fetches one shard per term.
const SHARD_BYTES: usize = 8 * 1024;
const SNIPPET_CHARS: usize = 140;
/// Terms with their postings, one list per shard.
type ByShard<'a> = Vec<Vec<(String, List<'a>)>>;

/// Documents indexed together by one thread.
const CHUNK: usize = 1024;

/// FNV-1a over UTF-8 bytes, 32 bits: the shard of a term (the browser computes the same).
pub fn shard_of(term: &str, shards: usize) -> usize {
    let h = term.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    h as usize % shards
}

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
fn key_text(k: u64, long: &FastMap<u64, String>) -> String {
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
fn document_terms(
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

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The opening of the published text for the result line.
fn snippet(e: &Listed) -> String {
    match e.text() {
        Some(text) => crate::markdown::text::opening(text, SNIPPET_CHARS),
        None => "本信息为依申请公开，全文不在网上公开。".to_string(),
    }
}

/// Bytes per document in the facet table for `n` combinations.
fn combo_width(n: usize) -> usize {
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
fn facets(entries: &[Listed]) -> Vec<u8> {
    let epoch = crate::model::date::Date::new(2000, 1, 1).map_or(0, |d| d.days());
    encode_facets(entries.iter().map(|e| {
        // Positions in the labels' tables, as `meta.json` lists them.
        let attribute = e.attribute().index() as u8;
        let doc_type = e.doc_type().index() as u8;
        let combo = (e.category(), e.issuer(), attribute << 4 | doc_type);
        (combo, e.published().days() - epoch)
    }))
}

/// A facet table from each document's (column, issuer, kinds) and day.
fn encode_facets(rows: impl Iterator<Item = ((usize, usize, u8), i64)>) -> Vec<u8> {
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

/// Build the index of `cat` and hand its files to `sink`.
pub fn write_index(cat: &Catalogue, sink: &dyn Sink) -> Vec<Diagnostic> {
    let entries = cat.entries();
    // Postings per term, documents in catalogue order (newest first). Chunks of documents
    // are indexed in parallel, each into a piece of its own (search/postings.rs).
    let builders = Builders::default();
    let chunks: Vec<(Piece, Vec<(u64, String)>)> = entries
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut long = Vec::new();
            let mut scratch = Scratch::new();
            let piece = builders.with(|b| {
                for (i, e) in chunk.iter().enumerate() {
                    let doc = (c * CHUNK + i) as u32;
                    document_terms(cat, e, &mut scratch, &mut long, |k, w| {
                        b.add(k, doc << 8 | u32::from(w));
                    });
                }
                b.finish()
            });
            (piece, long)
        })
        .collect();
    drop(builders);
    let mut long_words: FastMap<u64, String> = FastMap::default();
    let mut pieces = Vec::with_capacity(chunks.len());
    for (piece, long) in chunks {
        pieces.push(piece);
        long_words.extend(long);
    }
    let postings = Postings::new(pieces);
    let terms: Vec<(String, List)> = postings
        .terms()
        .map(|(k, list)| (key_text(k, &long_words), list))
        .collect();
    let total = 4 * terms.len() + 2 * postings.len();
    let shards = (total / SHARD_BYTES).clamp(1, 4096);
    let mut by_shard: ByShard = vec![Vec::new(); shards];
    for (t, list) in terms {
        by_shard[shard_of(&t, shards)].push((t, list));
    }
    // Each shard is written as soon as it is encoded, not held until all are.
    let mut problems: Vec<Diagnostic> = by_shard
        .into_par_iter()
        .enumerate()
        .filter_map(|(n, mut terms)| {
            terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut f = Vec::new();
            let mut postings = Vec::new();
            for (t, list) in &terms {
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
            sink.write(&site_map::search_terms(n), f).err()
        })
        .collect();
    problems.extend(sink.write(site_map::SEARCH_FACETS, facets(entries)).err());
    let cfg = cat.config;
    // Result lines, GROUP documents a file: [title, link, index number, document number,
    // date, snippet] each.
    let lines: Vec<Diagnostic> = entries
        .par_chunks(GROUP)
        .enumerate()
        .filter_map(|(g, chunk)| {
            let lines: Vec<_> = chunk
                .iter()
                .map(|e| {
                    let date = e.published().to_string();
                    (
                        e.title(),
                        e.url(),
                        e.index_no(),
                        e.doc_no().unwrap_or(""),
                        date,
                        snippet(e),
                    )
                })
                .collect();
            let json = serde_json::to_vec(&lines).unwrap_or_else(|_| b"[]".to_vec());
            sink.write(&site_map::search_docs(g), json).err()
        })
        .collect();
    problems.extend(lines);
    let meta = serde_json::json!({
        "format": 3,
        "docs": entries.len(),
        "shards": shards,
        "group": GROUP,
        "categories": cfg.categories.iter().map(|c| serde_json::json!([c.id, c.name, c.parent.map_or(-1, |p| p as i64)])).collect::<Vec<_>>(),
        "issuers": cfg.issuers.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
        // Listed documents only: never 不予公开.
        "attributes": Attribute::labels().into_iter().filter(|&l| l != Attribute::Withheld.label()).collect::<Vec<_>>(),
        "types": DocType::labels(),
    });
    problems.extend(
        sink.write(site_map::SEARCH_META, meta.to_string().into_bytes())
            .err(),
    );
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{SITE, doc, site};
    use std::sync::Mutex;

    #[derive(Default)]
    struct Files(Mutex<FastMap<String, Vec<u8>>>);

    impl Sink for Files {
        fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
            self.0.lock().unwrap().insert(rel.to_string(), bytes);
            Ok(())
        }
        fn copy(&self, _: &str, _: &std::path::Path) -> Result<(), Diagnostic> {
            Ok(())
        }
    }

    fn read(bytes: &[u8], i: &mut usize) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = bytes[*i];
            *i += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    /// Decode every shard: term → postings.
    fn decode(files: &FastMap<String, Vec<u8>>) -> FastMap<String, Vec<(u32, u32)>> {
        let mut out = FastMap::default();
        for (_, bytes) in files.iter().filter(|(n, _)| n.starts_with("search/t/")) {
            let mut i = 0;
            while i < bytes.len() {
                let len = read(bytes, &mut i) as usize;
                let term = String::from_utf8(bytes[i..i + len].to_vec()).unwrap();
                i += len;
                let n = read(bytes, &mut i);
                let end = read(bytes, &mut i) as usize + i;
                let mut doc = 0u32;
                let mut list = Vec::new();
                for k in 0..n {
                    let v = read(bytes, &mut i);
                    let delta = (v >> 1) as u32;
                    doc = if k == 0 { delta } else { doc + delta };
                    let w = if v & 1 == 1 {
                        i += 1;
                        u32::from(bytes[i - 1])
                    } else {
                        1
                    };
                    list.push((doc, w));
                }
                assert_eq!(i, end, "the postings' length");
                out.insert(term, list);
            }
        }
        out
    }

    #[test]
    fn index_holds_listed_text_only() {
        let s = site(
            SITE,
            vec![
                doc(
                    1,
                    "title: 非洲猪瘟防控通知\ndoc_no: 开府办发〔2019〕38号",
                    "全县生猪养殖场要加强消毒。",
                ),
                doc(
                    2,
                    "attribute: 依申请公开\ntitle: 申请类文件",
                    "内部审批流程绝密段落",
                ),
                doc(
                    3,
                    "attribute: 不予公开\ntitle: 涉密会议纪要",
                    "不能公开的内容",
                ),
            ],
        );
        let cat = Catalogue::new(&s);
        let files = Files::default();
        assert!(write_index(&cat, &files).is_empty());
        let files = files.0.into_inner().unwrap();
        let idx = decode(&files);
        assert!(idx.contains_key("猪瘟") && idx.contains_key("消毒"));
        assert!(
            idx["猪瘟"][0].1 > idx["消毒"][0].1,
            "titles weigh more than bodies"
        );
        assert!(
            idx.contains_key("申请"),
            "on-request metadata is searchable"
        );
        for secret in ["绝密", "审批", "涉密", "纪要", "不能"] {
            assert!(!idx.contains_key(secret), "{secret} must not be indexed");
        }
        assert!(idx.contains_key(&format!("={}", number_key("开府办发[2019]38号"))));
        let all: String = files
            .values()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        assert!(!all.contains("涉密会议纪要") && !all.contains("绝密段落"));
        let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
        assert_eq!(meta["docs"], 2);
        let facets = decode_facets(&files["search/facets.bin"], 2);
        assert_eq!(facets.len(), 2);
        let mut kinds: Vec<u8> = facets.iter().map(|f| f.2).collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [2, 1 << 4 | 2],
            "proactive and on-request, both 其他"
        );
    }

    /// Each document's ((column, issuer, kinds), day), as search.js reads the table.
    fn decode_facets(bytes: &[u8], docs: usize) -> Vec<(usize, usize, u8, i64)> {
        let mut i = 0;
        let n = read(bytes, &mut i) as usize;
        let mut combos = Vec::new();
        for _ in 0..n {
            let c = read(bytes, &mut i) as usize;
            let s = read(bytes, &mut i) as usize;
            combos.push((c, s, bytes[i]));
            i += 1;
        }
        let mut days = Vec::new();
        let mut day = 0i64;
        for _ in 0..read(bytes, &mut i) {
            let z = read(bytes, &mut i);
            day += (z >> 1) as i64 ^ -((z & 1) as i64);
            for _ in 0..read(bytes, &mut i) {
                days.push(day);
            }
        }
        let width = combo_width(n);
        assert_eq!(bytes.len() - i, docs * width, "one id per document");
        (0..docs)
            .map(|d| {
                let mut id = [0u8; 4];
                id[..width].copy_from_slice(&bytes[i + d * width..i + (d + 1) * width]);
                let (c, s, k) = combos[u32::from_le_bytes(id) as usize];
                (c, s, k, days[d])
            })
            .collect()
    }

    #[test]
    fn facet_table_round_trips() {
        // Over 256 combinations (two-byte ids), dates before 2000, a date out of order.
        let rows: Vec<((usize, usize, u8), i64)> = (0..600usize)
            .map(|d| ((d % 300, d % 7, (d % 3) as u8), 9000 - (d as i64 / 5) * 37))
            .chain([((1, 1, 0), -400), ((1, 1, 0), 5)])
            .collect();
        let bytes = encode_facets(rows.iter().copied());
        let got = decode_facets(&bytes, rows.len());
        for (d, ((c, s, k), day)) in rows.iter().enumerate() {
            assert_eq!(got[d], (*c, *s, *k, *day), "document {d}");
        }
        // A typical table: few combinations, days shared: under two bytes a document.
        let rows = (0..1000usize).map(|d| ((d % 40 % 12, d % 40, 2u8), 9000 - d as i64 / 3));
        assert!(encode_facets(rows).len() < 2000);
    }

    #[test]
    fn snippet_is_plain_bounded_text() {
        let line = "一二三四五六七八九十".repeat(3);
        let body = format!(
            "# 标题\n\n| 表 | 格 |\n|---|---|\n| 甲 | 乙 |\n\n**{line}**\n\n{line}\n\n{line}\n\n{line}\n\n{line}\n"
        );
        let s = site(SITE, vec![doc(1, "title: 通知", &body)]);
        let cat = Catalogue::new(&s);
        let text = snippet(&cat.entries()[0]);
        assert_eq!(text.chars().count(), SNIPPET_CHARS);
        assert!(text.starts_with("标题 表 格 甲 乙 一二三"), "{text}");
        assert!(!text.contains(['*', '|', '#']), "{text}");
        // A line ending just before the limit leaves no trailing space.
        let exact = "甲".repeat(SNIPPET_CHARS - 1);
        let s = site(
            SITE,
            vec![doc(1, "title: 通知", &format!("{exact}\n\n乙乙"))],
        );
        let cat = Catalogue::new(&s);
        assert_eq!(snippet(&cat.entries()[0]), exact);
    }

    #[test]
    fn shard_hash_is_fnv1a() {
        assert_eq!(shard_of("", 1000), 0x811c_9dc5usize % 1000);
        assert_eq!(shard_of("a", 1 << 30), 0xe40c_292c_usize % (1 << 30));
    }
}
