//! `[[issuers]]`: the issuing bodies (发布机构), their codes, aliases and URL ids.

use super::reader::Reader;
use super::{Issuer, IssuerKind, Office};
use crate::diag::codes;
use std::collections::HashMap;
use toml_edit::TableLike;

const ISSUER_KEYS: &[&str] = &["name", "code", "aliases", "id", "kind", "office"];

impl Reader<'_> {
    pub(super) fn issuers(&mut self, root: &dyn TableLike) -> Vec<Issuer> {
        let tables = self.tables(root, "issuers");
        let mut out = Vec::new();
        for (t, pos) in tables {
            self.check_keys(t, ISSUER_KEYS, "[[issuers]]");
            let name = self.string(t, "name", true);
            let code = self.string(t, "code", false);
            let aliases = self
                .string_list(t, "aliases")
                .into_iter()
                .map(|(s, _)| s)
                .collect();
            let id = self.string(t, "id", false);
            if let Some(id) = &id
                && !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                let p = self.value_pos(t, "id");
                self.error(
                    codes::CONFIG,
                    p,
                    "id",
                    format!("发布机构 id `{id}` 只能包含字母、数字、- 和 _ (id is used in URLs)"),
                    "例如 id = \"jyj\"".into(),
                );
            }
            let kind = match self.string(t, "kind", false) {
                None => IssuerKind::default(),
                Some(k) => IssuerKind::parse(&k).unwrap_or_else(|| {
                    let p = self.value_pos(t, "kind");
                    self.error(
                        codes::CONFIG,
                        p,
                        "kind",
                        format!("发布机构类型 kind `{k}` 应为 \"government\"（人民政府）或 \"department\"（部门） (unknown issuer kind)"),
                        "人民政府写 kind = \"government\"，年度报告 3 月 31 日前公布；部门默认 1 月 31 日前".into(),
                    );
                    IssuerKind::default()
                }),
            };
            let office = t.get("office").and_then(|item| {
                let Some(o) = item.as_table_like() else {
                    let p = self.value_pos(t, "office");
                    self.error(
                        codes::CONFIG,
                        p,
                        "office",
                        "`office` 应为表 [issuers.office] (expected a table)".into(),
                        "在该 [[issuers]] 之后写 [issuers.office]，其下写 name、address、phone 等"
                            .into(),
                    );
                    return None;
                };
                self.check_keys(o, &Office::KEYS, "[issuers.office]");
                Some(Office {
                    name: self.string(o, "name", false),
                    address: self.string(o, "address", false),
                    hours: self.string(o, "hours", false),
                    phone: self.string(o, "phone", false),
                    fax: self.string(o, "fax", false),
                    email: self.string(o, "email", false),
                    postcode: self.string(o, "postcode", false),
                    online_url: self.url(o, "online_url"),
                    form: self.string(o, "form", false),
                })
            });
            if let Some(name) = name {
                let slug = id
                    .or_else(|| code.as_ref().map(|c| c.to_lowercase()))
                    .filter(|s| {
                        s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    })
                    .unwrap_or_else(|| {
                        format!("i{:08x}", crate::hash::stable(name.as_bytes()) as u32)
                    });
                out.push(Issuer {
                    name,
                    code,
                    aliases,
                    slug,
                    kind,
                    office,
                    position: pos,
                });
            }
        }
        out
    }

    pub(super) fn issuer_lookup(&mut self, issuers: &[Issuer]) -> HashMap<String, usize> {
        let mut map: HashMap<String, usize> = HashMap::new();
        let mut slugs: HashMap<&str, usize> = HashMap::new();
        for (i, is) in issuers.iter().enumerate() {
            for key in std::iter::once(&is.name).chain(&is.aliases) {
                if let Some(&prev) = map.get(key.as_str())
                    && prev != i
                {
                    self.error(
                        codes::CONFIG,
                        is.position,
                        "issuers",
                        format!("发布机构名称或别名 `{key}` 重复 (duplicate issuer name or alias)"),
                        format!("已由 `{}` 使用", issuers[prev].name),
                    );
                }
                map.entry(key.clone()).or_insert(i);
            }
            if let Some(&prev) = slugs.get(is.slug.as_str()) {
                self.error(
                    codes::CONFIG,
                    is.position,
                    "code",
                    format!(
                        "发布机构 `{}` 与 `{}` 的网址标识 `{}` 相同 (duplicate issuer URL id)",
                        is.name, issuers[prev].name, is.slug
                    ),
                    "给其中一个加上不同的 id = \"…\"".into(),
                );
            }
            slugs.entry(is.slug.as_str()).or_insert(i);
        }
        map
    }
}
