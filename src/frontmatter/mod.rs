//! Front matter: find the `---` block, parse its YAML, and map every key, English or Chinese,
//! to a [`Field`], with the position of each key and value.
//!
//! The only module that knows serde_yaml. It checks shape (keys known, none doubled, YAML
//! valid), not meaning: dates, issuers and categories are validated in `model`.

pub mod bounds;
pub mod edit;
pub mod fields;

use crate::diag::position::{LineIndex, Position};
use crate::diag::suggest::did_you_mean;
use crate::diag::{Diagnostic, codes};
pub use fields::{Block, FIELDS, Field, NewLine, Shown, metadata_block};
use std::collections::BTreeMap;

/// A value as written, reduced to what front matter can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Text(String),
    List(Vec<String>),
    Null,
    /// A mapping or nested structure where a scalar or list was expected; holds its kind.
    Other(&'static str),
}

/// One field as the editor wrote it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key as written: `title` or `标题`.
    pub key: String,
    pub key_pos: Option<Position>,
    pub value_pos: Option<Position>,
    pub value: RawValue,
    /// The entries of a list written as mappings (`{file, reviewed, sha256}`, SPEC §15):
    /// `value` holds their `file`s.
    pub reviews: Vec<RawReview>,
}

/// An attachment entry that records a person's review of a file the guard cannot read
/// completely (SPEC §15): written by `gongkai review`, never by `build` or `check`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawReview {
    pub file: String,
    /// `2026-12-01 王五`: the day and who.
    pub reviewed: Option<String>,
    /// The SHA-256 of the file as it was reviewed, in hex.
    pub sha256: Option<String>,
}

/// The front matter of one document, and where its body starts.
#[derive(Debug, Default)]
pub struct RawFrontMatter {
    pub entries: BTreeMap<Field, Entry>,
    /// Byte offset of the body in the document text.
    pub body_offset: usize,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

/// The index number a file declares, read line by line without parsing the YAML, so that
/// `gongkai new` sees numbers in use even in files that do not validate.
pub fn peek_index_no(text: &str) -> Option<String> {
    peek(text, Field::IndexNo)
}

/// A field's value as a file's front matter writes it on one line (English key or Chinese
/// alias), without parsing the YAML; `None` when the front matter is missing or unreadable.
pub fn peek(text: &str, field: Field) -> Option<String> {
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| {
            let (key, value) = l.split_once(':').or_else(|| l.split_once('：'))?;
            let key = key.trim();
            (key == field.english() || key == field.chinese()).then(|| {
                value
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_string()
            })
        })
        .filter(|v| !v.is_empty())
}

