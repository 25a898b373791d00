//! The `attachment-format` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::Attachment;
use crate::model::visibility::Listed;
use crate::source::extract::Reading;

rule! {
    /// `attachment-format`: an attachment of a 主动公开 document in a format readers struggle
    /// with, or too large to download on a phone — an old binary Office or WPS file (`.doc`,
    /// `.xls`, `.wps`, `.et`), an archive (`.rar`, `.zip`, `.7z`), a PDF with no text layer
    /// (a scan: unreadable for screen readers and search), or a file over
    /// `max_attachment_mb`.
    ///
    /// An attachment the rules should read (Word, Excel and OpenDocument files, PDF, OFD,
    /// `.csv`, `.txt`) but cannot — corrupt, encrypted, inflating past the limits of the process that
    /// reads it, or text neither UTF-8 nor GBK — is reported too, since nothing inside it was
    /// checked.
    ///
    /// It points at the `attachments` field and names the file; one finding per file and
    /// problem. Old formats are hard for screen readers, phones and search, and an archive
    /// hides what it holds (and is where an internal file slips out unseen): publish a
    /// `.docx`, `.xlsx` or a PDF with a text layer instead, or the files the archive holds.
    pub const RULE = Rule {
        code: "attachment-format",
        label: "附件格式或大小不便阅读",
        level: crate::config::Level::Warning,
        checks: &[
            Check::Document(|ctx, e| check(e, ctx.settings.max_attachment_mb)),
            Check::Attachment(unreadable),
        ],
    };
}

/// Formats to publish something else in place of: (extension, what it is, what to publish).
const FORMATS: &[(&str, &str, &str)] = &[
    (
        "doc",
        "旧版 Word 文档（.doc）",
        "另存为 .docx，或带文字层的 PDF",
    ),
    ("xls", "旧版 Excel 表格（.xls）", "另存为 .xlsx"),
    (
        "wps",
        "WPS 文字旧格式（.wps）",
        "另存为 .docx，或带文字层的 PDF",
    ),
    ("et", "WPS 表格旧格式（.et）", "另存为 .xlsx"),
    ("rar", "压缩包（.rar）", "直接上传其中的文件"),
    ("zip", "压缩包（.zip）", "直接上传其中的文件"),
    ("7z", "压缩包（.7z）", "直接上传其中的文件"),
];

pub fn check(e: &Listed, max_mb: u64) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in e.attachments() {
        let ext = a
            .file_name
            .rsplit_once('.')
            .map(|(_, x)| x.to_ascii_lowercase())
            .unwrap_or_default();
        if let Some((_, what, fix)) = FORMATS.iter().find(|f| f.0 == ext) {
            out.push(
                field_warning(
                    e,
                    Field::Attachments,
                    RULE.code,
                    format!(
                        "附件 `{}` 是{what}，读屏软件、手机和搜索难以读取 (attachment format)",
                        a.file_name
                    ),
                )
                .help(fix.to_string()),
            );
        }
        if a.bytes > max_mb << 20 {
            out.push(
                field_warning(
                    e,
                    Field::Attachments,
                    RULE.code,
                    format!(
                        "附件 `{}` 有 {:.1} MB，超过 {max_mb} MB (attachment too large)",
                        a.file_name,
                        a.bytes as f64 / f64::from(1 << 20)
                    ),
                )
                .help("压缩其中的图片、拆分文件，或在 [rules] 中调整 max_attachment_mb"),
            );
        }
    }
    out
}

/// An attachment that could not be read as text, so that nothing inside it was checked;
/// or a PDF without a text layer (a scan), which screen readers and search cannot read.
fn unreadable(
    _: &super::Context,
    e: &Listed,
    a: &Attachment,
    reading: &Reading,
) -> Vec<Diagnostic> {
    let outcome = reading.outcome();
    let scan = a.file_name.to_ascii_lowercase().ends_with(".pdf") && outcome == Ok(true);
    let finding = if scan {
        field_warning(
            e,
            Field::Attachments,
            RULE.code,
            format!(
                "附件 `{}` 是只有图片的 PDF（没有文字层），读屏软件和搜索无法读取 (image-only PDF)",
                a.file_name
            ),
        )
        .help("用原始文件另存为 PDF，或对扫描件做文字识别（OCR）后再上传")
    } else if let Err(why) = outcome {
        field_warning(
            e,
            Field::Attachments,
            RULE.code,
            format!(
                "附件 `{}` 无法读取（{why}），其中的内容未经检查 (attachment unreadable)",
                a.file_name
            ),
        )
        .help("另存为 UTF-8 编码，或检查文件是否损坏")
    } else {
        return Vec::new();
    };
    vec![finding]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::Catalogue;
    use crate::rules::testing::{SITE, doc, site};

    fn found(attachments: &str, attribute: &str) -> Vec<String> {
        let front = format!("attachments: [{attachments}]\nattribute: {attribute}");
        let s = site(SITE, vec![doc(1, &front, "")]);
        let cat = Catalogue::new(&s);
        check(cat.get(0), 20)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn old_formats_archives_and_large_files_are_reported() {
        let f = found(
            "通知.DOC, 名单.xls, 材料.zip, big-图集.pdf, 说明.docx, 表.xlsx",
            "主动公开",
        );
        assert_eq!(f.len(), 4, "{f:?}");
        assert!(f[0].contains("通知.DOC") && f[0].contains(".doc"));
        assert!(f[1].contains("名单.xls"));
        assert!(f[2].contains("压缩包"));
        assert!(f[3].contains("30.0 MB"), "{}", f[3]);
    }

    #[test]
    fn on_request_attachments_are_not_published_so_not_judged() {
        assert!(found("通知.doc", "依申请公开").is_empty());
    }
}
