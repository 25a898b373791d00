//! Tiny sites for the rules' unit tests: site.toml text plus documents given as
//! (front-matter lines, body) pairs.

use crate::config;
use crate::model::{self, Site};
use crate::source::SourceFile;

pub const SITE: &str = r#"title = "测试县"
base_url = "https://x.example.cn/"
[[categories]]
id = "zcwj"
name = "政策文件"
update_every = "6 months"
[[categories]]
id = "zcjd"
name = "政策解读"
[[issuers]]
name = "县政府办公室"
code = "0001"
[calendar]
holidays = ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]
workdays = ["2026-09-27", "2026-10-10"]
"#;

/// One document's front matter: defaults for every required field, overridden by `extra`.
pub fn doc(n: usize, extra: &str, body: &str) -> SourceFile {
    let mut fm = vec![
        format!("title: 文件{n}"),
        format!("index_no: 0001/2026-{n:05}"),
        "issuer: 县政府办公室".to_string(),
        "category: zcwj".to_string(),
        "published: 2026-11-02".to_string(),
        "attribute: 主动公开".to_string(),
    ];
    for line in extra.lines().filter(|l| !l.trim().is_empty()) {
        let key = line.split(':').next().unwrap_or_default();
        fm.retain(|l| !l.starts_with(&format!("{key}:")));
        fm.push(line.trim().to_string());
    }
    SourceFile {
        rel: format!("content/{n:03}.md"),
        text: format!("---\n{}\n---\n{body}", fm.join("\n")),
    }
}

pub fn site(toml: &str, files: Vec<SourceFile>) -> Site {
    let (config, diags) = config::parse(toml, &|_| true, &crate::rules::declarations());
    assert!(diags.is_empty(), "{diags:?}");
    // Every attachment or image exists, except those named `missing-…`; those named
    // `big-…` are 30 MiB, the others 1 KiB.
    let resolve = |_: &str, w: &str| {
        let name = w.rsplit('/').next().unwrap_or(w);
        if name.starts_with("missing-") {
            return Err(crate::source::attachments::AttachmentError::Missing);
        }
        let bytes = if name.starts_with("big-") {
            30 << 20
        } else {
            1024
        };
        Ok(crate::source::attachments::Found {
            path: std::path::PathBuf::from(w),
            bytes,
        })
    };
    let today = crate::date::Date::new(2026, 11, 29).expect("a date");
    let (site, diags) = model::assemble(config.unwrap(), files, &resolve, today);
    assert!(diags.is_empty(), "{diags:?}");
    site
}

/// Lines of the findings as `code@line`, for compact assertions.
pub fn lines(ds: &[crate::diag::Diagnostic]) -> Vec<String> {
    ds.iter()
        .map(|d| format!("{}@{}", d.code, d.line.unwrap_or(0)))
        .collect()
}

/// Run `f` on the body of a one-document site. The body starts on line 9 of its file.
pub fn with_body<R>(md: &str, f: impl FnOnce(&super::body::Body) -> R) -> R {
    let s = site(SITE, vec![doc(1, "", md)]);
    let cat = crate::model::visibility::Catalogue::new(&s);
    let e = cat.get(0);
    let body = super::body::Body::new(e, e.body().unwrap_or_default());
    f(&body)
}

/// The line where [`with_body`] bodies start.
pub const BODY_LINE: usize = 9;
