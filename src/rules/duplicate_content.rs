//! The `duplicate-content` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::annual;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::hash::{FastMap, FastSet};
use rayon::prelude::*;
use std::collections::HashMap;

rule! {
    /// `duplicate-content`: a published body the same as, or nearly the same as, an earlier one —
    /// text copied from elsewhere, or an old item re-posted under a new date (旧稿新发, which the
    /// national inspection rules treat as forging a date).
    ///
    /// It points at the later document (published date, then index number) and names the
    /// earlier file, date and title; each pair is reported once.
    ///
    /// The method: each published body is reduced to its letters, digits and Chinese characters.
    /// Its set of 5-character shingles is summarised in one pass by a one-permutation MinHash
    /// sketch of 128 bins (a rolling hash, so each character costs two multiplications).
    /// Sketches are bucketed by locality-sensitive hashing, 16 bands of 8 bins; only documents
    /// sharing a bucket are compared, so the cost grows with the text, not with the square of
    /// the number of documents. A pair at or above `duplicate_similarity` (estimated Jaccard
    /// similarity) is reported. Bodies under 100 characters ("详见附件") are skipped: short
    /// boilerplate is legitimately repeated.
    ///
    /// Measured with `bench/duplicates.py` (10,000 generated documents plus 200 planted copies
    /// dated later, threshold 0.8): of 50 copies each, unchanged copies (旧稿新发) 50 were
    /// reported, copies with a few words changed 50, with one paragraph rewritten 38, with half
    /// the paragraphs replaced 0 (they are different documents); and no finding on any of the
    /// 10,000 originals, whose bodies share stock phrases but are different texts.
    ///
    /// A newer document whose text is mostly contained in an older, longer one — a re-post
    /// with its tables or appendix cut, no longer alike as a whole — is reported too (SPEC
    /// §14): documents sharing many of their sketch's rarer bin minima are candidates, and
    /// the containment |A∩B|/|A| is estimated from the Jaccard estimate and the two sizes.
    /// `bench/duplicates.py` plants copies with their second half cut: 40 of 50 reported,
    /// and still no finding on the 10,000 originals; the check costs ~40 ms more.
    ///
    /// An annual report (SPEC §11) is compared on its prose only — sections 一、总体情况,
    /// 五、存在的主要问题及改进情况 and 六、其他需要报告的事项 — since its tables repeat the
    /// national labels every year by nature: a report whose prose copies last year's is
    /// reported, one that only shares the tables is not.
    pub const RULE = Rule {
        code: "duplicate-content",
        label: "内容重复（旧稿新发）",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(|ctx, site| check(site.bodies, ctx.cat.config, ctx.settings.duplicate_similarity))],
    };
}

const BINS: usize = 128;
const BANDS: usize = 16;
const ROWS: usize = BINS / BANDS;
const SHINGLE: usize = 5;
const MIN_CHARS: usize = 100;
/// Documents compared within one bucket at most; a bucket this full holds copies of one
/// text, and each is still compared with the earliest ones.
const BUCKET_CAP: usize = 32;
const EMPTY: u32 = u32::MAX;

/// The least hash of each bin: 32 bits are plenty to tell shingles apart, and half the
/// memory of 10,000 sketches (5 MB), which this machine pays for on first touch.
pub struct Sketch([u32; BINS], u32);

