//! An Office, OpenDocument or OFD package being read: its zip directory and its parts,
//! each inflated under a byte budget, and the XML references their text holds. Below the
//! parsers of `office.rs` and `sheet.rs`, and import's Word reader, which all read packages.

use std::path::Path;

/// Most bytes inflated from one part (a sheet, a document's main part).
pub(super) const MAX_PART_BYTES: u64 = 64 << 20;
/// Most bytes inflated from one file, all parts together; a package whose directory claims
/// more is not opened.
const MAX_INFLATED_BYTES: u64 = 256 << 20;

/// A zip package being read: its directory, and what may still be inflated.
pub(crate) struct Package {
    zip: zip::ZipArchive<std::fs::File>,
    budget: u64,
}

/// Why a package was not opened.
pub(crate) enum Unopened {
    /// The file could not be read.
    Read(std::io::Error),
    /// It is no zip package (a renamed file, a broken or encrypted one).
    NotZip,
    /// Its directory says it inflates to more than the budget.
    TooLarge,
}

impl From<Unopened> for String {
    fn from(u: Unopened) -> String {
        match u {
            Unopened::Read(e) => format!("读取失败：{e}"),
            Unopened::NotZip => "不是有效的文件（压缩结构损坏，或已加密）".to_string(),
            Unopened::TooLarge => format!(
                "解压后超过 {} MB，未读取（可能是压缩炸弹）",
                MAX_INFLATED_BYTES >> 20
            ),
        }
    }
}

impl Package {
    pub(crate) fn open(path: &Path) -> Result<Package, Unopened> {
        let file = std::fs::File::open(path).map_err(Unopened::Read)?;
        let mut zip = zip::ZipArchive::new(file).map_err(|_| Unopened::NotZip)?;
        // A bomb announced as one is refused before anything is inflated; one that lies
        // about its sizes is stopped by the budget.
        let mut declared = 0u64;
        for i in 0..zip.len() {
            let size = zip.by_index_raw(i).map_or(0, |f| f.size());
            declared = declared.saturating_add(size);
        }
        if declared > MAX_INFLATED_BYTES {
            return Err(Unopened::TooLarge);
        }
        Ok(Package {
            zip,
            budget: MAX_INFLATED_BYTES,
        })
    }

    /// The part `name` inflated, `None` when the package has none.
    pub(crate) fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        if self.zip.index_for_name(name).is_none() {
            // Part names compare without regard to ASCII case, and a name may be stored
            // with its `%XX` escapes (relationships' targets are read decoded).
            let alias = (self.names().into_iter())
                .find(|n| n != name && (n.eq_ignore_ascii_case(name) || resolve("", n) == name));
            return match alias {
                Some(alias) => self.inflate(&alias),
                None => Ok(None),
            };
        }
        self.inflate(name)
    }

    /// The part stored as `name` inflated under the budget, `None` when there is none.
    fn inflate(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        use std::io::Read;
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(_) => return Err(format!("部件 {name} 损坏或加密")),
        };
        let limit = MAX_PART_BYTES.min(self.budget);
        let mut out = Vec::with_capacity(file.size().min(limit) as usize);
        (&mut file)
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|_| format!("部件 {name} 损坏或加密"))?;
        if out.len() as u64 > limit {
            return Err(if limit < MAX_PART_BYTES {
                format!("解压后共超过 {} MB，未读取", MAX_INFLATED_BYTES >> 20)
            } else {
                format!("部件 {name} 解压后超过 {} MB，未读取", limit >> 20)
            });
        }
        self.budget -= out.len() as u64;
        Ok(Some(out))
    }

    /// The main part, which the file cannot be read without.
    pub(super) fn main(&mut self, name: &str) -> Result<Vec<u8>, String> {
        self.part(name)?
            .ok_or_else(|| "文件中没有正文部分".to_string())
    }

    /// Where the package's main document is: the part its own relationships
    /// (`_rels/.rels`) name as `officeDocument`, which the format lets stand at any path
    /// (`word/document2.xml`); `default` when they name none.
    pub(crate) fn main_document(&mut self, default: &str) -> Result<String, String> {
        let found = self
            .relationships("")?
            .into_iter()
            .find(|r| r.kind == "officeDocument" && !r.external);
        Ok(found.map_or_else(|| default.to_string(), |r| r.target))
    }

    /// The relationships of the part `source` (`""`: the package's own), each internal
    /// target resolved to the part it names; none when the package has no such list.
    pub(crate) fn relationships(&mut self, source: &str) -> Result<Vec<Relationship>, String> {
        let (dir, name) = source.rsplit_once('/').unwrap_or(("", source));
        let list = match dir {
            "" => format!("_rels/{name}.rels"),
            _ => format!("{dir}/_rels/{name}.rels"),
        };
        let Some(xml) = self.part(&list)? else {
            return Ok(Vec::new());
        };
        relationships(&xml, dir).map_err(|()| format!("{list} 不是有效的 XML"))
    }

    /// The names of the package's parts.
    pub(super) fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }
}

