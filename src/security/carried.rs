//! `serve`'s shortcut for the secrets: a save that cannot change them keeps the last
//! round's, whole. Indexing the secrets again was most of a save's time at 10,000 documents
//! (docs/PERFORMANCE.md, session 19), though most saves edit a public document that no
//! secret depends on.
//!
//! The secrets are made of the confidential documents, `[security] shared_text`, and two
//! things every listed document adds: its lines (a confidential line that three listed
//! documents share is boilerplate) and its title (a listed title is cut out of confidential
//! lines). A public document therefore changes nothing when no line of its text, before or
//! after the change, is a confidential line, and its title, before or after, stands in no
//! confidential line. Anything else is indexed again.

use super::{RUN, Secrets, folded, line_hash};
use crate::hash::FastMap;
use crate::model::document::{Attribute, Document};
use std::sync::Arc;

/// What the secrets were made from, as `serve` keeps it beside them.
pub struct Made {
    docs: Vec<Arc<Document>>,
    shared_text: Vec<String>,
}

impl Made {
    pub fn of(site: &crate::model::Site) -> Made {
        Made {
            docs: site.docs.clone(),
            shared_text: site.config.shared_text.clone(),
        }
    }
}

impl Secrets {
    /// `previous`, made from `made`, as the secrets of `site` when nothing between the two
    /// can change a secret; `None` when something might (then index them again).
    pub fn carried(previous: &Secrets, made: &Made, site: &crate::model::Site) -> Option<Secrets> {
        if made.shared_text != site.config.shared_text {
            return None;
        }
        let public = |d: &&Arc<Document>| d.attribute == Attribute::Proactive;
        let old_conf: Vec<&Arc<Document>> = made.docs.iter().filter(|d| !public(d)).collect();
        let new_conf: Vec<&Arc<Document>> = site.docs.iter().filter(|d| !public(d)).collect();
        let same_conf = old_conf.len() == new_conf.len()
            && old_conf
                .iter()
                .zip(&new_conf)
                .all(|(a, b)| Arc::ptr_eq(a, b));
        if !same_conf {
            return None;
        }
        let mut before: FastMap<&str, &Arc<Document>> = (made.docs.iter().filter(public))
            .map(|d| (d.file.as_str(), d))
            .collect();
        let mut changed: Vec<&Document> = Vec::new();
        for d in site.docs.iter().filter(public) {
            match before.remove(d.file.as_str()) {
                Some(old) if Arc::ptr_eq(old, d) => {}
                old => {
                    changed.extend(old.map(|o| &**o));
                    changed.push(d);
                }
            }
        }
        changed.extend(before.into_values().map(|o| &**o));
        if changed.iter().any(|d| touches(previous, d)) {
            return None;
        }
        Some(Secrets {
            matcher: Arc::clone(&previous.matcher),
            owners: Arc::clone(&previous.owners),
            key: previous.key,
            digest: previous.digest,
            verdicts: Arc::default(),
            readings: Arc::default(),
            withheld: previous.withheld.clone(),
            files: Arc::clone(&previous.files),
            exempted: previous.exempted,
            keep: None,
            lines: Arc::clone(&previous.lines),
        })
    }
}

/// Whether a public document can change `secrets`: a line of its text is a confidential
/// line, or its title stands in one.
fn touches(secrets: &Secrets, d: &Document) -> bool {
    let (hashes, confidential) = &*secrets.lines;
    let title = folded(&d.title);
    let body = crate::model::visibility::listed_text(d).unwrap_or_default();
    body.lines().any(|l| hashes.contains(&line_hash(l)))
        || (title.chars().count() >= RUN && confidential.contains(&title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{SITE, doc, site};

    const SECRET: &str = "关于干部调整方案的内部请示件正文第一段落内容以及相关人员的具体安排意见";

    fn sites(front: &str, body: &str) -> (crate::model::Site, crate::model::Site) {
        let docs = || {
            vec![
                doc(1, "attribute: 不予公开", SECRET),
                doc(2, "", "公开通知的正文。"),
                doc(3, "", "另一份公开通知。"),
            ]
        };
        let old = site(SITE, docs());
        let mut all = old.docs.clone();
        let fresh = site(SITE, vec![doc(2, front, body)]);
        all[1] = Arc::clone(&fresh.docs[0]);
        let (new, _) = crate::model::link(old.config.clone(), all, old.today);
        (old, new)
    }

    /// Carried or made again, the secrets are the same: the shortcut only ever skips work.
    fn check(front: &str, body: &str, carried: bool) {
        let (old, new) = sites(front, body);
        let previous = Secrets::new(&old);
        let got = Secrets::carried(&previous, &Made::of(&old), &new);
        assert_eq!(got.is_some(), carried, "{front} / {body}");
        let fresh = Secrets::new(&new);
        if let Some(got) = got {
            assert_eq!(got.digest, fresh.digest);
            assert_eq!(got.exempted, fresh.exempted);
        }
    }

    #[test]
    fn an_edit_no_secret_depends_on_keeps_the_secrets() {
        check("title: 新的标题", "改过的公开正文。", true);
    }

    #[test]
    fn a_public_line_or_title_that_touches_a_secret_indexes_again() {
        // The confidential line in a public body: it may turn boilerplate.
        check("", SECRET, false);
        // A title that stands in a confidential line is cut out of it: the secrets change.
        let title = "title: 关于干部调整方案的内部请示件正文第一段落内容";
        check(title, "公开正文。", false);
        let (old, new) = sites(title, "公开正文。");
        assert_ne!(Secrets::new(&old).digest, Secrets::new(&new).digest);
    }

    /// Over many edits, some touching a secret and some not, whatever is carried equals what
    /// would be made again: the shortcut can only skip work, never change a secret.
    #[test]
    fn carried_secrets_always_equal_fresh_ones() {
        let bodies = [
            "改过的公开正文。",
            SECRET,
            "第一段。\n关于干部调整方案的内部请示件正文第一段落内容以及相关人员的具体安排意见\n",
            "与正文无关的另一段公开内容，长度足够二十个字符以上的一行。",
        ];
        let titles = [
            "title: 新的标题",
            "title: 关于干部调整方案的内部请示件正文第一段落内容",
            "title: 相关人员的具体安排意见之外的另一个足够长的标题文字",
            "",
        ];
        let mut carried = 0;
        for (i, body) in bodies.iter().enumerate() {
            for (j, title) in titles.iter().enumerate() {
                let (old, new) = sites(title, body);
                let previous = Secrets::new(&old);
                if let Some(got) = Secrets::carried(&previous, &Made::of(&old), &new) {
                    let fresh = Secrets::new(&new);
                    assert_eq!(got.digest, fresh.digest, "body {i}, title {j}");
                    assert_eq!(got.exempted, fresh.exempted, "body {i}, title {j}");
                    carried += 1;
                }
            }
        }
        assert!(
            carried > 0 && carried < bodies.len() * titles.len(),
            "{carried}"
        );
    }

    #[test]
    fn a_change_of_attribute_indexes_again() {
        check("attribute: 依申请公开", "公开通知的正文。", false);
    }
}
