//! The front-matter fields of SPEC §2, one declaration each ([`FIELDS`]): English key and
//! Chinese alias, whether it is required, the line `gongkai new` writes for it, whether the
//! exports carry it, and which pages a change to it re-renders. Parsing, `new`'s template,
//! the exports (`catalogue.json`, `catalogue.csv`) and `serve`'s change detection read this
//! table; a field's value is read through `Document::value`, one exhaustive match.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    IndexNo,
    Issuer,
    Category,
    Published,
    Written,
    DocNo,
    Keywords,
    Summary,
    Attribute,
    DocType,
    Validity,
    Effective,
    Expires,
    Repealed,
    Replaces,
    Amends,
    FormerIndexNo,
    RegNo,
    Draft,
    Interprets,
    Attachments,
}

/// Which pages show a field, so which ones `serve` renders again when it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The document's own page only (a change there re-renders that page).
    Page,
    /// Its page, the listings, the feed and the exports.
    Listings,
    /// Its page, and the pages of the documents it names (a policy and its interpretation
    /// show each other's titles).
    References,
    /// Its page, the listings, the exports, and every page that shows a policy's status
    /// (the documents it replaces or amends, the lists of policies in force and ended).
    Lifecycle,
}

/// How `gongkai new` writes a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewLine {
    /// Filled from the command line or `--today`.
    Given,
    /// A commented example line for the editor to fill in.
    Example(&'static str),
    /// Written only when its option is given (`--doc-type`).
    Optional,
}

/// One field's declaration.
pub struct Spec {
    pub field: Field,
    /// The English key, and the column name in `catalogue.json`.
    pub key: &'static str,
    /// The Chinese alias: also its label in messages and the `catalogue.csv` header.
    pub alias: &'static str,
    pub required: bool,
    pub new_line: NewLine,
    /// Whether `catalogue.json` and `catalogue.csv` carry it.
    pub exported: bool,
    pub shown: Shown,
}

/// Every field, in the order `new`, the exports and the docs list them.
pub const FIELDS: &[Spec] = &[
    spec(
        Field::Title,
        "title",
        "标题",
        true,
        NewLine::Given,
        true,
        Shown::References,
    ),
    spec(
        Field::IndexNo,
        "index_no",
        "索引号",
        true,
        NewLine::Given,
        true,
        Shown::References,
    ),
    spec(
        Field::Issuer,
        "issuer",
        "发布机构",
        true,
        NewLine::Given,
        true,
        Shown::Listings,
    ),
    spec(
        Field::Category,
        "category",
        "公开目录",
        true,
        NewLine::Given,
        true,
        Shown::Listings,
    ),
    spec(
        Field::Published,
        "published",
        "发布日期",
        true,
        NewLine::Given,
        true,
        Shown::Listings,
    ),
    spec(
        Field::Written,
        "written",
        "成文日期",
        false,
        NewLine::Given,
        true,
        Shown::Listings,
    ),
    spec(
        Field::DocNo,
        "doc_no",
        "文号",
        false,
        NewLine::Example("示政办发〔2026〕1号"),
        true,
        Shown::Listings,
    ),
    spec(
        Field::Keywords,
        "keywords",
        "主题词",
        false,
        NewLine::Example("[主题词]"),
        true,
        Shown::Listings,
    ),
    spec(
        Field::Summary,
        "summary",
        "内容概述",
        false,
        NewLine::Example("\"本文件的主要内容，300 字以内（依申请公开的文件也建议填写）\""),
        true,
        Shown::Listings,
    ),
    spec(
        Field::Attribute,
        "attribute",
        "公开属性",
        true,
        NewLine::Given,
        true,
        Shown::Listings,
    ),
    spec(
        Field::DocType,
        "doc_type",
        "文件类型",
        false,
        NewLine::Optional,
        true,
        Shown::Listings,
    ),
    spec(
        Field::Validity,
        "validity",
        "有效性",
        false,
        NewLine::Optional,
        true,
        Shown::Listings,
    ),
    spec(
        Field::Effective,
        "effective",
        "施行日期",
        false,
        NewLine::Optional,
        true,
        Shown::Lifecycle,
    ),
    spec(
        Field::Expires,
        "expires",
        "有效期至",
        false,
        NewLine::Optional,
        true,
        Shown::Lifecycle,
    ),
    spec(
        Field::Repealed,
        "repealed",
        "废止日期",
        false,
        NewLine::Optional,
        true,
        Shown::Lifecycle,
    ),
    spec(
        Field::Replaces,
        "replaces",
        "替代",
        false,
        NewLine::Optional,
        false,
        Shown::Lifecycle,
    ),
    spec(
        Field::Amends,
        "amends",
        "修改",
        false,
        NewLine::Optional,
        false,
        Shown::Lifecycle,
    ),
    spec(
        Field::FormerIndexNo,
        "former_index_no",
        "前索引号",
        false,
        NewLine::Optional,
        false,
        Shown::Page,
    ),
    spec(
        Field::RegNo,
        "reg_no",
        "登记号",
        false,
        NewLine::Optional,
        true,
        Shown::Page,
    ),
    spec(
        Field::Draft,
        "draft",
        "草稿",
        false,
        NewLine::Optional,
        false,
        Shown::Listings,
    ),
    spec(
        Field::Interprets,
        "interprets",
        "解读",
        false,
        NewLine::Optional,
        false,
        Shown::References,
    ),
    spec(
        Field::Attachments,
        "attachments",
        "附件",
        false,
        NewLine::Example("[附件1.pdf]"),
        false,
        Shown::Page,
    ),
];