/// Append what an XML reference stands for: a character, or one of the five predefined
/// entities. A DTD's own entities are never expanded (no "billion laughs").
pub(crate) fn push_reference(text: &mut String, r: &quick_xml::events::BytesRef) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        text.push(c);
    } else {
        text.push_str(match &**r {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        });
    }
}

/// One relationship of a part: its id, its kind (the last segment of its type, such as
/// `officeDocument`, `styles`, `image`), and its target: a part's name in the package, or,
/// when `external`, the address as written.
#[derive(Debug, PartialEq)]
pub(crate) struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The relationships listed in `xml`, internal targets resolved against the folder `dir`.
fn relationships(xml: &[u8], dir: &str) -> Result<Vec<Relationship>, ()> {
    use quick_xml::events::Event;
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().into_inner() == "Relationship" =>
            {
                let value = |name: &str| {
                    e.attributes().flatten().find_map(|a| {
                        (a.key.local_name().into_inner() == name).then(|| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                                .unwrap_or_default()
                        })
                    })
                };
                let (Some(id), Some(target)) = (value("Id"), value("Target")) else {
                    continue;
                };
                let kind = value("Type").unwrap_or_default();
                let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
                let external = value("TargetMode").is_some_and(|m| m == "External");
                let target = if external {
                    target
                } else {
                    resolve(dir, &target)
                };
                out.push(Relationship {
                    id,
                    kind,
                    target,
                    external,
                });
            }
            Ok(Event::Eof) => return Ok(out),
            Err(_) => return Err(()),
            _ => {}
        }
    }
}

/// The part a relationship's `target` names, from a part in the folder `dir`: relative to
/// that folder, or to the package's root when it starts with `/`; `.` and `..` resolved
/// (never above the root), `%XX` escapes decoded.
pub(crate) fn resolve(dir: &str, target: &str) -> String {
    let target = crate::links::percent_decode(target);
    let (base, target) = match target.strip_prefix('/') {
        Some(t) => ("", t.to_string()),
        None => (dir, target),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part_s_folder() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve("word", "/word/document.xml"), "word/document.xml");
        assert_eq!(resolve("", "word/document2.xml"), "word/document2.xml");
        assert_eq!(
            resolve("word/sub", "../media/a%20b.png"),
            "word/media/a b.png"
        );
        assert_eq!(resolve("word", "../../../x.xml"), "x.xml");
        assert_eq!(resolve("word", "./styles.xml"), "word/styles.xml");
    }

    #[test]
    fn a_part_is_found_whatever_its_case_or_escapes() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.docx");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for name in ["word/Document.xml", "word/media/a%20b.png"] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(name.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        let mut p = Package::open(&path).ok().unwrap();
        assert_eq!(
            p.part("word/document.xml").unwrap().unwrap(),
            b"word/Document.xml"
        );
        assert_eq!(
            p.part("word/media/a b.png").unwrap().unwrap(),
            b"word/media/a%20b.png"
        );
        assert!(p.part("word/other.xml").unwrap().is_none());
    }

    #[test]
    fn relationships_give_kind_target_and_mode() {
        let xml = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/main/doc.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/a" TargetMode="External"/></Relationships>"#;
        let r = relationships(xml, "").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].kind.as_str(), r[0].target.as_str()),
            ("officeDocument", "main/doc.xml")
        );
        assert!(!r[0].external);
        assert_eq!(r[1].target, "https://example.com/a");
        assert!(r[1].external);
        assert!(relationships(b"<Relationships><Relationship", "").is_err());
    }
}
