//! The front-matter fields of SPEC §2, one declaration each ([`field_table`]): English key
//! and Chinese alias, whether it is required, the line `gongkai new` writes for it, whether
//! the exports carry it, which pages a change to it re-renders, its row in the metadata
//! block, and the typed `Document` member that holds it with its parse and value. Parsing,
//! `new`'s template, the exports (`catalogue.json`, `catalogue.csv`), the metadata block and
//! `serve`'s change detection read the table; `model` makes `Document` of it.

/// The field table (SPEC §2): every front-matter field, declared once, in the order `new`,
/// the exports and the docs list them. A row is
///
/// ```text
/// /// docs
/// Variant { key, alias, required, new_line, exported, shown, block }
///     => member: Type = parse; value;
/// ```
///
/// - the declaration: the English key (and `catalogue.json`'s column), the Chinese alias (its
///   label in messages, the metadata block and `catalogue.csv`), whether it is required, the
///   line `gongkai new` writes, whether the exports carry it, which pages show it, and its
///   place in a page's metadata block;
/// - `member: Type`, the member of `model::document::Document` that holds it;
/// - `parse`, how `model` reads it from the validated front matter (`None`: the document
///   cannot be built, an error says why), and `value`, how `Document::value` reads it back.
///
/// This module makes [`Field`] and [`FIELDS`] of the table; `model::document` makes the
/// `Document` members, their parsing and `Document::value` of the same rows. The parse and
/// value expressions are only tokens here, read in `model`.
macro_rules! field_table {
    ($then:ident) => {
        $then! {
            Title {
                key: "title", alias: "标题", required: true, new_line: Given,
                exported: true, shown: References, block: Never,
            } => title: String = |v| v.title(); |d| Value::Text(&d.title);

            IndexNo {
                key: "index_no", alias: "索引号", required: true, new_line: Given,
                exported: true, shown: References, block: Always(1),
            } => index_no: String = |v| v.index_no(); |d| Value::Text(&d.index_no);

            Issuer {
                key: "issuer", alias: "发布机构", required: true, new_line: Given,
                exported: true, shown: Listings, block: Always(2),
            } => issuer: usize = |v| v.issuer(); |d| Value::Issuer(d.issuer);

            Category {
                key: "category", alias: "公开目录", required: true, new_line: Given,
                exported: true, shown: Listings, block: Always(3),
            } => category: usize = |v| v.category(); |d| Value::Category(d.category);

            Published {
                key: "published", alias: "发布日期", required: true, new_line: Given,
                exported: true, shown: Listings, block: Always(5),
            } => published: Date = |v| v.date(Field::Published); |d| Value::Date(d.published);

            Written {
                key: "written", alias: "成文日期", required: false, new_line: Given,
                exported: true, shown: Listings, block: Always(4),
            } => written: Option<Date> = |v| Some(v.date(Field::Written)); |d| date(d.written);

            DocNo {
                key: "doc_no", alias: "文号", required: false,
                new_line: Example("示政办发〔2026〕1号"),
                exported: true, shown: Listings, block: Always(6),
            } => doc_no: Option<String> = |v| Some(v.text(Field::DocNo)); |d| text(&d.doc_no);

            Keywords {
                key: "keywords", alias: "主题词", required: false,
                new_line: Example("[主题词]"),
                exported: true, shown: Listings, block: Always(7),
            } => keywords: Vec<String> = |v| Some(v.list(Field::Keywords)); |d| Value::List(&d.keywords);

            /// 内容概述 (SPEC §14): public text, also for an on-request document.
            Summary {
                key: "summary", alias: "内容概述", required: false,
                new_line: Example("\"本文件的主要内容，300 字以内（依申请公开的文件也建议填写）\""),
                exported: true, shown: Listings, block: Never,
            } => summary: Option<String> = |v| Some(v.summary()); |d| text(&d.summary);

            Attribute {
                key: "attribute", alias: "公开属性", required: true, new_line: Given,
                exported: true, shown: Listings, block: Always(8),
            } => attribute: Attribute = |v| v.attribute(); |d| Value::Label(d.attribute.label());

            DocType {
                key: "doc_type", alias: "文件类型", required: false, new_line: Optional,
                exported: true, shown: Listings, block: Always(10),
            } => doc_type: DocType = |v| Some(v.choice(Field::DocType).unwrap_or(DocType::Other));
                |d| Value::Label(d.doc_type.label());

            /// 有效性 as typed; the status shown is derived (`model::lifecycle`).
            Validity {
                key: "validity", alias: "有效性", required: false, new_line: Optional,
                exported: true, shown: Listings, block: Always(9),
            } => validity: Option<Validity> = |v| Some(v.choice(Field::Validity));
                |d| d.validity.map_or(Value::Absent, |v| Value::Label(v.label()));

            /// 施行日期 (SPEC §10).
            Effective {
                key: "effective", alias: "施行日期", required: false, new_line: Optional,
                exported: true, shown: Lifecycle, block: Always(11),
            } => effective: Option<Date> = |v| Some(v.date(Field::Effective)); |d| date(d.effective);

            /// 有效期至: the term's last day (SPEC §10).
            Expires {
                key: "expires", alias: "有效期至", required: false, new_line: Optional,
                exported: true, shown: Lifecycle, block: Always(12),
            } => expires: Option<Date> = |v| Some(v.date(Field::Expires)); |d| date(d.expires);

            /// 废止日期 (SPEC §10).
            Repealed {
                key: "repealed", alias: "废止日期", required: false, new_line: Optional,
                exported: true, shown: Lifecycle, block: Never,
            } => repealed: Option<Date> = |v| Some(v.date(Field::Repealed)); |d| date(d.repealed);

            /// Index numbers of the documents this one replaces, as written.
            Replaces {
                key: "replaces", alias: "替代", required: false, new_line: Optional,
                exported: false, shown: Lifecycle, block: Never,
            } => replaces: Vec<String> = |v| Some(v.list(Field::Replaces)); |d| Value::List(&d.replaces);

            /// Index numbers of the documents this one amends, as written.
            Amends {
                key: "amends", alias: "修改", required: false, new_line: Optional,
                exported: false, shown: Lifecycle, block: Never,
            } => amends: Vec<String> = |v| Some(v.list(Field::Amends)); |d| Value::List(&d.amends);

            /// Index numbers it had before (前索引号): each old page redirects to it (SPEC §12).
            FormerIndexNo {
                key: "former_index_no", alias: "前索引号", required: false, new_line: Optional,
                exported: false, shown: Page, block: Never,
            } => former_index_no: Vec<String> = |v| Some(v.list(Field::FormerIndexNo));
                |d| Value::List(&d.former_index_no);

            /// 登记号: a 规范性文件's registration number.
            RegNo {
                key: "reg_no", alias: "登记号", required: false, new_line: Optional,
                exported: true, shown: Page, block: WhenGiven(13),
            } => reg_no: Option<String> = |v| Some(v.text(Field::RegNo)); |d| text(&d.reg_no);

            /// 草稿: `build` leaves it out entirely; `serve` and `check` show it (SPEC §11).
            Draft {
                key: "draft", alias: "草稿", required: false, new_line: Optional,
                exported: false, shown: Listings, block: Never,
            } => draft: bool = |v| Some(v.flag(Field::Draft).unwrap_or(false));
                |d| if d.draft { Value::Label("是") } else { Value::Absent };

            /// Index number of the policy this document interprets, as written.
            Interprets {
                key: "interprets", alias: "解读", required: false, new_line: Optional,
                exported: false, shown: References, block: Never,
            } => interprets: Option<String> = |v| Some(v.text(Field::Interprets)); |d| text(&d.interprets);

            /// 联系人: who answers questions about the document, and a telephone number
            /// (SPEC §2).
            Contact {
                key: "contact", alias: "联系人", required: false,
                new_line: Example("李明 0851-87221234"),
                exported: true, shown: Page, block: WhenGiven(14),
            } => contact: Option<String> = |v| Some(v.text(Field::Contact)); |d| text(&d.contact);

            Attachments {
                key: "attachments", alias: "附件", required: false,
                new_line: Example("[附件1.pdf]"),
                exported: false, shown: Page, block: Never,
            } => attachments: Vec<Attachment> = |v| Some(v.attachments());
                |d| Value::Paths(d.attachments.iter().map(|a| a.written.as_str()).collect());
        }
    };
}
pub(crate) use field_table;