/// Split and parse. Diagnostics carry positions but no file; the caller adds it.
/// `None` when the front matter is missing or unreadable.
pub fn parse(text: &str) -> (Option<RawFrontMatter>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some((yaml, yaml_offset, body_offset)) = split(text) else {
        diags.push(no_front_matter(text));
        return (None, diags);
    };
    // Positions are wanted only up to the body, which may be long.
    let index = LineIndex::new(&text[..body_offset]);
    let first_line = index.position(yaml_offset).line;
    let body_line = index.position(body_offset).line;
    if let Some(pos) = bounds::too_deep(yaml, first_line) {
        diags.push(
            Diagnostic::error(
                codes::YAML_TOO_DEEP,
                format!(
                    "文件开头的信息栏嵌套超过 {} 层，不予解析",
                    bounds::MAX_DEPTH
                ),
            )
            .at(Some(pos))
            .help("字段值写成文字或一层列表，例如 keywords: [义务教育, 招生]"),
        );
        return (None, diags);
    }
    let keys = scan_keys(yaml, first_line, &mut diags);
    if !diags.is_empty() {
        return (None, diags);
    }
    let mapping = match mapping(yaml, first_line) {
        Ok(m) => m,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let mut fm = RawFrontMatter {
        entries: BTreeMap::new(),
        body_offset,
        body_line,
    };
    for (k, v) in mapping {
        let key = match k {
            serde_yaml::Value::String(s) => s,
            other => scalar_text(&other).unwrap_or_else(|| "?".into()),
        };
        let (key_pos, value_pos) = keys.get(&key).copied().unwrap_or((None, None));
        let Some(field) = Field::from_key(&key) else {
            let help = match did_you_mean(&key, fields::all_keys()) {
                Some(s) => format!("是不是 `{s}`？"),
                None => format!(
                    "可用字段 (fields): {}",
                    fields::all_keys().collect::<Vec<_>>().join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(
                    codes::UNKNOWN_FIELD,
                    format!("未知字段 `{key}`，该字段会被忽略而导致信息丢失 (unknown field)"),
                )
                .at(key_pos)
                .field(key.clone())
                .help(help),
            );
            continue;
        };
        if let Some(prev) = fm.entries.get(&field) {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_FIELD,
                    format!(
                        "`{key}` 与 `{}` 是同一个字段，只能写一个 (same field written twice)",
                        prev.key
                    ),
                )
                .at(key_pos)
                .field(key.clone())
                .help(format!("删去 `{key}` 或 `{}` 中的一个", prev.key)),
            );
            continue;
        }
        let reviews = reviews(&v);
        let value = to_raw(v);
        let Some(value) = checked(&key, field, value, value_pos, &mut diags) else {
            continue;
        };
        fm.entries.insert(
            field,
            Entry {
                key,
                key_pos,
                value_pos,
                value,
                reviews,
            },
        );
    }
    (Some(fm), diags)
}

/// Why a file has no front matter to read: it opens with none, or never closes it.
fn no_front_matter(text: &str) -> Diagnostic {
    let first = text.lines().next().unwrap_or("");
    let (code, msg, help) = if first.trim_end() == "---" {
        (
            codes::YAML_SYNTAX,
            "文件开头的信息栏没有结束的 `---` 行",
            "在元数据之后加一行 `---`，再写正文",
        )
    } else {
        (
            codes::NO_FRONT_MATTER,
            "文件开头没有信息栏（两行 `---` 之间的标题、日期等）",
            "文件第一行写 `---`，接着是 title、index_no 等字段，再写一行 `---`",
        )
    };
    Diagnostic::error(code, msg)
        .at(Some(Position::new(1, 1)))
        .help(help)
}

/// The front matter's YAML as a mapping of keys (empty when it is empty), or why not.
fn mapping(yaml: &str, first_line: usize) -> Result<serde_yaml::Mapping, Diagnostic> {
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let pos = e
                .location()
                .map(|l| Position::new(l.line() + first_line - 1, l.column()));
            return Err(Diagnostic::error(
                codes::YAML_SYNTAX,
                format!(
                    "文件开头的信息栏写法有误：{}",
                    strip_location(&e.to_string())
                ),
            )
            .at(pos)
            .help("每行写成 `字段: 值`；值里有冒号、# 或以 [ { 开头时用双引号包住"));
        }
    };
    Ok(match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        _ => {
            return Err(Diagnostic::error(
                codes::YAML_SYNTAX,
                "文件开头的信息栏应是一行一个 `字段: 值`",
            )
            .at(Some(Position::new(first_line, 1)))
            .help("每行写成 `标题: 关于……的通知` 的形式"));
        }
    })
}

