//! What is published as it is (SPEC §9, §15): public attachments by their readings, the
//! site's own files by name, images and own files read completely, and copies of
//! confidential files, in the one order every driver takes ([`scan_published`]).

use super::*;

/// Everything published as it is, in the one order every driver takes (SPEC §9, §15):
/// public attachments by their readings, the site's own files by name, images and own files
/// read completely, and last the copies of confidential files, each compared by the digest
/// of what was read of it above (so a copy is judged by the bytes the output writes).
pub fn scan_published(
    secrets: &Secrets,
    root: &std::path::Path,
    cat: &Catalogue,
    attachments: &Reader,
    own: &[(String, String, std::path::PathBuf)],
) -> Quotes {
    let mut quotes = scan_attachments(secrets, cat, attachments);
    quotes.extend(scan_files(secrets, own));
    quotes.extend(scan_whole_files(secrets, root, cat, own));
    quotes.extend(scan_copies(secrets, cat, own));
    quotes
}

/// The text of each public attachment (SPEC §13: the attachments of 主动公开 documents are
/// read): a withheld title or line inside one is published with the file, and the guard
/// reads a copied file only when it is text. Each attachment's pieces (lines, paragraphs,
/// cells) are read as one text, like a body; a finding names the attachment and the piece
/// where the quotation starts.
fn scan_attachments(secrets: &Secrets, cat: &Catalogue, reader: &Reader) -> Quotes {
    let files: Vec<(&Listed, &Attachment)> = (cat.entries().iter())
        .flat_map(|e| e.attachments().iter().map(move |a| (e, a)))
        .collect();
    let found: Vec<Quotes> = files
        .par_iter()
        .map(|(e, a)| {
            // Which confidential documents its text quotes, and where, kept beside its text
            // for these secrets: a rebuild with the same secrets decodes no attachment again.
            let (mut quoted, allowed): (Vec<(u32, String)>, Vec<u64>) =
                if secrets.matcher.is_empty() || !crate::source::extract::readable(&a.file_name)
                {
                    Default::default()
                } else {
                    text_quotes(secrets, reader, a)
                };
            let mut allowed: FastSet<u64> = allowed.into_iter().collect();
            // Then the whole file, every part of it (SPEC §15).
            let mut findings = Vec::new();
            let whole = published_file(secrets, reader.root(), &a.source, &a.file_name);
            match &whole {
                Ok((digest, verdict)) => {
                    for o in &verdict.quoted {
                        if !quoted.iter().any(|(q, _)| q == o) {
                            quoted.push((*o, "（在文件内不显示的部分：页眉页脚、批注、修订、属性或文件结构中）".into()));
                        }
                    }
                    allowed.extend(verdict.allowed.iter().copied());
                    findings.extend(unchecked(a, e, digest, verdict));
                }
                Err(err) => findings.push(
                    Diagnostic::error(
                        codes::ATTACHMENT_UNCHECKED,
                        format!("附件 `{}` 无法读取：{err}，不能确认其中没有不公开的内容 (attachment-unchecked)", a.file_name),
                    )
                    .help("检查文件是否存在、可读")
                    .in_file(e.file())
                    .at(e.position(Field::Attachments))
                    .field(e.key(Field::Attachments)),
                ),
            }
            findings.extend(
                quoted
                    .into_iter()
                    .filter(|(o, _)| (*o as usize) < secrets.owners.len())
                    .map(|(o, place)| {
                        quotation(secrets, o, format!("附件 `{}` {place}", a.file_name))
                            .in_file(e.file())
                            .at(e.position(Field::Attachments))
                            .field(e.key(Field::Attachments))
                    }),
            );
            Quotes { findings, allowed }
        })
        .collect();
    merge(found)
}