impl Sketch {
    /// How many shingles the text has (its set's size, near enough for a text that does not
    /// repeat itself).
    fn shingles(&self) -> f64 {
        f64::from(self.1)
    }
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Letters, digits and Chinese characters: what two copies of a text share. Common ranges are
/// decided without the Unicode tables, which dominated the profile.
fn is_text(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{4e00}'..='\u{9fff}' => true,
        '\u{3000}'..='\u{303f}' | '\u{2000}'..='\u{206f}' => false,
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => true,
        '\u{ff00}'..='\u{ffef}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The text characters of a body as code points, decoded by hand: nearly every character of
/// a Chinese document is ASCII or a three-byte sequence, and those take no table lookup.
fn text_chars(text: &str) -> impl Iterator<Item = u32> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let lead = b[i];
            if lead < 0x80 {
                i += 1;
                if lead.is_ascii_alphanumeric() {
                    return Some(u32::from(lead.to_ascii_lowercase()));
                }
            } else if (0xe0..0xf0).contains(&lead) && i + 2 < b.len() {
                let c = (u32::from(lead & 0x0f) << 12)
                    | (u32::from(b[i + 1] & 0x3f) << 6)
                    | u32::from(b[i + 2] & 0x3f);
                i += 3;
                if (0x4e00..=0x9fff).contains(&c) || char::from_u32(c).is_some_and(is_text) {
                    return Some(c);
                }
            } else {
                // Two- and four-byte characters: rare; decode them properly.
                let ch = text[i..].chars().next()?;
                i += ch.len_utf8();
                if is_text(ch) {
                    return Some(ch as u32);
                }
            }
        }
        None
    })
}

/// The sketch of a body, or `None` when it is too short to judge.
pub fn sketch(text: &str) -> Option<Sketch> {
    // Rabin-Karp rolling hash of the last SHINGLE characters: two multiplications a
    // character, then one multiply-xorshift so the top bits choose the bin evenly.
    const BASE: u64 = 0x9e37_79b9_7f4a_7c15;
    let out_factor = (1..SHINGLE).fold(1u64, |f, _| f.wrapping_mul(BASE));
    let mut window = [0u64; SHINGLE];
    let mut n = 0usize;
    let mut rolling = 0u64;
    let mut bins = [EMPTY; BINS];
    for c in text_chars(text) {
        let code = u64::from(c) + 1;
        let slot = n % SHINGLE;
        rolling = rolling
            .wrapping_sub(window[slot].wrapping_mul(out_factor))
            .wrapping_mul(BASE)
            .wrapping_add(code);
        window[slot] = code;
        n += 1;
        if n < SHINGLE {
            continue;
        }
        let h = rolling.wrapping_mul(0xd6e8_feb8_6659_fd93);
        let h = h ^ (h >> 32);
        let bin = (h >> 57) as usize;
        // The top 32 of the 57 bits below the bin's: the least of them is the same shingle's
        // as with all 57, but for a tie.
        let v = ((h & (u64::MAX >> 7)) >> 25) as u32;
        if v < bins[bin] {
            bins[bin] = v;
        }
    }
    let shingles = (n + 1).saturating_sub(SHINGLE) as u32;
    (n >= MIN_CHARS).then_some(Sketch(bins, shingles))
}

/// Estimated Jaccard similarity of the two bodies' shingle sets.
pub fn similarity(a: &Sketch, b: &Sketch) -> f64 {
    let (mut same, mut used) = (0u32, 0u32);
    for (x, y) in a.0.iter().zip(&b.0) {
        if *x == EMPTY && *y == EMPTY {
            continue;
        }
        used += 1;
        same += u32::from(x == y);
    }
    if used == 0 {
        0.0
    } else {
        f64::from(same) / f64::from(used)
    }
}

/// Pairs (later, earlier, similarity) at or above `threshold`; each later document appears
/// once, with the earlier document most like it. `order` gives each document's age rank.
pub fn similar_pairs(sketches: &[(usize, Sketch)], threshold: f64) -> Vec<(usize, usize, f64)> {
    let mut candidates: FastSet<u64> = FastSet::default();
    for band in 0..BANDS {
        let mut buckets: FastMap<u64, Vec<usize>> = FastMap::default();
        for (i, (_, s)) in sketches.iter().enumerate() {
            let key = s.0[band * ROWS..(band + 1) * ROWS]
                .iter()
                .fold(band as u64, |h, &v| mix(h ^ u64::from(v)));
            buckets.entry(key).or_default().push(i);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            for (j, &b) in members.iter().enumerate().skip(1) {
                for &a in members.iter().take(j.min(BUCKET_CAP)) {
                    candidates.insert(((a as u64) << 32) | b as u64);
                }
            }
        }
    }
    let mut best: HashMap<usize, (usize, f64)> = HashMap::new();
    let mut pairs: Vec<u64> = candidates.into_iter().collect();
    pairs.sort_unstable();
    for pair in pairs {
        let (a, b) = ((pair >> 32) as usize, (pair & 0xffff_ffff) as usize);
        let sim = similarity(&sketches[a].1, &sketches[b].1);
        if sim + 1e-9 < threshold {
            continue;
        }
        let (ra, rb) = (sketches[a].0, sketches[b].0);
        let (later, earlier) = if ra > rb { (ra, rb) } else { (rb, ra) };
        let slot = best.entry(later).or_insert((earlier, -1.0));
        if sim > slot.1 || (sim == slot.1 && earlier < slot.0) {
            *slot = (earlier, sim);
        }
    }
    let mut out: Vec<(usize, usize, f64)> = best.into_iter().map(|(l, (e, s))| (l, e, s)).collect();
    out.sort_unstable_by_key(|&(l, _, _)| l);
    out
}

