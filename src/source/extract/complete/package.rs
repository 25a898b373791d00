//! A zip package (OOXML, ODF, OFD, a .zip attachment) read part by part, recursively, and an
//! OLE compound file (.doc, .xls, .wps) checked for encryption: its streams are read as
//! bytes only.

use super::{Reader, Unchecked};

/// Every part of the zip `data`: its name, then its bytes and what they are.
pub(super) fn read(r: &mut Reader, data: &[u8], depth: u8) -> Result<(), Unchecked> {
    use std::io::Read;
    use zip::result::ZipError;
    let unreadable = |e: ZipError| match e {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
            Unchecked::Encrypted("压缩包部件有密码".into())
        }
        ZipError::CompressionMethodNotSupported(m) => Unchecked::Filter(format!("压缩方法 {m}")),
        _ => Unchecked::Corrupt("压缩结构损坏".into()),
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).map_err(unreadable)?;
    // A bomb that says what it is, refused before anything is inflated; one that lies is
    // stopped by the budget as it inflates.
    let mut declared = 0u64;
    for i in 0..zip.len() {
        declared = declared.saturating_add(zip.by_index_raw(i).map_err(unreadable)?.size());
    }
    if declared > r.budget {
        return Err(Unchecked::Limit(format!(
            "各部件解压后共 {} MB",
            declared >> 20
        )));
    }
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(unreadable)?;
        if part.is_dir() {
            continue;
        }
        let name = part
            .name()
            .map_or_else(|_| format!("部件{i}"), |n| n.into_owned());
        if part.size() > r.budget {
            return Err(Unchecked::Limit(format!("部件 {name} 解压后过大")));
        }
        let mut bytes = Vec::with_capacity(part.size().min(1 << 24) as usize);
        (&mut part)
            .take(r.budget.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|_| Unchecked::Corrupt(format!("部件 {name} 无法解压")))?;
        r.spend(bytes.len() as u64)?;
        drop(part);
        // The part's name is text too.
        r.sink.push_str(&name);
        r.sink.end();
        r.any(&name.to_ascii_lowercase(), &bytes, depth + 1)?;
    }
    Ok(())
}

/// An OLE compound file: encrypted when it holds an encrypted OOXML package or Office's
/// encryption streams; otherwise its streams are read as bytes (already done by the caller).
pub(super) fn compound(data: &[u8]) -> Result<(), Unchecked> {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    for marker in ["EncryptedPackage", "EncryptionInfo", "\u{6}DataSpaces"] {
        let m = utf16(marker);
        if memchr::memmem::find(data, &m).is_some() {
            return Err(Unchecked::Encrypted("Office 文件有密码".into()));
        }
    }
    Ok(())
}
