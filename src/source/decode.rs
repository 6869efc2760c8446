//! Bytes to text: UTF-8 with or without a BOM is accepted; anything else is reported with a
//! hint, because Word-era habits leave GBK and UTF-16 files behind.

/// Why a file's bytes are not text perf can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeProblem {
    /// A UTF-16 byte order mark.
    Utf16,
    /// Invalid UTF-8; `likely_gbk` when the bytes decode as GB18030 double-byte pairs.
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// Whether the bytes look like GBK/GB18030.
        likely_gbk: bool,
    },
}

/// Decodes a budget file, stripping a UTF-8 BOM. CRLF line ends are valid TOML and stay.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeProblem::Utf16);
    }
    let body = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(body).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        DecodeProblem::NotUtf8 {
            offset,
            likely_gbk: looks_like_gbk(e.as_bytes().get(offset..).unwrap_or_default()),
        }
    })
}

/// [`decode`] without taking the bytes: the text borrows them (the streaming pass reads every
/// file into one reused buffer).
pub fn decode_borrowed(bytes: &[u8]) -> Result<&str, DecodeProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeProblem::Utf16);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // simdutf8 checks mostly-Chinese text several times faster than the standard library;
    // only a file that fails is checked again by the standard library, for the offset.
    if let Ok(text) = simdutf8::basic::from_utf8(body) {
        return Ok(text);
    }
    std::str::from_utf8(body).map_err(|e| {
        let offset = e.valid_up_to();
        DecodeProblem::NotUtf8 {
            offset,
            likely_gbk: looks_like_gbk(body.get(offset..).unwrap_or_default()),
        }
    })
}

/// GBK encodes each Chinese character as a lead byte 0x81–0xFE and a trail byte 0x40–0xFE.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let mut pairs = 0;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            0x00..=0x7F => i += 1,
            0x81..=0xFE if matches!(bytes.get(i + 1), Some(0x40..=0xFE)) => {
                pairs += 1;
                i += 2;
            }
            _ => return false,
        }
    }
    pairs > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_a_bom_and_keeps_crlf() {
        let text = decode(b"\xEF\xBB\xBFa = 1\r\n".to_vec()).unwrap();
        assert_eq!(text, "a = 1\r\n");
    }

    #[test]
    fn borrowed_decoding_agrees() {
        for bytes in [
            &b"\xEF\xBB\xBFa = 1\r\n"[..],
            b"name = \"\xC8\xCB\xC9\xE7\xBE\xD6\"",
            b"\xFF\xFEa\x00",
            "目标 = 1".as_bytes(),
        ] {
            assert_eq!(
                decode_borrowed(bytes).map(str::to_owned),
                decode(bytes.to_vec())
            );
        }
    }

    #[test]
    fn recognises_gbk() {
        // "人社局" in GBK.
        let gbk = b"name = \"\xC8\xCB\xC9\xE7\xBE\xD6\"".to_vec();
        assert_eq!(
            decode(gbk),
            Err(DecodeProblem::NotUtf8 {
                offset: 8,
                likely_gbk: true
            })
        );
        assert_eq!(decode(b"\xFF\xFEa\x00".to_vec()), Err(DecodeProblem::Utf16));
    }
}