/// The quotations in an attachment's text as search reads it, with the piece each starts in.
fn text_quotes(
    secrets: &Secrets,
    reader: &Reader,
    a: &Attachment,
) -> (Vec<(u32, String)>, Vec<u64>) {
    reader
        .open(&a.source, &a.file_name)
        .derive_against("quotes-1", secrets.key, |text| {
            let Ok(text) = text else {
                return Default::default();
            };
            let mut folded = Folded::default();
            let mut starts = Vec::new();
            for (_, piece) in text.pieces() {
                starts.push(folded.chars.len());
                folded.push_str(piece);
            }
            let mut quoted: Vec<(u32, String)> = Vec::new();
            let mut allowed = FastSet::default();
            secrets.matcher.find(&folded, |f| {
                if !secrets.owners[f.owner as usize].withheld
                    && let Some(h) = f.run
                {
                    allowed.insert(h);
                }
                if !quoted.iter().any(|(o, _)| *o == f.owner) {
                    let piece = starts.partition_point(|s| *s <= f.at).saturating_sub(1);
                    quoted.push((f.owner, text.place(piece)));
                }
                true
            });
            (quoted, allowed.into_iter().collect())
        })
}

/// The verdict on a file published as it is, read completely: its bytes are read here, and
/// a file that cannot be read is an error, never a pass. A build keeps the bytes read
/// ([`Secrets::keep`]): the output writes them, not a later reading of the source. A file
/// read ahead ([`read_ahead`]) is judged by the digest of that reading, from the verdicts
/// found before, else from the bytes kept.
pub fn published_file(
    secrets: &Secrets,
    root: &std::path::Path,
    source: &std::path::Path,
    file_name: &str,
) -> Result<
    (
        crate::security::files::Sha256,
        std::sync::Arc<crate::security::files::Verdict>,
    ),
    String,
> {
    let judge = secrets.judge_handle();
    if let Some((digest, _)) = judge.read_before(source) {
        if let Some(v) = judge.found(root, &digest, file_name) {
            return Ok((digest, v));
        }
        let kept = (secrets.keep.as_ref())
            .and_then(|k| k.held(&digest))
            .and_then(|path| std::fs::read(path).ok())
            .filter(|bytes| crate::security::files::sha256(bytes) == digest);
        if let Some(bytes) = kept {
            return Ok((digest, judge.judge_hashed(root, file_name, &bytes, digest)));
        }
    }
    let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
    let (digest, verdict) = judge.judge(root, file_name, &bytes);
    if let Some(keep) = &secrets.keep {
        keep.keep(&digest, &bytes);
    }
    judge.record(source, digest, bytes.len() as u64);
    Ok((digest, verdict))
}

/// SPEC §15's one reading of the files published as they are, before the secrets are known
/// (a build runs it beside their indexing): each file read whole, hashed and kept, and what
/// was read recorded in `readings`. A file that cannot be read or kept, or that is past the
/// size a file may have (it is unchecked whatever it holds), is left to [`published_file`],
/// which reads it again and reports.
pub fn read_ahead(
    keep: &dyn crate::security::files::Keep,
    readings: &crate::security::files::Readings,
    sources: &[std::path::PathBuf],
) {
    let limit = crate::source::extract::complete::MAX_FILE_BYTES;
    sources.par_iter().for_each(|source| {
        if std::fs::metadata(source).is_ok_and(|m| m.len() > limit) {
            return;
        }
        let Ok(bytes) = std::fs::read(source) else {
            return;
        };
        let digest = crate::security::files::sha256(&bytes);
        keep.keep(&digest, &bytes);
        if keep.held(&digest).is_some() {
            (readings.lock())
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(source.clone(), (digest, bytes.len() as u64));
        }
    });
}

