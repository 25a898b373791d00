//! The closed vocabularies of front matter (公开属性, 文件类型, 有效性): each value, its label
//! as pages, exports and messages show it, and the other spellings accepted in front matter
//! and on the command line — declared once, in [`Choice::CHOICES`].

/// A value chosen from a closed list.
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// `(value, label, other accepted spellings)`, in the order messages list them.
    const CHOICES: &'static [(Self, &'static str, &'static [&'static str])];

    fn label(self) -> &'static str {
        Self::CHOICES
            .iter()
            .find(|c| c.0 == self)
            .map(|c| c.1)
            .expect("every value has a label")
    }

    fn parse(s: &str) -> Option<Self> {
        Self::CHOICES
            .iter()
            .find(|c| c.1 == s || c.2.contains(&s))
            .map(|c| c.0)
    }

    /// Its position in [`Choice::CHOICES`] (the search index codes facets by it).
    fn index(self) -> usize {
        Self::CHOICES
            .iter()
            .position(|c| c.0 == self)
            .expect("every value is listed")
    }

    fn labels() -> Vec<&'static str> {
        Self::CHOICES.iter().map(|c| c.1).collect()
    }

    /// The labels as a message lists them: `甲、乙 或 丙`.
    fn one_of() -> String {
        let labels = Self::labels();
        match labels.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} 或 {last}", rest.join("、")),
            _ => labels.join(""),
        }
    }
}

/// 公开属性.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attribute {
    /// 主动公开: published in full.
    Proactive,
    /// 依申请公开: metadata listed, body and attachments never published.
    OnRequest,
    /// 不予公开: appears nowhere in the output.
    Withheld,
}

impl Choice for Attribute {
    const CHOICES: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Attribute::Proactive, "主动公开", &["proactive"]),
        (
            Attribute::OnRequest,
            "依申请公开",
            &["on_request", "on-request"],
        ),
        (Attribute::Withheld, "不予公开", &["withheld"]),
    ];
}

/// 文件类型.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocType {
    Rule,
    Normative,
    Other,
}

impl Choice for DocType {
    const CHOICES: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (DocType::Rule, "规章", &[]),
        (DocType::Normative, "规范性文件", &[]),
        (DocType::Other, "其他", &[]),
    ];
}

/// 有效性.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Validity {
    Valid,
    Expired,
    Repealed,
}

impl Choice for Validity {
    const CHOICES: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Validity::Valid, "有效", &[]),
        (Validity::Expired, "失效", &[]),
        (Validity::Repealed, "废止", &[]),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_back() {
        for &(v, label, others) in Attribute::CHOICES {
            assert_eq!(Attribute::parse(label), Some(v));
            for o in others {
                assert_eq!(Attribute::parse(o), Some(v));
            }
        }
        assert_eq!(DocType::parse("规范性文件"), Some(DocType::Normative));
        assert_eq!(Validity::parse("作废"), None);
        assert_eq!(Attribute::one_of(), "主动公开、依申请公开 或 不予公开");
    }
}
