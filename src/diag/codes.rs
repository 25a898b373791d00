//! The stable diagnostic codes (SPEC §6). A code never changes once released; add, never rename.

/// Front matter is not valid YAML, or is not closed.
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// A Markdown file has no `---` front matter at all.
pub const NO_FRONT_MATTER: &str = "no-front-matter";
/// A required field is absent or empty.
pub const MISSING_FIELD: &str = "missing-field";
/// A key that is neither an English field name nor its Chinese alias.
pub const UNKNOWN_FIELD: &str = "unknown-field";
/// The same field given twice (e.g. `title` and `标题`).
pub const DUPLICATE_FIELD: &str = "duplicate-field";
/// A value of the wrong type or outside the allowed set.
pub const INVALID_VALUE: &str = "invalid-value";
/// A date that is not `YYYY-MM-DD` or not on the calendar.
pub const INVALID_DATE: &str = "invalid-date";
pub const UNKNOWN_CATEGORY: &str = "unknown-category";
pub const UNKNOWN_ISSUER: &str = "unknown-issuer";
pub const DUPLICATE_INDEX_NO: &str = "duplicate-index-no";
pub const DANGLING_INTERPRETS: &str = "dangling-interprets";
pub const MISSING_ATTACHMENT: &str = "missing-attachment";
pub const PATH_ESCAPE: &str = "path-escape";
/// A file that is not UTF-8 text (GBK, UTF-16, binary).
pub const ENCODING: &str = "encoding";
/// A file larger than a document can sensibly be.
pub const FILE_TOO_LARGE: &str = "file-too-large";
/// site.toml is malformed or inconsistent.
pub const CONFIG: &str = "config";
/// A template failed to load or render.
pub const TEMPLATE: &str = "template";
/// The output scan found withheld text: a defect in gongkai itself, never written.
pub const LEAK: &str = "leak";

// Security (SPEC §9): fixed levels, not editorial rules a site can turn down.

/// A listed document quotes a withheld document's title or a line of its body.
pub const WITHHELD_QUOTED: &str = "withheld-quoted";
/// A public document quotes a line of an on-request body (a warning: the office decides).
pub const ON_REQUEST_QUOTED: &str = "on-request-quoted";
/// A link or reference in a listed document points at a withheld document or its attachment.
pub const LINK_TO_WITHHELD: &str = "link-to-withheld";
/// Front matter nested deeper than the parser is allowed to go.
pub const YAML_TOO_DEEP: &str = "yaml-too-deep";
/// A control character (or a non-character) in a field or body.
pub const CONTROL_CHARACTER: &str = "control-character";

// Editorial rules (SPEC §6): warnings by default; a site may turn each off or make it an error
// under `[rules]` in site.toml.

/// A column with no listed document newer than its `update_every` (栏目超期未更新).
pub const STALE_CATEGORY: &str = "stale-category";
/// A leaf column with no listed document and no `empty_note` (空白栏目).
pub const EMPTY_CATEGORY: &str = "empty-category";
/// A published body the same or nearly the same as another's (旧稿新发, copied text).
pub const DUPLICATE_CONTENT: &str = "duplicate-content";
/// Published more than 20 working days after it was made (条例 第二十六条).
pub const LATE_PUBLICATION: &str = "late-publication";
/// A 规范性文件 that no listed document interprets (政策解读).
pub const MISSING_INTERPRETATION: &str = "missing-interpretation";
/// A 文号 with the wrong brackets around its year, or a year that disagrees with `written`.
pub const DOC_NO_BRACKETS: &str = "doc-no-brackets";
/// Paragraphs indented with full-width spaces (pasted from Word).
pub const FULLWIDTH_INDENT: &str = "fullwidth-indent";
/// Runs of empty paragraphs (pasted from Word).
pub const EMPTY_PARAGRAPHS: &str = "empty-paragraphs";
/// Inline `style=` or `<font>` in a body (pasted from Word).
pub const INLINE_STYLE: &str = "inline-style";
/// A table with more columns than a page can show.
pub const WIDE_TABLE: &str = "wide-table";
/// An image without alternative text.
pub const IMAGE_ALT: &str = "image-alt";
/// A resident ID number or mobile number in a published body (个人信息未去标识化).
pub const PERSONAL_DATA: &str = "personal-data";
/// A word from the site's list of wrong or sensitive expressions (错敏词).
pub const SENSITIVE_WORD: &str = "sensitive-word";
/// A relative link or `#anchor` in a body that leads to no page of the site.
pub const BROKEN_LINK: &str = "broken-link";

/// Every editorial rule, in the order the docs list them.
pub const RULES: &[&str] = &[
    STALE_CATEGORY,
    EMPTY_CATEGORY,
    LATE_PUBLICATION,
    MISSING_INTERPRETATION,
    DOC_NO_BRACKETS,
    FULLWIDTH_INDENT,
    EMPTY_PARAGRAPHS,
    INLINE_STYLE,
    WIDE_TABLE,
    IMAGE_ALT,
    DUPLICATE_CONTENT,
    PERSONAL_DATA,
    SENSITIVE_WORD,
    BROKEN_LINK,
];