#[allow(clippy::too_many_arguments)]
const fn spec(
    field: Field,
    key: &'static str,
    alias: &'static str,
    required: bool,
    new_line: NewLine,
    exported: bool,
    shown: Shown,
) -> Spec {
    Spec {
        field,
        key,
        alias,
        required,
        new_line,
        exported,
        shown,
    }
}

impl Field {
    pub fn from_key(key: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|f| f.key == key || f.alias == key)
            .map(|f| f.field)
    }

    pub fn spec(self) -> &'static Spec {
        FIELDS
            .iter()
            .find(|f| f.field == self)
            .expect("every field is declared in FIELDS")
    }

    pub fn english(self) -> &'static str {
        self.spec().key
    }

    pub fn chinese(self) -> &'static str {
        self.spec().alias
    }

    pub fn required(self) -> bool {
        self.spec().required
    }
}

/// The metadata block of a document page (索引号 · 发布机构 · 公开目录 · 成文日期 · 发布日期 ·
/// 文号 · 主题词 · 公开属性 · 有效性 · 文件类型), in the order portals print it, each labelled
/// with its alias. A field the block shows is listed here.
pub const METADATA_BLOCK: &[Field] = &[
    Field::IndexNo,
    Field::Issuer,
    Field::Category,
    Field::Written,
    Field::Published,
    Field::DocNo,
    Field::Keywords,
    Field::Attribute,
    Field::Validity,
    Field::DocType,
    Field::Effective,
    Field::Expires,
    Field::RegNo,
];

/// Every accepted key, English and Chinese, for "did you mean".
pub fn all_keys() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().flat_map(|f| [f.key, f.alias])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_declared_once_and_keys_are_unique() {
        let mut keys = std::collections::HashSet::new();
        for (i, s) in FIELDS.iter().enumerate() {
            assert_eq!(s.field.spec().key, s.key);
            assert!(FIELDS[..i].iter().all(|t| t.field != s.field));
            assert!(keys.insert(s.key) && keys.insert(s.alias), "{}", s.key);
        }
        assert_eq!(Field::from_key("索引号"), Some(Field::IndexNo));
        assert_eq!(Field::from_key("doc_no"), Some(Field::DocNo));
        assert_eq!(Field::from_key("nope"), None);
    }
}
