//! Operating-system errors in the user's language: one clean phrase per error kind
//! (`没有权限`, `磁盘已满`), instead of the English text and `(os error N)` the standard
//! library prints. Messages put it after the path they name: `无法读取文件 {path}：没有权限`.

use std::io::{self, ErrorKind};

use crate::args;
use crate::i18n::Lang;

/// `err` as one phrase in `lang`. A kind perf has no words for keeps the system's text.
pub fn io_error(err: &io::Error, lang: Lang) -> String {
    let key = match err.kind() {
        ErrorKind::NotFound => "io.not_found",
        ErrorKind::PermissionDenied => "io.permission_denied",
        ErrorKind::AlreadyExists => "io.already_exists",
        ErrorKind::IsADirectory => "io.is_a_directory",
        ErrorKind::NotADirectory => "io.not_a_directory",
        ErrorKind::StorageFull => "io.storage_full",
        ErrorKind::QuotaExceeded => "io.quota_exceeded",
        ErrorKind::ReadOnlyFilesystem => "io.read_only",
        ErrorKind::FileTooLarge => "io.file_too_large",
        ErrorKind::BrokenPipe => "io.broken_pipe",
        ErrorKind::InvalidData => "io.invalid_data",
        ErrorKind::InvalidFilename => "io.invalid_filename",
        ErrorKind::TooManyLinks => "io.too_many_links",
        ErrorKind::OutOfMemory => "io.out_of_memory",
        ErrorKind::Interrupted => "io.interrupted",
        ErrorKind::TimedOut => "io.timed_out",
        ErrorKind::StaleNetworkFileHandle => "io.stale_handle",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "io.busy",
        ErrorKind::CrossesDevices => "io.crosses_devices",
        ErrorKind::DirectoryNotEmpty => "io.directory_not_empty",
        _ => return lang.text("io.other", args!(error = err)),
    };
    lang.text(key, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_one_clean_phrase() {
        let full = io::Error::from_raw_os_error(28);
        assert_eq!(io_error(&full, Lang::Zh), "磁盘已满");
        let denied = io::Error::from(ErrorKind::PermissionDenied);
        assert_eq!(io_error(&denied, Lang::Zh), "没有权限");
        assert_eq!(io_error(&denied, Lang::En), "permission denied");
        assert!(!io_error(&full, Lang::Zh).contains("os error"));
    }
}
