//! `[[categories]]`: the catalogue's columns (栏目), their tree and their lookup by id or name.

use super::Category;
use super::duration::Every;
use super::reader::Reader;
use crate::diag::codes;
use crate::diag::position::Position;
use crate::diag::suggest::did_you_mean;
use std::collections::HashMap;
use toml_edit::TableLike;

const CATEGORY_KEYS: &[&str] = &[
    "id",
    "name",
    "parent",
    "owner",
    "update_every",
    "empty_note",
    "kind",
];

impl Reader<'_> {
    pub(super) fn categories(&mut self, root: &dyn TableLike) -> Vec<Category> {
        let tables = self.tables(root, "categories");
        let mut cats = Vec::new();
        let mut parents: Vec<Option<(String, Option<Position>)>> = Vec::new();
        for (t, pos) in tables {
            self.check_keys(t, CATEGORY_KEYS, "[[categories]]");
            let id = self.string(t, "id", true);
            let name = self.string(t, "name", true);
            if let Some(id) = &id
                && !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                let p = self.value_pos(t, "id");
                self.error(
                    codes::CONFIG,
                    p,
                    "id",
                    format!("栏目 id `{id}` 只能包含小写字母、数字、- 和 _，因为它用在网址中 (id is used in URLs)"),
                    "例如 id = \"zcwj\"（政策文件的拼音首字母）".into(),
                );
            }
            let parent = self
                .string(t, "parent", false)
                .map(|p| (p, self.value_pos(t, "parent")));
            let owner = self.string(t, "owner", false);
            let update_every = self.string(t, "update_every", false).and_then(|s| {
                let every = Every::parse(&s);
                if every.is_none() {
                    let p = self.value_pos(t, "update_every");
                    self.error(
                        codes::CONFIG,
                        p,
                        "update_every",
                        format!("update_every `{s}` 不是可识别的时长 (not a duration)"),
                        "写成 \"2 weeks\"、\"6 months\"、\"1 year\"、\"30 days\" 或 \"6个月\""
                            .into(),
                    );
                }
                every
            });
            let empty_note = self.string(t, "empty_note", false);
            let kind = self.string(t, "kind", false).and_then(|k| {
                let kind = super::CategoryKind::parse(&k);
                if kind.is_none() {
                    let p = self.value_pos(t, "kind");
                    self.error(
                        codes::CONFIG,
                        p,
                        "kind",
                        format!(
                            "栏目类型 kind `{k}` 应为 {} (unknown column kind)",
                            super::CategoryKind::KEYS.join("、")
                        ),
                        "dynamic 动态要闻（2 周）、notice 通知公告、policy 政策文件（6 个月）、plan 规划计划（1 年）、static 静态".into(),
                    );
                }
                kind
            });
            if let (Some(id), Some(name)) = (id, name) {
                cats.push(Category {
                    id,
                    name,
                    parent: None,
                    children: Vec::new(),
                    owner,
                    update_every,
                    empty_note,
                    kind,
                    position: pos,
                });
                parents.push(parent);
            }
        }
        self.link_tree(&mut cats, parents);
        cats
    }

    fn link_tree(
        &mut self,
        cats: &mut [Category],
        parents: Vec<Option<(String, Option<Position>)>>,
    ) {
        let by_id: HashMap<&str, usize> = cats
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut links = Vec::new();
        for (i, parent) in parents.into_iter().enumerate() {
            let Some((pid, pos)) = parent else { continue };
            match by_id.get(pid.as_str()) {
                Some(&p) => links.push((i, p)),
                None => {
                    let ids: Vec<&str> = by_id.keys().copied().collect();
                    let help = match did_you_mean(&pid, ids) {
                        Some(s) => format!("是不是 `{s}`？"),
                        None => "parent 应为另一个栏目的 id".into(),
                    };
                    self.error(
                        codes::CONFIG,
                        pos,
                        "parent",
                        format!(
                            "栏目 `{}` 的上级栏目 `{pid}` 不存在 (parent does not exist)",
                            cats[i].id
                        ),
                        help,
                    );
                }
            }
        }
        for &(i, p) in &links {
            cats[i].parent = Some(p);
        }
        let mut cycle = false;
        for i in 0..cats.len() {
            let mut seen = vec![i];
            let mut cur = i;
            while let Some(p) = cats[cur].parent {
                if p == i {
                    let path: Vec<&str> = seen.iter().map(|&k| cats[k].id.as_str()).collect();
                    let (pos, id) = (cats[i].position, cats[i].id.clone());
                    self.error(
                        codes::CONFIG,
                        pos,
                        "parent",
                        format!(
                            "栏目 `{id}` 的上级关系成环：{} → {id} (parent cycle)",
                            path.join(" → ")
                        ),
                        "去掉环中某个栏目的 parent".into(),
                    );
                    cycle = true;
                    break;
                }
                if seen.contains(&p) {
                    break;
                }
                seen.push(p);
                cur = p;
            }
        }
        if !cycle {
            for &(i, p) in &links {
                cats[p].children.push(i);
            }
        } else {
            for c in cats.iter_mut() {
                c.parent = None;
            }
        }
    }

    pub(super) fn category_lookup(&mut self, cats: &[Category]) -> HashMap<String, usize> {
        let mut map: HashMap<String, usize> = HashMap::new();
        for (i, c) in cats.iter().enumerate() {
            for key in [&c.id, &c.name] {
                if let Some(&prev) = map.get(key.as_str())
                    && prev != i
                {
                    self.error(
                        codes::CONFIG,
                        c.position,
                        "categories",
                        format!("栏目 `{key}` 重复定义 (duplicate category id or name)"),
                        format!(
                            "与第 {} 个栏目（{}）重名，改用不同的 id 和名称",
                            prev + 1,
                            cats[prev].id
                        ),
                    );
                }
                map.entry(key.clone()).or_insert(i);
            }
        }
        map
    }
}
