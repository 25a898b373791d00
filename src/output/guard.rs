//! The leak guard: every file the build writes is read for secrets (SPEC §9, the definition
//! in `security`) before it is written. It is the last line of defence behind
//! `model::visibility` and the quotation rules: a secret those rules reported as a warning
//! (`on-request-quoted`) is let through, any other stops the build, and the message names
//! the file and the document the secret belongs to, never the secret itself.

use crate::hash::FastSet;
use crate::matching::matcher::Matcher;
use crate::security::{Owner, Secrets, output};
use std::sync::Arc;

/// Whether a file is scanned. Every page, feed, export and search result file is; the binary
/// search postings (`.bin`) are not: they hold index terms (two-character pairs, words and
/// numbers) as keys, never running text.
pub fn scanned(rel: &str) -> bool {
    !rel.ends_with(".bin")
}

pub struct Guard {
    /// The whole secrets, for the confidential files a copy is compared with.
    files: Arc<crate::hash::FastMap<u64, Vec<crate::security::SecretFile>>>,
    matcher: Arc<Matcher>,
    owners: Arc<Vec<Owner>>,
    /// Runs of on-request bodies that a rule reported as quoted.
    allowed: FastSet<u64>,
    /// The verdicts on files read completely (SPEC §15), shared with the rules.
    judge: crate::security::files::Judge,
    /// Where verdicts are kept: the site's folder.
    root: std::path::PathBuf,
    /// The SHA-256 (hex) of each attachment a person reviewed, as recorded in its document.
    reviewed: FastSet<String>,
}

impl Guard {
    /// A guard for a build of the site at `root` (there is always one: a file that cannot
    /// be read completely is stopped even when nothing is confidential).
    pub fn new(secrets: &Secrets, allowed: FastSet<u64>, root: &std::path::Path) -> Option<Guard> {
        Some(Guard {
            files: Arc::clone(&secrets.files),
            matcher: Arc::clone(&secrets.matcher),
            owners: Arc::clone(&secrets.owners),
            allowed,
            judge: secrets.judge_handle(),
            root: root.to_path_buf(),
            reviewed: FastSet::default(),
        })
    }

    /// The reviews recorded for public attachments: the SHA-256 of each reviewed file.
    pub fn with_reviewed(mut self, reviewed: impl IntoIterator<Item = String>) -> Guard {
        self.reviewed = reviewed.into_iter().collect();
        self
    }

