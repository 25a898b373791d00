//! The front-matter fields of SPEC §2: each English key and its Chinese alias, in one table.

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
    Attribute,
    DocType,
    Validity,
    Interprets,
    Attachments,
}

/// `(field, English key, Chinese alias, required)`.
pub const FIELDS: &[(Field, &str, &str, bool)] = &[
    (Field::Title, "title", "标题", true),
    (Field::IndexNo, "index_no", "索引号", true),
    (Field::Issuer, "issuer", "发布机构", true),
    (Field::Category, "category", "公开目录", true),
    (Field::Published, "published", "发布日期", true),
    (Field::Written, "written", "成文日期", false),
    (Field::DocNo, "doc_no", "文号", false),
    (Field::Keywords, "keywords", "主题词", false),
    (Field::Attribute, "attribute", "公开属性", true),
    (Field::DocType, "doc_type", "文件类型", false),
    (Field::Validity, "validity", "有效性", false),
    (Field::Interprets, "interprets", "解读", false),
    (Field::Attachments, "attachments", "附件", false),
];

impl Field {
    pub fn from_key(key: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|f| f.1 == key || f.2 == key)
            .map(|f| f.0)
    }

    fn row(self) -> &'static (Field, &'static str, &'static str, bool) {
        FIELDS.iter().find(|f| f.0 == self).unwrap_or(&FIELDS[0])
    }

    pub fn english(self) -> &'static str {
        self.row().1
    }

    pub fn chinese(self) -> &'static str {
        self.row().2
    }

    pub fn required(self) -> bool {
        self.row().3
    }
}

/// Every accepted key, English and Chinese, for "did you mean".
pub fn all_keys() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().flat_map(|f| [f.1, f.2])
}