/// Informative bin minima (not stock text) a pair must share before its containment is
/// estimated: at least this many, and this share of the fewer informative bins of the two —
/// about what a text four-fifths inside one twice its length shares (J ≈ 0.4).
const CONTAINED_MIN_SHARED: u32 = 6;
/// The bins that choose candidates (half the sketch: the estimate itself uses all of it).
const CANDIDATE_BINS: usize = BINS / 2;
/// Bits of a bucket key that hold the document: 6 for the bin, 32 for its minimum, the rest
/// for up to 67 million documents (more are not compared by containment).
const DOC_BITS: u32 = 26;
const _: () = assert!(CANDIDATE_BINS <= 1 << (64 - 32 - DOC_BITS));
const CONTAINED_SHARE: f64 = 0.3;

/// Whether the newer of two documents is the shorter, as a copy with parts cut is.
fn cut_candidate(sketches: &[(usize, Sketch)], a: usize, b: usize) -> bool {
    let (ra, rb) = (sketches[a].0, sketches[b].0);
    let (later, earlier) = if ra > rb { (a, b) } else { (b, a) };
    sketches[later].1.shingles() < sketches[earlier].1.shingles()
}

/// Pairs (later, earlier, containment) where most of the later, shorter text is inside the
/// earlier one — a re-post with its tables or appendix cut, which is no longer alike as a
/// whole. Candidates are documents sharing many bin minima (each (bin, minimum) is a bucket;
/// a minimum shared by more than [`BUCKET_CAP`] documents is stock text and tells nothing);
/// containment |A∩B|/|A| is estimated from the Jaccard estimate J and the sizes as
/// J·(|A|+|B|)/((1+J)·|A|).
pub fn contained_pairs(sketches: &[(usize, Sketch)], threshold: f64) -> Vec<(usize, usize, f64)> {
    // Every (bin, minimum) with its document, packed in one word and sorted: each run is a
    // bucket. Flat words sorted in parallel cost a fraction of a map of lists, and half of
    // (u64, u32) pairs, whose padding the sort also moves.
    let docs = sketches.len().min(1 << DOC_BITS);
    let mut keys: Vec<u64> = Vec::with_capacity(docs * CANDIDATE_BINS);
    for (i, (_, s)) in sketches[..docs].iter().enumerate() {
        let bins = s.0[..CANDIDATE_BINS].iter().enumerate();
        for (bin, &v) in bins.filter(|(_, v)| **v != EMPTY) {
            keys.push(((bin as u64) << (32 + DOC_BITS)) | (u64::from(v) << DOC_BITS) | i as u64);
        }
    }
    keys.par_sort_unstable();
    let doc_of = |k: u64| (k & ((1 << DOC_BITS) - 1)) as u32;
    // Each document's informative bins: minima no more than BUCKET_CAP documents share.
    let mut informative = vec![0u32; docs];
    let mut pair_keys: Vec<u64> = Vec::new();
    for run in keys
        .chunk_by(|x, y| x >> DOC_BITS == y >> DOC_BITS)
        .filter(|r| r.len() <= BUCKET_CAP)
    {
        for (j, &k) in run.iter().enumerate() {
            let b = doc_of(k);
            informative[b as usize] += 1;
            // Only pairs whose newer text is the shorter can be a cut copy: the others are
            // never counted (half the pairs, and half the sort).
            pair_keys.extend(
                run[..j]
                    .iter()
                    .map(|&a| doc_of(a))
                    .filter(|&a| cut_candidate(sketches, a as usize, b as usize))
                    .map(|a| (u64::from(a) << 32) | u64::from(b)),
            );
        }
    }
    drop(keys);
    pair_keys.par_sort_unstable();
    let shared = pair_keys
        .chunk_by(|x, y| x == y)
        .map(|run| (run[0], run.len() as u32));
    let mut best: HashMap<usize, (usize, f64)> = HashMap::new();
    let mut pairs: Vec<u64> = shared
        .into_iter()
        .filter(|&(p, n)| {
            let (a, b) = ((p >> 32) as usize, (p & 0xffff_ffff) as usize);
            let base = informative[a].min(informative[b]);
            n >= CONTAINED_MIN_SHARED && f64::from(n) >= CONTAINED_SHARE * f64::from(base)
        })
        .map(|(p, _)| p)
        .collect();
    pairs.sort_unstable();
    for pair in pairs {
        let (a, b) = ((pair >> 32) as usize, (pair & 0xffff_ffff) as usize);
        let (ra, rb) = (sketches[a].0, sketches[b].0);
        let (later, earlier) = if ra > rb { (a, b) } else { (b, a) };
        let (small, large) = (sketches[later].1.shingles(), sketches[earlier].1.shingles());
        if small >= large {
            continue; // not a cut copy: alike as wholes, or the newer is the longer
        }
        let j = similarity(&sketches[later].1, &sketches[earlier].1);
        let contained = (j * (small + large) / ((1.0 + j) * small)).min(1.0);
        if contained + 1e-9 < threshold {
            continue;
        }
        let slot = best
            .entry(sketches[later].0)
            .or_insert((sketches[earlier].0, -1.0));
        if contained > slot.1 || (contained == slot.1 && sketches[earlier].0 < slot.0) {
            *slot = (sketches[earlier].0, contained);
        }
    }
    let mut out: Vec<(usize, usize, f64)> = best.into_iter().map(|(l, (e, c))| (l, e, c)).collect();
    out.sort_unstable_by_key(|&(l, _, _)| l);
    out
}

