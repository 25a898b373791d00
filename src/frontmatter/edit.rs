//! Front matter edited in place, for the one edit a command makes: a review recorded in an
//! attachment entry (`gongkai review`, SPEC §15). Everything outside the attachments field
//! stays byte for byte as the editor wrote it.

use super::{Field, RawValue, parse};

/// `text` with the attachment `written` recorded as reviewed (`reviewed`: `2026-12-01 王五`)
/// for the file whose SHA-256 is `sha256`. The attachments field is rewritten as a block list
/// (comments inside it are not kept); every other line is left as it is.
pub fn review_attachment(
    text: &str,
    written: &str,
    reviewed: &str,
    sha256: &str,
) -> Result<String, String> {
    let (fm, _) = parse(text);
    let fm = fm.ok_or("文件开头的信息栏无法解析")?;
    let entry = (fm.entries.get(&Field::Attachments)).ok_or("没有附件字段")?;
    let RawValue::List(files) = &entry.value else {
        return Err("附件字段应为列表".into());
    };
    if !files.iter().any(|f| f.trim() == written) {
        return Err(format!("附件字段中没有 `{written}`"));
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = (lines.iter().skip(1))
        .take_while(|l| l.trim_end() != "---")
        .position(|l| {
            l.strip_prefix(entry.key.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
        .ok_or("找不到附件字段所在的行")?;
    // The field's lines: its own, then those indented or beginning a list item.
    let mut end = start + 1;
    let mut last = start + 1;
    while let Some(l) = lines.get(end) {
        if l.trim_end() == "---" {
            break;
        }
        if l.starts_with([' ', '\t', '-']) {
            last = end + 1;
        } else if !(l.trim().is_empty() || l.starts_with('#')) {
            break;
        }
        end += 1;
    }
    let mut block = format!("{}:{newline}", entry.key);
    for f in files {
        let f = f.trim();
        let review = if f == written {
            Some((reviewed.to_string(), sha256.to_string()))
        } else {
            (entry.reviews.iter().find(|r| r.file.trim() == f)).map(|r| {
                (
                    r.reviewed.clone().unwrap_or_default(),
                    r.sha256.clone().unwrap_or_default(),
                )
            })
        };
        match review {
            Some((by, hash)) => block.push_str(&format!(
                "  - {{file: {}, reviewed: {}, sha256: {}}}{newline}",
                quoted(f),
                quoted(&by),
                quoted(&hash)
            )),
            None => block.push_str(&format!("  - {}{newline}", quoted(f))),
        }
    }
    let mut out: String = lines[..start].concat();
    out.push_str(&block);
    out.push_str(&lines[last..].concat());
    Ok(out)
}

/// A YAML double-quoted string.
pub fn quoted(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_is_written_into_its_entry_and_nothing_else_moves() {
        let text = "---\ntitle: 通知\n附件: [名单.pdf, \"说明.docx\"]\n# 备注\nkeywords: [甲]\n---\n正文\n";
        let out = review_attachment(text, "名单.pdf", "2026-12-01 王五", "ab12").unwrap();
        assert_eq!(
            out,
            "---\ntitle: 通知\n附件:\n  - {file: \"名单.pdf\", reviewed: \"2026-12-01 王五\", sha256: \"ab12\"}\n  - \"说明.docx\"\n# 备注\nkeywords: [甲]\n---\n正文\n"
        );
        // Read back: the same files, the review found; a second review keeps the first.
        let again = review_attachment(&out, "说明.docx", "2026-12-02 李四", "cd34").unwrap();
        let (fm, diags) = parse(&again);
        assert!(diags.is_empty(), "{diags:?}");
        let e = &fm.unwrap().entries[&Field::Attachments];
        assert_eq!(
            e.value,
            RawValue::List(vec!["名单.pdf".into(), "说明.docx".into()])
        );
        assert_eq!(e.reviews.len(), 2);
        assert_eq!(e.reviews[0].sha256.as_deref(), Some("ab12"));
        assert_eq!(e.reviews[1].reviewed.as_deref(), Some("2026-12-02 李四"));
        // A block list in CRLF, and a file the field does not list.
        let crlf = "---\r\nattachments:\r\n  - a.pdf\r\ntitle: x\r\n---\r\n";
        let out = review_attachment(crlf, "a.pdf", "d", "h").unwrap();
        assert_eq!(
            out,
            "---\r\nattachments:\r\n  - {file: \"a.pdf\", reviewed: \"d\", sha256: \"h\"}\r\ntitle: x\r\n---\r\n"
        );
        assert!(review_attachment(crlf, "b.pdf", "d", "h").is_err());
    }
}