/// `attachment-unchecked` for a file the guard could not read completely, unless a person
/// reviewed these very bytes (a limit cannot be reviewed away); `svg-active-content` for an
/// SVG that does more than show a picture.
fn unchecked(
    a: &Attachment,
    e: &Listed,
    digest: &crate::security::files::Sha256,
    verdict: &crate::security::files::Verdict,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |d: Diagnostic| {
        d.in_file(e.file())
            .at(e.position(Field::Attachments))
            .field(e.key(Field::Attachments))
    };
    if let Some(why) = &verdict.facts.active {
        out.push(at(Diagnostic::error(
            codes::SVG_ACTIVE,
            format!(
                "SVG 图片 `{}` {why}，浏览器打开时会执行或加载它 (svg-active-content)",
                a.file_name
            ),
        )
        .help("导出为 PNG 图片后再发布，或删去脚本和外部引用")));
    }
    if verdict.facts.gps {
        out.push(at(gps(&format!("附件 `{}`", a.file_name))));
    }
    let Some(u) = &verdict.unchecked else {
        return out;
    };
    let hex = crate::security::files::hex(digest);
    let reviewed = a.review.as_ref().filter(|r| r.sha256 == hex);
    if reviewed.is_some() && !u.is_limit() {
        return out;
    }
    let (message, help) = match (&a.review, u.is_limit()) {
        (_, true) => (
            format!(
                "附件 `{}` {}，无法完整检查其中是否有不公开的内容，不能发布 (attachment-unchecked)",
                a.file_name,
                u.reason()
            ),
            "超出上限的文件不能以人工审核代替：拆分文件，或另存为较小的 PDF 后再附上".to_string(),
        ),
        (Some(r), false) => (
            format!(
                "附件 `{}` {}；它在 {} 审核之后已被改动，审核不再有效 (attachment-unchecked)",
                a.file_name,
                u.reason(),
                r.by
            ),
            format!(
                "请重新打开文件确认可以公开，再运行 `gongkai review {} --by 姓名`",
                a.rel
            ),
        ),
        (None, false) => (
            format!(
                "附件 `{}` {}，无法完整检查其中是否有不公开的内容 (attachment-unchecked)",
                a.file_name,
                u.reason()
            ),
            format!(
                "去掉密码或另存为普通 PDF 后再附上；确需原样发布的，由人打开确认后运行 `gongkai review {} --by 姓名`",
                a.rel
            ),
        ),
    };
    out.push(at(
        Diagnostic::error(codes::ATTACHMENT_UNCHECKED, message).help(help)
    ));
    out
}

/// The site's own files published as they are (`root/`, `static/`, a theme's static files):
/// their names, and their text when the guard reads them as text. `files` are (where it is
/// published, its path from the site root, where it is on disk).
fn scan_files(secrets: &Secrets, files: &[(String, String, std::path::PathBuf)]) -> Quotes {
    if secrets.matcher.is_empty() {
        return Quotes::default();
    }
    let found: Vec<Quotes> = files
        .par_iter()
        .map(|(to, rel, from)| {
            // Its name, then its text.
            let mut folded = Folded::new(to);
            if crate::security::output::read_as_text(to)
                && let Ok(bytes) = std::fs::read(from)
            {
                crate::security::output::texts(to, &bytes, &mut |t| {
                    folded.chars.extend_from_slice(&t.chars);
                    true
                });
            }
            quotes_in(secrets, &folded, |_| {
                (format!("文件 {rel} "), rel.as_str(), None)
            })
            .unwrap_or_default()
        })
        .collect();
    merge(found)
}

/// A published copy of a confidential document's attachment or image: a public document's
/// attachment or image, or a site's own file, with exactly the bytes of one (a copy under
/// another name, a symbolic link to it). Names alone cannot tell, so contents are compared
/// (only files of a size some confidential file has are read). The very same source file
/// is left to the link rules (`link-to-withheld`, an on-request image shown by a public page).
fn scan_copies(
    secrets: &Secrets,
    cat: &Catalogue,
    own: &[(String, String, std::path::PathBuf)],
) -> Quotes {
    if secrets.files.is_empty() {
        return Quotes::default();
    }
    let judge = secrets.judge_handle();
    let findings = copies(cat, own)
        .par_iter()
        .flat_map_iter(|c| judge_copy(secrets, &judge, c))
        .collect();
    Quotes {
        findings,
        allowed: FastSet::default(),
    }
}