/// A value read within SPEC §15's bounds: one with a control character is refused, and one
/// longer than its field allows is cut there (each with its finding).
fn checked(
    key: &str,
    field: Field,
    value: RawValue,
    value_pos: Option<Position>,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawValue> {
    let texts: Vec<&str> = match &value {
        RawValue::Text(t) => vec![t.as_str()],
        RawValue::List(items) => items.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(c) = texts
        .iter()
        .find_map(|t| t.chars().find(|&c| bounds::is_control(c)))
    {
        diags.push(
            Diagnostic::error(
                codes::CONTROL_CHARACTER,
                format!(
                    "`{key}` 的值含有控制字符 {}（多由转义写成），会破坏网页和订阅源 (control character)",
                    bounds::describe(c)
                ),
            )
            .at(value_pos)
            .field(key)
            .help("删去这个字符；换行用正文分段，不要写进字段值"),
        );
        return None;
    }
    let limit = bounds::max_chars(field);
    Some(match value {
        RawValue::Text(t) if t.chars().count() > limit => {
            diags.push(too_long(key, value_pos, limit, t.chars().count()));
            RawValue::Text(t.chars().take(limit).collect())
        }
        RawValue::List(items) if items.iter().any(|t| t.chars().count() > limit) => {
            let longest = items.iter().map(|t| t.chars().count()).max().unwrap_or(0);
            diags.push(too_long(key, value_pos, limit, longest));
            RawValue::List(
                items
                    .into_iter()
                    .map(|t| t.chars().take(limit).collect())
                    .collect(),
            )
        }
        other => other,
    })
}

/// `field-too-long` (SPEC §15): the value is read only up to `limit` characters, so that no
/// later stage works on more (a 30,000-character title made `check` take seconds).
fn too_long(key: &str, at: Option<Position>, limit: usize, chars: usize) -> Diagnostic {
    Diagnostic::error(
        codes::FIELD_TOO_LONG,
        format!("`{key}` 长 {chars} 个字，超过上限 {limit} 个字 (field too long)"),
    )
    .at(at)
    .field(key.to_string())
    .help(format!(
        "`{key}` 写成不超过 {limit} 个字；较长的说明写进正文或 summary（内容概述）"
    ))
}

/// `(yaml, yaml_offset, body_offset)` when the text starts with a closed `---` block.
fn split(text: &str) -> Option<(&str, usize, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body = (end + 1).min(text.len());
            return Some((&text[yaml_start..pos], yaml_start, body));
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    None
}

type KeyPositions = BTreeMap<String, (Option<Position>, Option<Position>)>;

/// Positions of top-level keys and their values, read from the lines themselves (YAML
/// values carry no positions). Flags a full-width colon, the commonest Chinese typing slip.
fn scan_keys(yaml: &str, first_line: usize, diags: &mut Vec<Diagnostic>) -> KeyPositions {
    let mut out = KeyPositions::new();
    for (i, line) in yaml.lines().enumerate() {
        let lineno = first_line + i;
        if line.is_empty() || line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let colon = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(|s| s.len()));
        match colon {
            Some(c) => {
                let key = line[..c].trim().trim_matches(['"', '\'']).to_string();
                let key_pos = Some(Position::new(lineno, 1));
                let rest = &line[c + 1..];
                let lead = rest.len() - rest.trim_start().len();
                let value_col = line[..c + 1 + lead].chars().count() + 1;
                let value_pos = Some(Position::new(lineno, value_col));
                out.entry(key).or_insert((key_pos, value_pos));
            }
            None if line.contains('：') => {
                let col = line[..line.find('：').unwrap_or(0)].chars().count() + 1;
                diags.push(
                    Diagnostic::error(
                        codes::YAML_SYNTAX,
                        "字段名后用了中文全角冒号“：” (full-width colon after a key)",
                    )
                    .at(Some(Position::new(lineno, col)))
                    .help("把“：”改成英文冒号加空格 `: `"),
                );
            }
            None => {}
        }
    }
    out
}

fn scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The mappings of a list of files (`- {file: a.pdf, reviewed: …, sha256: …}`).
fn reviews(v: &serde_yaml::Value) -> Vec<RawReview> {
    let serde_yaml::Value::Sequence(items) = v else {
        return Vec::new();
    };
    items.iter().filter_map(review).collect()
}

/// One such mapping: its `file` (or `文件`), `reviewed` (`审核`) and `sha256`; `None` when
/// it is no mapping of files or holds another key.
fn review(item: &serde_yaml::Value) -> Option<RawReview> {
    let serde_yaml::Value::Mapping(m) = item else {
        return None;
    };
    let mut out = RawReview::default();
    for (k, v) in m {
        let text = scalar_text(v);
        match k.as_str()? {
            "file" | "文件" => out.file = text?,
            "reviewed" | "审核" => out.reviewed = text,
            "sha256" => out.sha256 = text,
            _ => return None,
        }
    }
    (!out.file.is_empty()).then_some(out)
}

fn to_raw(v: serde_yaml::Value) -> RawValue {
    match v {
        serde_yaml::Value::Null => RawValue::Null,
        serde_yaml::Value::String(s) => RawValue::Text(s),
        serde_yaml::Value::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                match scalar_text(item).or_else(|| review(item).map(|r| r.file)) {
                    Some(s) => out.push(s),
                    None if item.is_null() => {}
                    None => return RawValue::Other("nested list"),
                }
            }
            RawValue::List(out)
        }
        serde_yaml::Value::Mapping(_) => RawValue::Other("mapping"),
        serde_yaml::Value::Tagged(_) => RawValue::Other("tagged value"),
        other => scalar_text(&other).map_or(RawValue::Null, RawValue::Text),
    }
}

