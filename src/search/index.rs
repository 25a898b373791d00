//! Building and writing the search index (format in `search/mod.rs`): the terms of each
//! document and their weights come from `weights.rs`, the bytes `search.js` reads from
//! `encode.rs`; this file puts them together into files.

use super::postings::{Builders, List, Piece, Postings};
use super::scratch::Scratch;
use super::{encode, weights};
use crate::diag::Diagnostic;
use crate::hash::FastMap;
use crate::model::document::{Attachment, Attribute, DocType};
use crate::model::labels::Choice;
use crate::model::visibility::{Catalogue, Listed};
use crate::output::Sink;
use crate::site_map;
use crate::source::extract::{self, Reader};
use rayon::prelude::*;
use weights::AttachmentTerms;

/// Documents per result-line file.
pub const GROUP: usize = 4;
/// Target size of a term shard: a query fetches one shard per term.
const SHARD_BYTES: usize = 8 * 1024;
const SNIPPET_CHARS: usize = 140;
/// Terms with their postings, one list per shard.
type ByShard<'a> = Vec<Vec<(String, List<'a>)>>;

/// Documents indexed together by one thread.
const CHUNK: usize = 1024;

/// The result line's snippet: the 内容概述 when there is one (SPEC §14), else the opening of
/// the published text.
fn snippet(e: &Listed) -> String {
    match (e.summary(), e.text()) {
        (Some(summary), _) => crate::markdown::text::opening(summary, SNIPPET_CHARS),
        (None, Some(text)) => crate::markdown::text::opening(text, SNIPPET_CHARS),
        (None, None) => "本信息为依申请公开，全文不在网上公开。".to_string(),
    }
}

/// The attachments of a document that search looks into, in slot order: those of a 主动公开
/// document that can be read as text (`Listed::attachments` has no other).
fn indexed<'s>(e: &Listed<'s>) -> impl Iterator<Item = &'s Attachment> {
    (e.attachments().iter())
        .filter(|a| extract::readable(&a.file_name))
        .take(weights::ATTACHMENT_SLOTS)
}

/// The terms of each attachment of `e` search looks into, with its slot (from the
/// attachments' cache after the first build: no text is decoded).
fn attachment_terms(e: &Listed, reader: &Reader) -> Vec<(usize, AttachmentTerms)> {
    indexed(e)
        .enumerate()
        .filter_map(|(slot, a)| {
            let terms = reader.open(&a.source, &a.file_name).derive_as(
                "search-terms-2",
                |t| t.as_ref().ok().map(weights::attachment_terms),
                |terms| {
                    terms
                        .as_ref()
                        .map(AttachmentTerms::encode)
                        .unwrap_or_default()
                },
                // No bytes: the file had no text to give.
                |bytes| match bytes {
                    [] => Some(None),
                    _ => AttachmentTerms::decode(bytes).map(Some),
                },
            );
            Some((slot, terms?))
        })
        .collect()
}

/// Build the index of `cat` (its documents, and the text of their public attachments read
/// through `attachments`) and hand its files to `sink`.
pub fn write_index(cat: &Catalogue, attachments: &Reader, sink: &dyn Sink) -> Vec<Diagnostic> {
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
                    let attached = attachment_terms(e, attachments);
                    weights::document_terms(cat, e, &attached, &mut scratch, &mut long, |k, w| {
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
        .map(|(k, list)| (weights::key_text(k, &long_words), list))
        .collect();
    let total = 4 * terms.len() + 2 * postings.len();
    let shards = (total / SHARD_BYTES).clamp(1, 4096);
    let mut by_shard: ByShard = vec![Vec::new(); shards];
    for (t, list) in terms {
        by_shard[encode::shard_of(&t, shards)].push((t, list));
    }
    // Each shard is written as soon as it is encoded, not held until all are.
    let mut problems: Vec<Diagnostic> = by_shard
        .into_par_iter()
        .enumerate()
        .filter_map(|(n, mut terms)| {
            terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            sink.write(&site_map::search_terms(n), encode::shard(&terms))
                .err()
        })
        .collect();
    problems.extend(
        sink.write(site_map::SEARCH_FACETS, encode::facets(entries))
            .err(),
    );
    let cfg = cat.config;
    // Result lines, GROUP documents a file: [title, link, index number, document number,
    // date, snippet] each, then [[name, link], …] of the attachments searched, if any.
    let lines: Vec<Diagnostic> = entries
        .par_chunks(GROUP)
        .enumerate()
        .filter_map(|(g, chunk)| {
            let lines: Vec<_> = chunk
                .iter()
                .map(|e| {
                    let mut line = serde_json::json!([
                        e.title(),
                        e.url(),
                        e.index_no(),
                        e.doc_no().unwrap_or(""),
                        e.published().to_string(),
                        snippet(e),
                    ]);
                    let searched: Vec<_> = indexed(e)
                        .map(|a| {
                            [
                                a.file_name.clone(),
                                site_map::attachment_href(e.slug(), &a.file_name),
                            ]
                        })
                        .collect();
                    if !searched.is_empty() {
                        line.as_array_mut()
                            .expect("an array")
                            .push(serde_json::json!(searched));
                    }
                    line
                })
                .collect();
            let json = serde_json::to_vec(&lines).expect("strings serialise");
            sink.write(&site_map::search_docs(g), json).err()
        })
        .collect();
    problems.extend(lines);
    let meta = meta(cfg, entries.len(), shards);
    problems.extend(
        sink.write(site_map::SEARCH_META, meta.to_string().into_bytes())
            .err(),
    );
    problems
}

/// `search/meta.json`: the format, where the other files are, the sizes, and the facets'
/// names.
fn meta(cfg: &crate::config::Config, docs: usize, shards: usize) -> serde_json::Value {
    serde_json::json!({
        "format": 6,
        // Where the index's other files are, from the site's root (search.js reads them
        // here rather than knowing them): `{}` stands for a shard's or a group's number.
        "files": {
            "terms": site_map::search_terms("{}"),
            "docs": site_map::search_docs("{}"),
            "facets": site_map::SEARCH_FACETS,
        },
        "docs": docs,
        "shards": shards,
        "group": GROUP,
        "categories": cfg.categories.iter().map(|c| serde_json::json!([c.id, c.name, c.parent.map_or(-1, |p| p as i64)])).collect::<Vec<_>>(),
        "issuers": cfg.issuers.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
        // Listed documents only: never 不予公开.
        "attributes": Attribute::labels().into_iter().filter(|&l| l != Attribute::Withheld.label()).collect::<Vec<_>>(),
        "types": DocType::labels(),
        // 有效性, coded from 1 (0: none).
        "validity": crate::model::lifecycle::Status::labels(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::encode::{combo_width, encode_facets, shard_of};
    use super::super::tokenize::number_key;
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

    fn no_attachments() -> Reader {
        Reader::new(std::path::Path::new("/nonexistent"), [], [])
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
        assert!(write_index(&cat, &no_attachments(), &files).is_empty());
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
            [
                super::super::encode::kinds(0, 0, 2),
                super::super::encode::kinds(1, 0, 2)
            ],
            "proactive and on-request, both 其他, neither with a status"
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