/// [`Field`] and [`FIELDS`] from the rows of [`field_table`].
macro_rules! declare_fields {
    ($(
        $(#[$doc:meta])*
        $variant:ident {
            key: $key:literal, alias: $alias:literal, required: $required:literal,
            new_line: $new:ident $(($example:literal))?,
            exported: $exported:literal, shown: $shown:ident,
            block: $block:ident $(($rank:literal))? $(,)?
        } => $member:ident : $ty:ty = $parse:expr; $value:expr;
    )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            $($(#[$doc])* $variant,)*
        }

        /// Every field, in the order `new`, the exports and the docs list them.
        pub const FIELDS: &[Spec] = &[$(
            Spec {
                field: Field::$variant,
                key: $key,
                alias: $alias,
                required: $required,
                new_line: NewLine::$new $(($example))?,
                exported: $exported,
                shown: Shown::$shown,
                block: Block::$block $(($rank))?,
            },
        )*];
    };
}

field_table!(declare_fields);

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
    /// Its row in a document page's metadata block.
    pub block: Block,
}

/// Whether, and where, a document page's metadata block (索引号 · 发布机构 · 公开目录 · 成文日期 ·
/// 发布日期 · 文号 · 主题词 · 公开属性 · 有效性 · 文件类型 …) shows a field: rows are ordered by
/// rank, as portals print them, each labelled with the field's alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    Never,
    /// Always, empty when not given.
    Always(u8),
    /// Only when the document gives it.
    WhenGiven(u8),
}

impl Block {
    fn rank(self) -> Option<u8> {
        match self {
            Block::Never => None,
            Block::Always(r) | Block::WhenGiven(r) => Some(r),
        }
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

/// The fields of a document page's metadata block, in their order ([`Block`]).
pub fn metadata_block() -> &'static [Field] {
    static BLOCK: std::sync::LazyLock<Vec<Field>> = std::sync::LazyLock::new(|| {
        let mut rows: Vec<(u8, Field)> = (FIELDS.iter())
            .filter_map(|s| s.block.rank().map(|r| (r, s.field)))
            .collect();
        rows.sort();
        rows.into_iter().map(|(_, f)| f).collect()
    });
    &BLOCK
}

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

    #[test]
    fn the_metadata_block_is_in_portal_order() {
        let ranks: Vec<u8> = FIELDS.iter().filter_map(|s| s.block.rank()).collect();
        let unique: std::collections::BTreeSet<u8> = ranks.iter().copied().collect();
        assert_eq!(
            unique.len(),
            ranks.len(),
            "two fields share a row of the block"
        );
        assert_eq!(
            metadata_block()[..5],
            [
                Field::IndexNo,
                Field::Issuer,
                Field::Category,
                Field::Written,
                Field::Published
            ]
        );
        assert_eq!(metadata_block().last(), Some(&Field::Contact));
    }
}
