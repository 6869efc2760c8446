//! `file://` URIs ↔ paths. lsp-types carries URIs as text; editors percent-encode every byte
//! of a non-ASCII path (`%E9%AB%98` for 高), so both directions go through UTF-8 bytes.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

/// The path of a `file://` URI; `None` for any other scheme or a malformed escape.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///a/b` (empty host) or `file://localhost/a/b`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = decode(path)?;
    let decoded = String::from_utf8(bytes).ok()?;
    // `file:///C:/x` on Windows: the drive letter follows the slash.
    let windows_drive = decoded
        .get(1..3)
        .is_some_and(|s| s.ends_with(':') && s.starts_with(|c: char| c.is_ascii_alphabetic()));
    if cfg!(windows) && windows_drive {
        return decoded.get(1..).map(PathBuf::from);
    }
    Some(PathBuf::from(decoded))
}

/// The `file://` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_paths_round_trip() {
        let path = Path::new("/srv/budgets/高新区人社局/被征地 农民.toml");
        let uri = from_path(path).unwrap();
        assert!(uri.as_str().starts_with("file:///srv/budgets/%E9%AB%98"));
        assert!(uri.as_str().contains("%20"));
        assert_eq!(to_path(&uri).unwrap(), path);
    }

    #[test]
    fn editors_spellings_are_read() {
        let uri: Uri = "file://localhost/tmp/%e4%ba%BA.toml".parse().unwrap();
        assert_eq!(to_path(&uri).unwrap(), Path::new("/tmp/人.toml"));
        let uri: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(to_path(&uri), None);
    }
}
