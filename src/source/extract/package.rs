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