    /// A file to be copied to `rel` from `from`, read once: the bytes to write, which the
    /// guard has read completely (SPEC §15: a copy is written from the bytes the guard read,
    /// never read again from the source). Refused with the error to report when they hold a
    /// withheld secret, are a withheld file's bytes, or cannot be read completely and were
    /// not reviewed.
    pub fn checked_copy(
        &self,
        rel: &str,
        from: &std::path::Path,
    ) -> Result<Vec<u8>, crate::diag::Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| crate::output::io_diag(rel, &e))?;
        if crate::security::output::read_as_text(rel)
            && let Some(owner) = self.find(rel, &bytes)
        {
            return Err(leak(rel, owner));
        }
        let digest = crate::security::files::sha256(&bytes);
        let verdict = self
            .judge
            .judge_hashed(&self.root, file_name(rel), &bytes, digest);
        self.vet(rel, bytes.len() as u64, &digest, &verdict)?;
        Ok(bytes)
    }

    /// [`Guard::checked_copy`] for a file the rules read completely in this build and kept
    /// in `spool`: where its bytes are, to be linked into the output, without a second
    /// reading. `None` when the spool cannot answer (the file was not kept, is read as text
    /// here, or has no verdict yet): then it is read with `checked_copy`.
    pub fn checked_kept(
        &self,
        rel: &str,
        from: &std::path::Path,
        spool: &super::spool::Spool,
    ) -> Option<Result<std::path::PathBuf, crate::diag::Diagnostic>> {
        if crate::security::output::read_as_text(rel) {
            return None;
        }
        let (digest, bytes) = self.judge.read_before(from)?;
        let path = crate::security::files::Keep::held(spool, &digest)?;
        let verdict = self.judge.known(&digest, file_name(rel))?;
        Some(self.vet(rel, bytes, &digest, &verdict).map(|()| path))
    }

    /// The guard's verdict on a copy to `rel` of `bytes` bytes whose SHA-256 is `digest`,
    /// read completely into `verdict`.
    fn vet(
        &self,
        rel: &str,
        bytes: u64,
        digest: &crate::security::files::Sha256,
        verdict: &crate::security::files::Verdict,
    ) -> Result<(), crate::diag::Diagnostic> {
        if let Some(owner) = self.find_in_path(rel) {
            return Err(leak(rel, owner));
        }
        let same = crate::security::same_content(&self.files, bytes, digest)
            .map_err(|e| crate::output::io_diag(rel, &e))?;
        // A withheld document's file, or any file a confidential document lists.
        if let Some(f) = (same.into_iter())
            .find(|f| f.listed.is_some() || self.owners[f.owner as usize].withheld)
        {
            return Err(leak(rel, &self.owners[f.owner as usize].file));
        }
        let allowed = |o: &u32| !self.judge.withheld(*o);
        if let Some(o) = verdict.quoted.iter().find(|o| !allowed(o)) {
            return Err(leak(rel, self.judge.owner_file(*o)));
        }
        if let Some(u) = &verdict.unchecked
            && (u.is_limit() || !self.reviewed.contains(&crate::security::files::hex(digest)))
        {
            return Err(crate::diag::Diagnostic::error(
                crate::diag::codes::ATTACHMENT_UNCHECKED,
                format!(
                    "输出文件 {rel} {}，未经审核，已停止生成 (attachment-unchecked)",
                    u.reason()
                ),
            )
            .help("运行 `gongkai check` 查看是哪份文档的附件，按提示处理"));
        }
        if verdict.facts.active.is_some() {
            return Err(crate::diag::Diagnostic::error(
                crate::diag::codes::SVG_ACTIVE,
                format!("输出文件 {rel} 是含脚本或外部引用的 SVG，已停止生成 (svg-active-content)"),
            ));
        }
        Ok(())
    }

    /// The file of the document whose secret `bytes` (the file `rel`) holds, if any.
    pub fn find(&self, rel: &str, bytes: &[u8]) -> Option<&str> {
        self.find_outside(rel, bytes, 0..0)
    }

    /// The file of the document whose secret the path `rel` holds: a file's name is
    /// published with it (a withheld title as an attachment's or a static file's name).
    pub fn find_in_path(&self, rel: &str) -> Option<&str> {
        let mut found = None;
        self.matcher
            .find(&crate::matching::fold::Folded::new(rel), |f| {
                if f.run.is_some_and(|h| self.allowed.contains(&h)) {
                    return true;
                }
                found = Some(f.owner);
                false
            });
        found.map(|o| self.owners[o as usize].file.as_str())
    }

    /// [`Guard::find`], reading all but the bytes in `skip`: a document's published HTML
    /// that the quotation rules have read with the same reader and the same secrets
    /// (`output::Sink::write_page`). Only a secret they reported as a warning can be there,
    /// and the guard would let it pass.
    pub fn find_outside(
        &self,
        rel: &str,
        bytes: &[u8],
        skip: std::ops::Range<usize>,
    ) -> Option<&str> {
        if let Some(owner) = self.find_in_path(rel) {
            return Some(owner);
        }
        if !scanned(rel) || self.matcher.is_empty() {
            return None;
        }
        let mut found = None;
        output::texts_outside(rel, bytes, skip, &mut |text| {
            self.matcher.find(text, |f| {
                if f.run.is_some_and(|h| self.allowed.contains(&h)) {
                    return true;
                }
                found = Some(f.owner);
                false
            });
            found.is_none()
        });
        found.map(|o| self.owners[o as usize].file.as_str())
    }
}

