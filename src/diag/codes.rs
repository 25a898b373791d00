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
/// `replaces` or `amends` names no document, or the document itself (SPEC §10).
pub const DANGLING_REPLACES: &str = "dangling-replaces";
/// A row of the application register that cannot be read (SPEC §11).
pub const REGISTER_INVALID: &str = "register-invalid";
/// `reports/Y.toml` cannot be read: not TOML, an unknown issuer or key, a bad number (SPEC §11).
pub const REPORT_DATA_INVALID: &str = "report-data-invalid";
/// An application answered after its deadline (SPEC §11).
pub const LATE_REPLY: &str = "late-reply";
/// An open application past its deadline on `--today` (SPEC §11).
pub const REPLY_OVERDUE: &str = "reply-overdue";
/// Documents replace each other in a loop (SPEC §10).
pub const REPLACES_CYCLE: &str = "replaces-cycle";
pub const MISSING_ATTACHMENT: &str = "missing-attachment";
pub const PATH_ESCAPE: &str = "path-escape";
/// A file that is not UTF-8 text (GBK, UTF-16, binary).
pub const ENCODING: &str = "encoding";
/// A file larger than a document can sensibly be.
pub const FILE_TOO_LARGE: &str = "file-too-large";
/// site.toml is malformed or inconsistent.
pub const CONFIG: &str = "config";
/// A file of the site's `root/` folder would take the place of a generated file (SPEC §14).
pub const ROOT_COLLISION: &str = "root-collision";
/// A template failed to load or render.
pub const TEMPLATE: &str = "template";
/// A file of the output could not be written or removed (disk full, permissions): not a
/// content problem, so `build` exits with status 2.
pub const OUTPUT: &str = "output";
/// The output scan found withheld text: a defect in gongkai itself, never written.
pub const LEAK: &str = "leak";

// Security (SPEC §9): fixed levels, not editorial rules a site can turn down.

/// A listed document quotes a withheld document's title or a line of its body.
pub const WITHHELD_QUOTED: &str = "withheld-quoted";
/// A public document quotes a line of an on-request body (a warning: the office decides).
pub const ON_REQUEST_QUOTED: &str = "on-request-quoted";
/// SPEC §15: a file to be published that the guard cannot read completely (encrypted, corrupt,
/// an unknown filter, past a limit), not reviewed for its present bytes.
pub const ATTACHMENT_UNCHECKED: &str = "attachment-unchecked";
/// SPEC §15: a file a withheld or on-request document lists, published through another listing.
pub const CONFIDENTIAL_ATTACHMENT: &str = "confidential-attachment";
/// SPEC §15: a title over 200 characters, a 文号 over 60, another single-line value over 1,000.
pub const FIELD_TOO_LONG: &str = "field-too-long";
/// SPEC §15: raw HTML in a body nested deeper than 256 elements.
pub const NESTING_TOO_DEEP: &str = "nesting-too-deep";
/// SPEC §15: a commit subject shown in 更新记录 holds a secret, so the page does not show it.
pub const HISTORY_SUBJECT_HIDDEN: &str = "history-subject-hidden";
/// SPEC §15: an SVG with a script, an event handler or an external reference.
pub const SVG_ACTIVE: &str = "svg-active-content";
/// A link or reference in a listed document points at a withheld document or its attachment.
pub const LINK_TO_WITHHELD: &str = "link-to-withheld";
/// A body links to a file of the site's folder that no 主动公开 document publishes (SPEC §14).
pub const UNLISTED_FILE: &str = "unlisted-file";
/// Front matter nested deeper than the parser is allowed to go.
pub const YAML_TOO_DEEP: &str = "yaml-too-deep";
/// A control character (or a non-character) in a field or body.
pub const CONTROL_CHARACTER: &str = "control-character";

// Editorial rules (SPEC §6) declare their codes in their own files under `src/rules/`
// (`rules::RULES` lists them).