pub fn check(bodies: &[Body], config: &Config, threshold: f64) -> Vec<Diagnostic> {
    // Age rank: oldest first by (published, index number), so "later" means re-posted.
    let mut order: Vec<usize> = (0..bodies.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (bodies[a].doc, bodies[b].doc);
        (x.published(), x.index_no()).cmp(&(y.published(), y.index_no()))
    });
    // An indexed collect, sized once; a filtered one grows list after list.
    let all: Vec<Option<(usize, Sketch)>> = order
        .par_iter()
        .enumerate()
        .map(|(rank, &i)| {
            let doc = bodies[i].doc;
            let text = doc.text()?;
            let sketch = match annual::report_year(doc, config) {
                Some(_) => sketch(&annual::read::prose(text)),
                None => sketch(text),
            };
            Some((rank, sketch?))
        })
        .collect();
    let sketches: Vec<(usize, Sketch)> = all.into_iter().flatten().collect();
    let alike = similar_pairs(&sketches, threshold);
    let reported: FastSet<usize> = alike.iter().map(|&(l, _, _)| l).collect();
    let contained = contained_pairs(&sketches, threshold)
        .into_iter()
        .filter(|(l, _, _)| !reported.contains(l))
        .map(|(l, e, c)| (l, e, c, true));
    alike
        .into_iter()
        .map(|(l, e, s)| (l, e, s, false))
        .chain(contained)
        .map(|(later, earlier, sim, inside)| {
            let (l, e) = (&bodies[order[later]], &bodies[order[earlier]]);
            let what = match annual::report_year(l.doc, config) {
                Some(_) => "年度报告的第一、五、六部分",
                None => "正文",
            };
            let how = if inside {
                format!("大部分（约 {:.0}%）重复，删去了部分内容", sim * 100.0)
            } else if sim >= 0.999 {
                "相同".to_string()
            } else {
                format!("高度相似（约 {:.0}%）", sim * 100.0)
            };
            let repost = if l.doc.published() > e.doc.published() {
                "；如为旧稿新发，发布日期就不真实"
            } else {
                ""
            };
            l.warning(
                RULE.code,
                0,
                format!(
                    "{what}与 {}（{} 发布，《{}》）{how}{repost} (duplicate content)",
                    e.doc.file(),
                    e.doc.published(),
                    e.doc.title()
                ),
            )
            .help("删除重复发布的文件并保留原文件；转载须注明来源并确有必要；阈值见 site.toml [rules] duplicate_similarity")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::Catalogue;
    use crate::rules::testing::{SITE, doc, site};

    const TEXT: &str = "为进一步加强和改进政府信息公开工作，提高政府工作透明度，促进依法行政，根据《中华人民共和国政府信息公开条例》，结合本县实际，现就有关事项通知如下。一、提高认识，加强领导。各乡镇、各部门要把政务公开作为转变政府职能的重要抓手，明确分管领导和具体工作人员。二、突出重点，拓展公开内容。重点做好财政预决算、重大建设项目、公共资源配置等领域的信息公开。三、完善制度，规范公开程序。严格落实保密审查制度，做到先审查、后公开。";

    fn run(docs: Vec<crate::source::SourceFile>, threshold: f64) -> Vec<Diagnostic> {
        let s = site(SITE, docs);
        let cat = Catalogue::new(&s);
        let bodies: Vec<Body> = cat
            .entries()
            .iter()
            .filter_map(|e| Some(Body::new(e, e.body()?)))
            .collect();
        check(&bodies, cat.config, threshold)
    }

    #[test]
    fn identical_text_reposted_later_is_reported_on_the_later_one() {
        let found = run(
            vec![
                doc(1, "published: 2024-03-01", TEXT),
                doc(2, "published: 2026-11-02", TEXT),
            ],
            0.8,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file.as_deref(), Some("content/002.md"));
        assert!(found[0].message.contains("content/001.md"));
        assert!(found[0].message.contains("相同"));
        assert!(found[0].message.contains("旧稿新发"));
    }

    #[test]
    fn a_lightly_edited_copy_is_nearly_the_same() {
        let edited = TEXT
            .replace("本县", "我县")
            .replace("通知如下", "通知如下：");
        let found = run(vec![doc(1, "", TEXT), doc(2, "", &edited)], 0.8);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("相似"));
    }

    #[test]
    fn a_copy_with_its_second_half_cut_is_contained_in_the_original() {
        let long = format!(
            "{TEXT}四、强化监督考核。县政务公开办每季度对各单位栏目更新、政策解读和依申请公开办理情况进行检查，检查结果纳入年度绩效考核，对工作不力的单位予以通报。五、加强队伍建设。各单位要配齐配强工作人员，定期组织业务培训，不断提高政务公开工作的专业化水平。"
        );
        let cut: String = long.chars().take(long.chars().count() / 2).collect();
        let whole = |a: &str, b: &str| similarity(&sketch(a).unwrap(), &sketch(b).unwrap());
        assert!(whole(&long, &cut) < 0.8, "not alike as wholes");
        let found = run(
            vec![
                doc(1, "published: 2024-03-01", &long),
                doc(2, "published: 2026-11-02", &cut),
            ],
            0.8,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].file.as_deref(), Some("content/002.md"));
        assert!(
            found[0].message.contains("删去了部分内容"),
            "{}",
            found[0].message
        );
        // The other way round — the newer text is the longer — is no cut copy.
        let found = run(
            vec![
                doc(1, "published: 2024-03-01", &cut),
                doc(2, "published: 2026-11-02", &long),
            ],
            0.8,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn different_and_short_texts_pass() {
        let other = "县人民政府办公室关于印发二〇二六年度政务公开工作要点的通知。各乡镇人民政府，县直各部门：现将本年度要点印发给你们，请认真抓好落实。一是深化重点领域信息公开，二是加强政策解读回应，三是提升平台建设水平，四是强化监督保障，确保各项任务按期完成，并于年底前报送工作总结。五是加强业务培训，提高工作人员的能力和水平。";
        assert!(run(vec![doc(1, "", TEXT), doc(2, "", other)], 0.8).is_empty());
        assert!(
            run(
                vec![doc(1, "", "详见附件。"), doc(2, "", "详见附件。")],
                0.8
            )
            .is_empty()
        );
    }

    /// Two years' reports share their national tables; only their prose tells copying.
    #[test]
    fn annual_reports_are_compared_on_their_prose_not_their_tables() {
        let toml = format!("{SITE}[rules]\nannual_report_category = \"zcwj\"\n");
        let draft = crate::annual::draft::body(&crate::annual::figures::sample(2025));
        let with_prose = |prose: [&str; 3]| {
            let mut body = draft.clone();
            for p in prose {
                let at = body.find("【待填写】").unwrap();
                let end = at + body[at..].find('）').unwrap() + '）'.len_utf8();
                body.replace_range(at..end, p);
            }
            body
        };
        let a = with_prose([
            "全年主动公开信息一千二百条，办理申请四十一件，全部按期答复。",
            "政策解读形式单一，明年增加图解和视频解读，加强培训。",
            "未收取信息处理费，没有其他需要报告的事项，特此报告。",
        ]);
        let b = with_prose([
            "本年度围绕重点领域深化公开，新建专题栏目三个，回应关切二十次。",
            "个别栏目更新滞后，将实行周检查月通报制度，确保按时更新。",
            "依法收取信息处理费零元，建议提案办理结果均已集中公开。",
        ]);
        // As wholes the two are alike: the tables are most of their text.
        let (ta, tb) = (
            crate::markdown::render(&a).text,
            crate::markdown::render(&b).text,
        );
        assert!(similarity(&sketch(&ta).unwrap(), &sketch(&tb).unwrap()) >= 0.8);
        let report = |n: usize, year: i32, body: &str| {
            doc(
                n,
                &format!(
                    "title: 县政府办公室{year}年政府信息公开工作年度报告\npublished: {}-01-20",
                    year + 1
                ),
                body,
            )
        };
        let run_with = |docs| {
            let s = site(&toml, docs);
            let cat = Catalogue::new(&s);
            let bodies: Vec<Body> = (cat.entries().iter())
                .filter_map(|e| Some(Body::new(e, e.body()?)))
                .collect();
            check(&bodies, cat.config, 0.8)
        };
        assert!(run_with(vec![report(1, 2024, &a), report(2, 2025, &b)]).is_empty());
        let copied = run_with(vec![report(1, 2024, &a), report(2, 2025, &a)]);
        assert_eq!(copied.len(), 1, "{copied:?}");
        assert!(copied[0].message.contains("年度报告的第一、五、六部分"));
    }

    #[test]
    fn hand_decoding_keeps_exactly_the_text_characters() {
        let text = "示例 County（２０２６）：第1号、é—𠀀!";
        let fast: Vec<u32> = text_chars(text).collect();
        let slow: Vec<u32> = text
            .chars()
            .filter(|&c| is_text(c))
            .map(|c| c.to_ascii_lowercase() as u32)
            .collect();
        assert_eq!(fast, slow);
    }

    #[test]
    fn rolling_hash_depends_only_on_the_window() {
        // The same five characters hash alike wherever they occur.
        let a = sketch(&"甲乙丙丁戊".repeat(30)).unwrap();
        let b = sketch(&format!("己{}", "甲乙丙丁戊".repeat(30))).unwrap();
        assert!(similarity(&a, &b) > 0.5);
    }

    #[test]
    fn sketch_similarity_tracks_jaccard() {
        let a = sketch(TEXT).unwrap();
        assert!((similarity(&a, &a) - 1.0).abs() < 1e-9);
        let first: String = TEXT.chars().take(TEXT.chars().count() / 2).collect();
        let half = format!("{first}{}", "完全不同的后半部分文字内容，用来检验相似度估计是否落在合理的区间之内，而不是接近一或者接近零的极端数值，再多写一些字让长度足够，确保样本充分。".repeat(2));
        let b = sketch(&half).unwrap();
        let s = similarity(&a, &b);
        assert!(s > 0.15 && s < 0.7, "{s}");
    }
}
