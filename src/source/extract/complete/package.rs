//! A zip package (OOXML, ODF, OFD, a .zip attachment) read part by part, recursively, and an
//! OLE compound file (.doc, .xls, .wps) checked for encryption: its streams are read as
//! bytes only.

use super::{Reader, Unchecked};

/// Every part of the zip `data`: its name, then its bytes and what they are. Returns where
/// each part's local header stands, for [`local_entries`].
pub(super) fn read(r: &mut Reader, data: &[u8], depth: u8) -> Result<Vec<usize>, Unchecked> {
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
    let mut covered = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(unreadable)?;
        covered.push(part.header_start() as usize);
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
    Ok(covered)
}

/// Zip entries in `data` that no central directory read listed (`covered`: their local
/// headers' offsets): an orphan entry, the first of two parts with one name, a zip after an
/// image or behind an executable stub. Each deflated entry is inflated from its local header
/// and read like a part. A plausible header that claims encryption or a method we do not
/// implement makes the file unchecked; bytes that only happen to spell `PK\x03\x04` are
/// left to the byte reading.
pub(super) fn local_entries(
    r: &mut Reader,
    data: &[u8],
    depth: u8,
    covered: &[usize],
) -> Result<(), Unchecked> {
    use std::io::Read;
    let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |i: usize| {
        data.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    for at in memchr::memmem::find_iter(data, b"PK\x03\x04") {
        if covered.contains(&at) {
            continue;
        }
        let (Some(version), Some(flags), Some(method), Some(csize), Some(nlen), Some(xlen)) = (
            u16_at(at + 4),
            u16_at(at + 6),
            u16_at(at + 8),
            u32_at(at + 18),
            u16_at(at + 26),
            u16_at(at + 28),
        ) else {
            continue;
        };
        let name_start = at + 30;
        let Some(name) = data.get(name_start..name_start + usize::from(nlen)) else {
            continue;
        };
        let plausible = version <= 63
            && (1..=1024).contains(&nlen)
            && name.iter().all(|b| *b >= 0x20 && *b != 0x7f)
            && std::str::from_utf8(name).is_ok();
        if !plausible {
            continue;
        }
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        let start = name_start + usize::from(nlen) + usize::from(xlen);
        let Some(rest) = data.get(start..) else {
            continue;
        };
        if flags & 1 != 0 || method == 99 {
            return Err(Unchecked::Encrypted(format!("压缩包部件 {name} 有密码")));
        }
        let bytes = match method {
            0 => rest[..(csize as usize).min(rest.len())].to_vec(),
            8 => {
                // What inflates before the data ends or breaks: a broken stream here is
                // no verdict (the central directory's reading gives those).
                let mut out = Vec::new();
                let mut decoder =
                    flate2::read::DeflateDecoder::new(rest).take(r.budget.saturating_add(1));
                let mut chunk = [0u8; 64 * 1024];
                loop {
                    match decoder.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => out.extend_from_slice(&chunk[..n]),
                    }
                }
                out
            }
            9 | 12 | 14 | 19 | 20 | 93 | 95 | 96 | 97 | 98 => {
                return Err(Unchecked::Filter(format!(
                    "压缩包部件 {name} 的压缩方法 {method}"
                )));
            }
            _ => continue,
        };
        if bytes.is_empty() {
            continue;
        }
        r.spend(bytes.len() as u64)?;
        r.sink.push_str(&name);
        r.sink.end();
        r.any(&name, &bytes, depth + 1)?;
    }
    Ok(())
}

/// An OLE compound file: encrypted when it holds an encrypted OOXML package or Office's
/// encryption streams; otherwise each stream is put back together from its sectors (a .doc
/// whose text runs across sectors stored out of order) and read like a part. A file the
/// compound-file reader cannot open is read as bytes only, as before (.doc, .xls and .wps are
/// readable by the byte scan, SPEC §15).
pub(super) fn compound(r: &mut Reader, data: &[u8], depth: u8) -> Result<(), Unchecked> {
    encrypted(data)?;
    let streams = std::panic::catch_unwind(|| streams(data)).unwrap_or_default();
    for (name, bytes) in streams {
        r.spend(bytes.len() as u64)?;
        r.any(&name, &bytes, depth + 1)?;
    }
    Ok(())
}

/// Every stream of a compound file, by its path, as far as it reads.
fn streams(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let Ok(mut file) = cfb::CompoundFile::open(std::io::Cursor::new(data)) else {
        return Vec::new();
    };
    let paths: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_path_buf())
        .collect();
    let mut out = Vec::new();
    let mut total = 0usize;
    for path in paths {
        let mut bytes = Vec::new();
        if let Ok(s) = file.open_stream(&path) {
            let _ = s.take(super::MAX_INFLATED).read_to_end(&mut bytes);
        }
        total += bytes.len();
        if total as u64 > super::MAX_INFLATED {
            break;
        }
        out.push((path.to_string_lossy().to_ascii_lowercase(), bytes));
    }
    out
}

/// Whether a compound file is an encrypted Office file.
fn encrypted(data: &[u8]) -> Result<(), Unchecked> {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    for marker in ["EncryptedPackage", "EncryptionInfo", "\u{6}DataSpaces"] {
        let m = utf16(marker);
        if memchr::memmem::find(data, &m).is_some() {
            return Err(Unchecked::Encrypted("Office 文件有密码".into()));
        }
    }
    Ok(())
}
