//! The next index number an issuer gives out (`gongkai new`, `import`, `report`): the site's
//! `index_no_format` with the issuer's `code` (or the prefix its documents already use), the
//! year, and one past the highest sequence number in use.

use crate::config::Config;
use crate::frontmatter::{self, Field};
use crate::source;

/// The next index number of `issuer` in `year` not in `in_use` (the content's, and those a
/// batch has given out), and its sequence number.
pub fn index_no_after(
    cfg: &Config,
    issuer: usize,
    files: &[source::SourceFile],
    in_use: &[String],
    year: i32,
) -> Result<(String, u64), String> {
    let is = &cfg.issuers[issuer];
    let code = match is.code.clone() {
        Some(code) => code,
        None => borrowed_code(cfg, issuer, files).ok_or_else(|| {
            format!(
                "发布机构 `{}` 没有 code，也没有可沿用的索引号：在 site.toml 它的 [[issuers]] 中写 code = \"…\"（组织机构代码） (issuer has no code)",
                is.name
            )
        })?,
    };
    let code = code.as_str();
    let index_no = cfg
        .index_no_format
        .next(in_use.iter().map(String::as_str), code, year);
    if let Some(p) = &cfg.index_no_pattern
        && !p.is_match(&index_no)
    {
        return Err(format!(
            "下一个索引号 `{index_no}` 不符合 index_no_pattern；请在 site.toml 中把 index_no_format 设为本站索引号的格式 (the next number does not match index_no_pattern)"
        ));
    }
    Ok((index_no.clone(), sequence(&index_no)))
}

/// The sequence number at the end of an index number (`…/2026-00012` → 12).
pub fn sequence(index_no: &str) -> u64 {
    index_no
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|d| d.parse::<u64>().ok())
        .unwrap_or(1)
}

/// The prefix an issuer without a `code` already uses: the code part of its newest
/// document's index number (by file order, the last one wins), announced on stderr.
fn borrowed_code(cfg: &Config, issuer: usize, files: &[source::SourceFile]) -> Option<String> {
    let (file, code) = files
        .iter()
        .filter(|f| {
            frontmatter::peek(&f.text, Field::Issuer).and_then(|n| cfg.issuer(&n)) == Some(issuer)
        })
        .filter_map(|f| {
            let n = frontmatter::peek_index_no(&f.text)?;
            Some((f, cfg.index_no_format.code_of(&n)?))
        })
        .max_by(|a, b| a.0.rel.cmp(&b.0.rel))?;
    eprintln!(
        "发布机构 `{}` 没有 code，沿用它已有索引号的前缀 `{code}`（{}） (code taken from existing index numbers)",
        cfg.issuers[issuer].name, file.rel
    );
    Some(code)
}