/// The last part of an output path: the name a copied file is read under.
fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// The error for a secret found in the output: it names the file and the document, never the
/// secret.
pub fn leak(rel: &str, owner: &str) -> crate::diag::Diagnostic {
    crate::diag::Diagnostic::error(
        crate::diag::codes::LEAK,
        format!("构建中止：输出文件 {rel} 含有 {owner} 的不予公开或依申请公开内容，检查规则没有发现它；未写出任何文件 (withheld text in output)"),
    )
    .help("这是 gongkai 或模板的缺陷，请报告；网站保持上次构建的状态")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder that does not exist: verdicts are not kept.
    const NOWHERE: &str = "/nonexistent/gongkai-test";
    use crate::rules::testing::{SITE, doc, site};

    const LINE: &str = "县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项";

    fn guard(docs: Vec<crate::source::SourceFile>) -> Guard {
        Guard::new(
            &Secrets::new(&site(SITE, docs)),
            FastSet::default(),
            NOWHERE.as_ref(),
        )
        .unwrap()
    }

    #[test]
    fn finds_secrets_however_the_page_writes_them() {
        let g = guard(vec![doc(
            1,
            "title: 关于干部调整方案的内部请示件\nattribute: 不予公开",
            LINE,
        )]);
        let half: String = LINE.chars().take(15).collect();
        let rest: String = LINE.chars().skip(15).collect();
        for page in [
            format!("<p>{LINE}</p>"),
            format!("<p>{half}<strong>{rest}</strong></p>"),
            format!("<p>{half}\n  {rest}</p>"),
            format!("<meta name=\"Description\" content=\"{LINE}\">"),
            format!("<!-- {LINE} -->"),
            "<h1>关于干部调整方案的内部请示件</h1>".to_string(),
        ] {
            assert_eq!(
                g.find("docs/x.html", page.as_bytes()),
                Some("content/001.md"),
                "{page}"
            );
        }
        let json = format!("{{\"s\":\"{}\"}}", LINE.replace('二', "\\u4e8c"));
        assert!(g.find("search/d/0.json", json.as_bytes()).is_some());
        // Two blocks each with half the line: no run of 20 characters is whole.
        let split = format!("<p>{half}</p><p>{rest}</p>");
        assert!(g.find("docs/x.html", split.as_bytes()).is_none());
        // A file's name is published with it; a copied text file is read, a PDF is not.
        assert!(
            g.find("docs/x/关于干部调整方案的内部请示件.pdf", b"%PDF")
                .is_some()
        );
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("f");
        std::fs::write(&from, format!("第一行\n{LINE}\n")).unwrap();
        assert!(g.checked_copy("x.txt", &from).is_err());
        assert!(g.checked_copy("x.CSV", &from).is_err());
        // Any other file is read completely too (SPEC §15): its bytes in every encoding.
        assert!(g.checked_copy("x.pdf", &from).is_err());
        std::fs::write(&from, "第一行\n").unwrap();
        assert_eq!(
            g.checked_copy("x.pdf", &from).unwrap(),
            "第一行\n".as_bytes()
        );
    }

    #[test]
    fn reported_runs_pass_and_others_do_not() {
        let s = site(SITE, vec![doc(1, "attribute: 依申请公开", LINE)]);
        let secrets = Secrets::new(&s);
        let mut allowed = FastSet::default();
        secrets
            .matcher
            .find(&crate::matching::fold::Folded::new(LINE), |f| {
                allowed.insert(f.run.unwrap());
                true
            });
        let g = Guard::new(&secrets, allowed, NOWHERE.as_ref()).unwrap();
        assert!(g.find("a.html", LINE.as_bytes()).is_none());
        let s = site(SITE, vec![doc(1, "attribute: 依申请公开", LINE)]);
        let g = Guard::new(&Secrets::new(&s), FastSet::default(), NOWHERE.as_ref()).unwrap();
        assert!(g.find("a.html", LINE.as_bytes()).is_some());
    }

    #[test]
    fn the_same_bytes_are_judged_by_the_name_they_are_published_under() {
        // An SVG that acts, judged first under a text file's name: as an SVG it is still
        // refused (the verdicts of one run are kept by content and extension).
        let g = guard(vec![doc(1, "attribute: 不予公开", LINE)]);
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("f");
        std::fs::write(
            &from,
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        )
        .unwrap();
        assert!(g.checked_copy("a.txt", &from).is_ok());
        let refused = g.checked_copy("b.svg", &from).unwrap_err();
        assert_eq!(refused.code, crate::diag::codes::SVG_ACTIVE);
    }

    #[test]
    fn a_kept_file_is_vetted_by_the_digest_of_what_was_read() {
        let s = site(SITE, vec![doc(1, "attribute: 不予公开", LINE)]);
        let mut secrets = Secrets::new(&s);
        let dir = tempfile::tempdir().unwrap();
        let spool = std::sync::Arc::new(super::super::spool::Spool::new(dir.path().join("spool")));
        secrets.keep = Some(spool.clone());
        let g = Guard::new(&secrets, FastSet::default(), NOWHERE.as_ref()).unwrap();
        let clean = dir.path().join("clean.pdf");
        let leaking = dir.path().join("leaking.pdf");
        std::fs::write(&clean, "%PDF-1.4 第一行\n").unwrap();
        std::fs::write(&leaking, format!("%PDF-1.4 {LINE}\n")).unwrap();
        // Not read by the rules yet: the spool cannot answer, and the guard reads itself.
        assert!(g.checked_kept("docs/1/clean.pdf", &clean, &spool).is_none());
        for from in [&clean, &leaking] {
            crate::security::quoting::published_file(&secrets, NOWHERE.as_ref(), from, "x.pdf")
                .unwrap();
        }
        // Saved again after the rules read it: what is linked is what they read.
        std::fs::write(&clean, format!("%PDF-1.4 {LINE}\n")).unwrap();
        let kept = g
            .checked_kept("docs/1/clean.pdf", &clean, &spool)
            .unwrap()
            .unwrap();
        assert_eq!(std::fs::read(kept).unwrap(), "%PDF-1.4 第一行\n".as_bytes());
        let refused = g
            .checked_kept("docs/1/leaking.pdf", &leaking, &spool)
            .unwrap()
            .unwrap_err();
        assert_eq!(refused.code, crate::diag::codes::LEAK);
        // Under a name read as text, the guard reads the file itself.
        assert!(g.checked_kept("docs/1/clean.txt", &clean, &spool).is_none());
    }

    #[test]
    fn a_file_read_ahead_is_judged_and_published_as_it_was_read() {
        let s = site(SITE, vec![doc(1, "attribute: 不予公开", LINE)]);
        let dir = tempfile::tempdir().unwrap();
        let spool = std::sync::Arc::new(super::super::spool::Spool::new(dir.path().join("spool")));
        let readings = crate::security::files::Readings::default();
        let leaking = dir.path().join("a.pdf");
        let clean = dir.path().join("b.pdf");
        std::fs::write(&leaking, format!("%PDF-1.4 {LINE}\n")).unwrap();
        std::fs::write(&clean, "%PDF-1.4 第一行\n").unwrap();
        crate::security::quoting::read_ahead(&*spool, &readings, &[leaking.clone(), clean.clone()]);
        // Saved again after the reading: the verdict and the copy are of what was read.
        std::fs::write(&leaking, "%PDF-1.4 第一行\n").unwrap();
        std::fs::write(&clean, format!("%PDF-1.4 {LINE}\n")).unwrap();
        let mut secrets = Secrets::new(&s);
        secrets.readings = std::sync::Arc::new(readings);
        secrets.keep = Some(spool.clone());
        let root: &std::path::Path = NOWHERE.as_ref();
        let (_, v) =
            crate::security::quoting::published_file(&secrets, root, &leaking, "a.pdf").unwrap();
        assert_eq!(v.quoted.len(), 1);
        let (_, v) =
            crate::security::quoting::published_file(&secrets, root, &clean, "b.pdf").unwrap();
        assert!(v.quoted.is_empty());
        let g = Guard::new(&secrets, FastSet::default(), root).unwrap();
        let refused = g
            .checked_kept("docs/1/a.pdf", &leaking, &spool)
            .unwrap()
            .unwrap_err();
        assert_eq!(refused.code, crate::diag::codes::LEAK);
        let kept = g
            .checked_kept("docs/1/b.pdf", &clean, &spool)
            .unwrap()
            .unwrap();
        assert_eq!(std::fs::read(kept).unwrap(), "%PDF-1.4 第一行\n".as_bytes());
    }

    /// A file past the size any file may have is not read ahead (it is unchecked whatever it
    /// holds): nothing of it is held in memory or kept.
    #[test]
    fn a_file_past_the_size_limit_is_not_read_ahead() {
        let dir = tempfile::tempdir().unwrap();
        let spool = super::super::spool::Spool::new(dir.path().join("spool"));
        let readings = crate::security::files::Readings::default();
        let big = dir.path().join("big.pdf");
        let small = dir.path().join("small.pdf");
        // Sparse: no disk is used for its zeros.
        let limit = crate::source::extract::complete::MAX_FILE_BYTES;
        std::fs::File::create(&big)
            .unwrap()
            .set_len(limit + 1)
            .unwrap();
        std::fs::write(&small, "%PDF-1.4\n").unwrap();
        crate::security::quoting::read_ahead(&spool, &readings, &[big.clone(), small.clone()]);
        let read = readings.lock().unwrap();
        assert!(read.contains_key(&small));
        assert!(!read.contains_key(&big));
    }
}