/// serde_yaml appends " at line N column M"; we print positions ourselves.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peeks_index_numbers_in_any_file() {
        assert_eq!(
            peek_index_no("---\ntitle: x\n索引号: \"A/2026-00003\"\n---\nbody index_no: B\n")
                .as_deref(),
            Some("A/2026-00003")
        );
        assert_eq!(
            peek_index_no("---\ntitle: [broken\nindex_no: A/2026-00009\n").as_deref(),
            Some("A/2026-00009")
        );
        assert_eq!(peek_index_no("no front matter\nindex_no: A\n"), None);
    }

    #[test]
    fn maps_aliases_and_positions() {
        let text = "---\n标题: 关于开展检查的通知\nindex_no: \"A/2026-00001\"\n---\n\n正文\n";
        let (fm, diags) = parse(text);
        assert!(diags.is_empty(), "{diags:?}");
        let fm = fm.unwrap();
        let t = &fm.entries[&Field::Title];
        assert_eq!(t.key, "标题");
        assert_eq!(t.value, RawValue::Text("关于开展检查的通知".into()));
        assert_eq!(t.key_pos, Some(Position::new(2, 1)));
        assert_eq!(t.value_pos, Some(Position::new(2, 5)));
        assert_eq!(fm.body_line, 5);
        assert_eq!(&text[fm.body_offset..], "\n正文\n");
    }

    #[test]
    fn unknown_and_duplicate_keys() {
        let (_, diags) = parse("---\ntitle: a\n标题: b\ntitel: c\n---\n");
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].code, codes::DUPLICATE_FIELD);
        assert_eq!(diags[0].line, Some(3));
        assert_eq!(diags[1].code, codes::UNKNOWN_FIELD);
        assert!(diags[1].help.as_deref().unwrap().contains("`title`"));
    }

    #[test]
    fn syntax_error_has_document_line() {
        let (fm, diags) = parse("---\ntitle: a\nkeywords: [a, b\nissuer: x\n---\n");
        assert!(fm.is_none());
        assert_eq!(diags[0].code, codes::YAML_SYNTAX);
        assert!(diags[0].line.unwrap() >= 3, "{diags:?}");
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(parse("# 标题\n").1[0].code, codes::NO_FRONT_MATTER);
        assert_eq!(parse("---\ntitle: a\n").1[0].code, codes::YAML_SYNTAX);
        assert_eq!(parse("").1[0].code, codes::NO_FRONT_MATTER);
    }

    #[test]
    fn fullwidth_colon_is_named() {
        let (_, diags) = parse("---\n标题：关于\n---\n");
        assert_eq!(diags[0].line, Some(2));
        assert!(diags[0].message.contains("全角冒号"));
    }
}
