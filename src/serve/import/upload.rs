//! The upload of 导入 as it arrives: a `multipart/form-data` body, already buffered by the
//! guard, split into its fields with multer. The file's name is only ever used for its
//! extension and, cleaned, as the name shown on the page and in the files' opening comment —
//! never for a path.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};

/// The most fields a form of 导入 has (file, folder, new folder, year, csrf): more is no
/// browser's form.
const MAX_FIELDS: usize = 16;

/// One field of the form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// The file name the browser sent, for a file input.
    pub file_name: Option<String>,
    /// Its content.
    pub data: Bytes,
}

/// The boundary of a `multipart/form-data` request, `None` for any other content type.
pub fn boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    multer::parse_boundary(content_type).ok()
}

/// The fields of a multipart body with `boundary`. `Err` when it is not well formed.
pub async fn fields(body: Bytes, boundary: &str) -> Result<Vec<Field>, multer::Error> {
    let stream = Body::from(body).into_data_stream();
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await? {
        if out.len() >= MAX_FIELDS {
            break;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(ToOwned::to_owned);
        let data = field.bytes().await?;
        out.push(Field {
            name,
            file_name,
            data,
        });
    }
    Ok(out)
}

/// The value of the text field `name`, trimmed (empty when absent or not UTF-8).
pub fn text<'a>(fields: &'a [Field], name: &str) -> &'a str {
    fields
        .iter()
        .find(|f| f.name == name && f.file_name.is_none())
        .and_then(|f| std::str::from_utf8(&f.data).ok())
        .map_or("", str::trim)
}

/// The name of an uploaded file as shown: its last component (a browser may send a path,
/// `..\..\x.docx` or `C:\Users\…`), control characters replaced.
pub fn shown_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        "上传的文件".to_owned()
    } else {
        clean.to_owned()
    }
}

/// The lower-case extension of a sent file name (`表.DOCX` → `docx`).
pub fn extension(sent: &str) -> String {
    let last = shown_name(sent);
    last.rsplit_once('.')
        .map(|(_, ext)| ext.to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sent_name_is_its_last_component_and_never_a_path() {
        assert_eq!(shown_name("../../x.docx"), "x.docx");
        assert_eq!(shown_name("C:\\Users\\张三\\表.xlsx"), "表.xlsx");
        assert_eq!(shown_name("a\nb.txt"), "a_b.txt");
        assert_eq!(shown_name("../.."), "上传的文件");
        assert_eq!(extension("表.DOCX"), "docx");
        assert_eq!(extension("无扩展名"), "");
    }
}
