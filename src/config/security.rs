//! `[security]`: text withheld and public documents truly share (SPEC §9).

use super::reader::Reader;
use crate::diag::codes;
use toml_edit::TableLike;

const SECURITY_KEYS: &[&str] = &["shared_text"];
/// Shortest `[security] shared_text` entry, in characters.
const SHARED_TEXT_CHARS: usize = 8;

impl Reader<'_> {
    /// `[security]`: the texts exempt from the secret definition.
    pub(super) fn security(&mut self, root: &dyn TableLike) -> Vec<String> {
        let Some(item) = root.get("security") else {
            return Vec::new();
        };
        let Some(t) = item.as_table_like() else {
            let pos = self.value_pos(root, "security");
            self.error(
                codes::CONFIG,
                pos,
                "security",
                "`security` 应为表 [security] (expected a table)".into(),
                "写成 [security] 下的 shared_text = [\"…\"]".into(),
            );
            return Vec::new();
        };
        self.check_keys(t, SECURITY_KEYS, "[security]");
        let mut out = Vec::new();
        for (text, pos) in self.string_list(t, "shared_text") {
            // A short entry would cut every secret line into harmless pieces ("的").
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            if chars < SHARED_TEXT_CHARS {
                self.error(
                    codes::CONFIG,
                    pos,
                    "shared_text",
                    format!(
                        "shared_text 的每一项至少 {SHARED_TEXT_CHARS} 个字，`{text}` 只有 {chars} 个：过短的文字会把所有保密内容切碎 (shared text too short)"
                    ),
                    "写出完整的通用语句，例如 \"各乡（镇）人民政府，县直各部门：\"".into(),
                );
                continue;
            }
            out.push(text);
        }
        out
    }
}