/// A file published as it is, as [`scan_copies`] compares it.
struct Copy<'a> {
    what: String,
    file: &'a str,
    position: Option<crate::diag::position::Position>,
    field: Option<&'a str>,
    source: &'a std::path::Path,
    bytes: Option<u64>,
}

/// Every file published as it is: public attachments and images, and the site's own files.
fn copies<'a>(
    cat: &'a Catalogue,
    own: &'a [(String, String, std::path::PathBuf)],
) -> Vec<Copy<'a>> {
    let mut copies: Vec<Copy> = Vec::new();
    for e in cat.entries() {
        for a in e.attachments() {
            copies.push(Copy {
                what: format!("附件 `{}`", a.file_name),
                file: e.file(),
                position: e.position(Field::Attachments),
                field: Some(e.key(Field::Attachments)),
                source: &a.source,
                bytes: Some(a.bytes),
            });
        }
        for i in e.images() {
            copies.push(Copy {
                what: format!("图片 `{}`", i.written),
                file: e.file(),
                position: None,
                field: None,
                source: &i.source,
                bytes: Some(i.bytes),
            });
        }
    }
    for (_, rel, from) in own {
        copies.push(Copy {
            what: format!("文件 {rel}"),
            file: rel,
            position: None,
            field: None,
            source: from,
            bytes: None,
        });
    }
    copies
}

/// What publishing `c` would give away: each confidential document one of whose listed
/// attachments it is, or one of whose files it equals.
fn judge_copy(
    secrets: &Secrets,
    judge: &crate::security::files::Judge,
    c: &Copy,
) -> Vec<Diagnostic> {
    let bytes = c
        .bytes
        .or_else(|| std::fs::metadata(c.source).ok().map(|m| m.len()))
        .unwrap_or(0);
    // Compared by what was read of it in this run, when it was (then it is what
    // the output writes), else read now.
    let same = match judge.read_before(c.source) {
        Some((digest, bytes)) => crate::security::same_content(&secrets.files, bytes, &digest),
        None => secrets.same_file(c.source, bytes),
    };
    let same: Vec<crate::security::SecretFile> = match same {
        Ok(same) => same,
        Err(e) => {
            // A file that cannot be compared is no pass (SPEC §15).
            let d = Diagnostic::error(
                codes::ATTACHMENT_UNCHECKED,
                format!(
                    "{}无法与不公开文件的附件比较（读取失败：{e}）(attachment-unchecked)",
                    c.what
                ),
            )
            .help("检查文件能否读取")
            .in_file(c.file)
            .at(c.position);
            return vec![d];
        }
    };
    // A file a confidential document lists is never published through another
    // listing: by a `..` path, a link or a copy (SPEC §15).
    let mut out: Vec<Diagnostic> = Vec::new();
    for f in same.iter().filter(|f| f.listed.is_some()) {
        let owner = &secrets.owners[f.owner as usize];
        let kind = if owner.withheld {
            "不予公开"
        } else {
            "依申请公开"
        };
        let d = Diagnostic::error(
            codes::CONFIDENTIAL_ATTACHMENT,
            format!(
                "{}就是{kind}文件 {} 所列的附件 {}（同一文件、链接或副本），不能再经公开文件发布 (confidential-attachment)",
                c.what,
                owner.file,
                f.listed.as_deref().unwrap_or_default()
            ),
        )
        .help("附件的公开属性随文件本身：去掉这个附件；确需公开的，先调整那份文件的公开属性")
        .in_file(c.file)
        .at(c.position);
        out.push(match c.field {
            Some(field) => d.field(field),
            None => d,
        });
    }
    // An image a confidential body shows: the very same file is left to the link rules.
    let owners: Vec<u32> = (same.iter())
        .filter(|f| f.listed.is_none() && f.source != c.source)
        .filter(|f| {
            !same
                .iter()
                .any(|g| g.listed.is_some() && g.owner == f.owner)
        })
        .map(|f| f.owner)
        .collect::<std::collections::BTreeSet<u32>>()
        .into_iter()
        .collect();
    owners
        .into_iter()
        .map(|o| {
            let owner = &secrets.owners[o as usize];
            let d = if owner.withheld {
                Diagnostic::error(
                codes::WITHHELD_QUOTED,
                format!(
                    "{}与不予公开文件 {} 的附件或图片内容完全相同，发布后即泄露 (withheld-quoted)",
                    c.what, owner.file
                ),
            )
            .help("不要发布这份文件；如确需公开，先调整那份不予公开文件的公开属性或附件")
            } else {
                Diagnostic::warning(
                codes::ON_REQUEST_QUOTED,
                format!(
                    "{}与依申请公开文件 {} 的附件或图片内容相同，它会因此公开 (on-request-quoted)",
                    c.what, owner.file
                ),
            )
            .help("确认这份文件可以公开；否则不要发布")
            };
            let d = d.in_file(c.file).at(c.position);
            match c.field {
                Some(f) => d.field(f),
                None => d,
            }
        })
        .chain(out)
        .collect::<Vec<_>>()
}

