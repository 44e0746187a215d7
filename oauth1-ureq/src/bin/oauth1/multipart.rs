//! `-F`: a multipart/form-data body, as curl's `-F` writes one, by ureq's multipart writer.

use std::path::Path;

use oauth1_core::http;

use crate::Failure;
use crate::input::{MAX_DATA_FILE_BYTES, read_at_most, read_data_file};
use crate::request_line::TextFields;

/// What one -F part holds.
enum FormContent<'a> {
    /// `name=value`.
    Text(&'a str),
    /// `name=<FILE`: a field whose value is the file's contents.
    FileText(Vec<u8>),
    /// `name=@FILE[;type=TYPE][;filename=NAME]`: a file.
    File {
        path: &'a str,
        media_type: Option<&'a str>,
        file_name: Option<&'a str>,
    },
}

/// Whether `text` cannot go between the quotes of a part's header: ureq's multipart writer writes
/// names as they are, and one of these would end the quoted string or the header line.
fn unquotable(text: &str) -> bool {
    text.contains(['"', '\r', '\n'])
}

/// One -F part: its name and what it holds (a `<FILE` read here, bounded as `-d @FILE` is).
fn form_part(spec: &str) -> Result<(&str, FormContent<'_>), Failure> {
    // Never quoted whole: a field's value may be a secret.
    let (name, content) = spec.split_once('=').ok_or_else(|| {
        Failure::usage("-F expects name=value, name=@FILE or name=<FILE, and one has no '='")
    })?;
    if unquotable(name) {
        return Err(Failure::usage(format!(
            "-F {name:?}: a part's name cannot hold '\"' or a line break"
        )));
    }
    if let Some(path) = content.strip_prefix('<') {
        let contents = read_data_file(path, &format!("-F {name}=<{path}"))?;
        return Ok((name, FormContent::FileText(contents)));
    }
    let Some(file) = content.strip_prefix('@') else {
        return Ok((name, FormContent::Text(content)));
    };
    let (path, settings) = match file.split_once(';') {
        Some((path, settings)) => (path, Some(settings)),
        None => (file, None),
    };
    let (mut media_type, mut file_name) = (None, None);
    for setting in settings.into_iter().flat_map(|settings| settings.split(';')) {
        match setting.split_once('=') {
            Some(("type", value)) => media_type = Some(value),
            Some(("filename", value)) if !unquotable(value) => file_name = Some(value),
            Some(("filename", _)) => {
                return Err(Failure::usage(format!(
                    "-F {name}: a file name cannot hold '\"' or a line break"
                )));
            }
            _ => {
                return Err(Failure::usage(format!(
                    "-F {name}: after the file, only ;type=TYPE and ;filename=NAME are known"
                )));
            }
        }
    }
    Ok((
        name,
        FormContent::File {
            path,
            media_type,
            file_name,
        },
    ))
}

/// The multipart/form-data body of the -F parts, by ureq's multipart writer, its content type (with
/// the writer's random boundary), and its text fields' names and values.
pub(crate) fn multipart(specs: &[String]) -> Result<(http::HeaderValue, Vec<u8>, TextFields), Failure> {
    use ureq::unversioned::multipart::{Form, Part};
    let parts = specs
        .iter()
        .map(|spec| form_part(spec))
        .collect::<Result<Vec<_>, _>>()?;
    let mut form = Form::new();
    let mut text_fields = Vec::new();
    for (name, content) in &parts {
        let part = match content {
            FormContent::Text(value) => {
                text_fields.push(((*name).to_owned(), value.as_bytes().to_vec()));
                Part::text(value)
            }
            FormContent::FileText(contents) => {
                text_fields.push(((*name).to_owned(), contents.clone()));
                Part::bytes(contents)
            }
            FormContent::File {
                path,
                media_type,
                file_name,
            } => {
                let what = format!("-F {name}=@{path}");
                if Path::new(path).is_dir() {
                    // It opens, and then fails to read only when the body is written.
                    return Err(Failure::File(format!("{what}: a directory, not a file")));
                }
                let mut part = Part::file(path).map_err(|e| Failure::File(format!("{what}: {e}")))?;
                match file_name {
                    Some(file_name) => part = part.file_name(file_name),
                    // The name ureq takes from the path, as it takes it.
                    None if Path::new(path)
                        .file_name()
                        .is_some_and(|name| unquotable(&name.to_string_lossy())) =>
                    {
                        return Err(Failure::usage(format!(
                            "{what}: the file's name holds '\"' or a line break; give ;filename=NAME"
                        )));
                    }
                    None => {}
                }
                if let Some(media_type) = media_type {
                    part = part.mime_str(media_type).map_err(|_| {
                        Failure::usage(format!("-F {name}: ;type={media_type} is not a media type"))
                    })?;
                }
                part
            }
        };
        form = form.part(name, part);
    }
    let content_type =
        http::HeaderValue::from_str(&format!("multipart/form-data; boundary={}", form.boundary()))
            .map_err(|_| Failure::usage("ureq's multipart boundary is not a header value"))?;
    let body = read_at_most(form, MAX_DATA_FILE_BYTES)
        .map_err(|e| Failure::File(format!("-F: {e}")))?
        .ok_or_else(|| {
            Failure::File(format!(
                "-F: the multipart body is larger than {MAX_DATA_FILE_BYTES} bytes"
            ))
        })?;
    Ok((content_type, body, text_fields))
}
