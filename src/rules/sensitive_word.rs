//! The `sensitive-word` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::Attachment;
use crate::model::visibility::Listed;
use crate::source::extract::Reading;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

rule! {
    /// `sensitive-word`: an entry of the site's list of wrong or sensitive expressions (错敏词),
    /// in listed titles (published for 依申请公开 documents too) and in published bodies.
    ///
    /// Each occurrence is one finding; the hint gives the listed correction. One Aho-Corasick
    /// automaton covers all words, however long the list. The readable attachments of
    /// 主动公开 documents (Word, Excel and OpenDocument files, PDFs with a text layer, OFD,
    /// `.csv`, `.txt`) are searched too; such a finding names the attachment and where in it
    /// the word stands.
    ///
    /// The list is a UTF-8 text file, one entry per line; `错误表述 => 正确表述` (or a tab) adds
    /// the correction the hint shows; `#` starts a comment. The default file is
    /// `sensitive_words.txt` at the site root; `sensitive_words = "path"` names another (and
    /// then it must exist). `gongkai init` writes a two-line starter list.
    pub const RULE = Rule {
        code: "sensitive-word",
        label: "错敏词",
        level: crate::config::Level::Warning,
        checks: &[
            Check::Document(|ctx, e| check_title(e, ctx.words)),
            Check::Body(|ctx, b| check_body(b, ctx.words)),
            Check::Attachment(check_attachment),
        ],
    };
}

#[derive(Default)]
pub struct WordList {
    automaton: Option<AhoCorasick>,
    /// (word, suggested replacement), in automaton pattern order.
    entries: Vec<(String, Option<String>)>,
}

impl WordList {
    /// Parse the list's text. Blank lines and comments are skipped; duplicates kept once.
    pub fn parse(text: &str) -> WordList {
        let mut entries: Vec<(String, Option<String>)> = Vec::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let (word, fix) = match line.split_once("=>").or_else(|| line.split_once('\t')) {
                Some((w, f)) => (w.trim(), Some(f.trim()).filter(|f| !f.is_empty())),
                None => (line, None),
            };
            if !word.is_empty() && !entries.iter().any(|(w, _)| w == word) {
                entries.push((word.to_string(), fix.map(str::to_string)));
            }
        }
        let automaton = (!entries.is_empty())
            .then(|| {
                // A DFA: every published body passes through it, and a county list has
                // thousands of entries; the profile showed the default NFA at 15% of `check`.
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(entries.iter().map(|(w, _)| w))
                    .ok()
            })
            .flatten();
        WordList { automaton, entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A number for the list's entries: what was found in a file with one list is kept
    /// under it, and a changed list looks again.
    pub fn digest(&self) -> u64 {
        let mut bytes = Vec::new();
        for (w, f) in &self.entries {
            bytes.extend_from_slice(w.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(f.as_deref().unwrap_or("\u{1}").as_bytes());
            bytes.push(0);
        }
        crate::hash::stable(&bytes)
    }

    /// Every listed word in `text`: (byte offset, word, suggestion).
    pub fn find<'w>(&'w self, text: &str) -> Vec<(usize, &'w str, Option<&'w str>)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        ac.find_iter(text)
            .map(|m| {
                let (w, f) = &self.entries[m.pattern().as_usize()];
                (m.start(), w.as_str(), f.as_deref())
            })
            .collect()
    }
}

fn message(word: &str) -> String {
    format!("含有错敏词「{word}」(sensitive word)")
}

fn help(fix: Option<&str>) -> String {
    match fix {
        Some(f) => format!("改为「{f}」"),
        None => "删除或改写该词；词表见 site.toml [rules] sensitive_words".into(),
    }
}

/// Words in a listed document's title (published for 依申请公开 documents too).
pub fn check_title(e: &Listed, words: &WordList) -> Vec<Diagnostic> {
    words
        .find(e.title())
        .into_iter()
        .map(|(_, w, f)| field_warning(e, Field::Title, RULE.code, message(w)).help(help(f)))
        .collect()
}

/// Words in a readable attachment of a 主动公开 document: where each stands, the word and
/// its fix (derived once per file content and word list).
fn check_attachment(
    ctx: &super::Context,
    e: &Listed,
    a: &Attachment,
    reading: &Reading,
) -> Vec<Diagnostic> {
    let kind = format!("sensitive-word-1-{:016x}", ctx.words.digest());
    let found: Vec<(String, String, Option<String>)> = reading.derive(&kind, |text| {
        let Ok(text) = text else { return Vec::new() };
        let mut out = Vec::new();
        for (i, piece) in text.pieces() {
            for (_, w, f) in ctx.words.find(piece) {
                out.push((text.place(i), w.to_string(), f.map(str::to_string)));
            }
        }
        out
    });
    found
        .into_iter()
        .map(|(place, w, f)| {
            let msg = format!("附件 `{}` {place}：{}", a.file_name, message(&w));
            field_warning(e, Field::Attachments, RULE.code, msg).help(help(f.as_deref()))
        })
        .collect()
}

pub fn check_body(b: &Body, words: &WordList) -> Vec<Diagnostic> {
    words
        .find(b.text)
        .into_iter()
        .map(|(at, w, f)| b.warning(RULE.code, at, message(w)).help(help(f)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, with_body};

    const LIST: &str = "# 错敏词\n中华人民共合国 => 中华人民共和国\n\n国务院办公室 => 国务院办公厅\n某敏感词\n某敏感词\n";

    #[test]
    fn list_parses_with_suggestions_and_dedupes() {
        let w = WordList::parse(LIST);
        assert_eq!(w.len(), 3);
        assert!(WordList::parse("# only a comment\n\n").is_empty());
    }

    #[test]
    fn every_occurrence_is_found_with_its_fix() {
        let w = WordList::parse(LIST);
        let md = "根据《中华人民共合国政府信息公开条例》。\n\n报国务院办公室。某敏感词。\n";
        let found = with_body(md, |b| check_body(b, &w));
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].line, Some(BODY_LINE));
        assert_eq!(found[1].line, Some(BODY_LINE + 2));
        assert!(found[0].help.as_deref().unwrap().contains("中华人民共和国"));
        assert!(found[2].help.as_deref().unwrap().contains("删除"));
    }

    #[test]
    fn an_empty_list_finds_nothing() {
        assert!(WordList::default().find("中华人民共合国").is_empty());
    }
}