/// Images beside public documents and the site's own files published as they are, read
/// completely (SPEC §15): a secret anywhere in them (an image's metadata, a PDF's objects in
/// `root/`) is a quotation, and a file that cannot be read completely is
/// `attachment-unchecked` (only attachments can be reviewed).
fn scan_whole_files(
    secrets: &Secrets,
    root: &std::path::Path,
    cat: &Catalogue,
    own: &[(String, String, std::path::PathBuf)],
) -> Quotes {
    let mut files: Vec<(String, &str, &std::path::Path, &str)> = Vec::new();
    for e in cat.entries() {
        for i in e.images() {
            files.push((
                format!("图片 `{}`", i.written),
                e.file(),
                &i.source,
                &i.file_name,
            ));
        }
    }
    for (to, rel, from) in own {
        files.push((format!("文件 {rel}"), rel, from, to));
    }
    let found: Vec<Quotes> = files
        .par_iter()
        .map(|(what, file, source, name)| {
            let mut q = Quotes::default();
            match published_file(secrets, root, source, name) {
                Ok((_, v)) => {
                    for o in &v.quoted {
                        q.findings.push(
                            quotation(secrets, *o, format!("{what}（含其元数据和文件结构）")).in_file(*file),
                        );
                    }
                    q.allowed.extend(v.allowed.iter().copied());
                    if let Some(u) = &v.unchecked {
                        q.findings.push(
                            Diagnostic::error(
                                codes::ATTACHMENT_UNCHECKED,
                                format!("{what}{}，无法完整检查其中是否有不公开的内容 (attachment-unchecked)", u.reason()),
                            )
                            .help("换成能正常打开的文件（图片重新导出，PDF 去掉密码）")
                            .in_file(*file),
                        );
                    }
                    if v.facts.gps {
                        q.findings.push(gps(what).in_file(*file));
                    }
                    if let Some(why) = &v.facts.active {
                        q.findings.push(
                            Diagnostic::error(
                                codes::SVG_ACTIVE,
                                format!("{what} {why}，浏览器打开时会执行或加载它 (svg-active-content)"),
                            )
                            .help("导出为 PNG 图片后再发布，或删去脚本和外部引用")
                            .in_file(*file),
                        );
                    }
                }
                Err(err) => q.findings.push(
                    Diagnostic::error(
                        codes::ATTACHMENT_UNCHECKED,
                        format!("{what}无法读取：{err} (attachment-unchecked)"),
                    )
                    .in_file(*file),
                ),
            }
            q
        })
        .collect();
    merge(found)
}

/// `personal-data` (a warning) for a published photo that says where it was taken.
fn gps(what: &str) -> Diagnostic {
    Diagnostic::warning(
        "personal-data",
        format!("{what}含有拍摄地点的 GPS 坐标，发布后可知拍摄者或被拍者的位置 (personal data: GPS in a photo)"),
    )
    .help("用图片工具去掉照片的位置信息（EXIF GPS）后再发布")
}
