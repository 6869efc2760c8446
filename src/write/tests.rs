//! The write layer on real files: identity checks, all-or-nothing batches, cleanup of
//! temporary files, and one clean message per failure.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::*;
use crate::i18n::Lang;

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_changed_between_read_and_commit_is_refused_and_keeps_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    std::fs::write(&path, "old").unwrap();
    let (bytes, snapshot) = read_for_update(&path).unwrap();
    assert_eq!(bytes, b"old");
    // Someone else saves the file meanwhile (a different size, so even a coarse clock sees it).
    std::fs::write(&path, "someone else's edit").unwrap();
    let mut batch = Batch::new();
    batch.replace(&path, b"formatted".to_vec(), snapshot);
    let err = batch.commit().unwrap_err();
    assert!(matches!(err, WriteError::Changed { .. }), "{err:?}");
    assert!(err.message(Lang::Zh).contains("文件在格式化期间被修改"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "someone else's edit"
    );
    assert_eq!(names(dir.path()), ["p.toml"], "no temporary file left");
}

#[test]
fn an_unchanged_file_is_replaced_with_its_mode_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let (_, snapshot) = read_for_update(&path).unwrap();
    let mut batch = Batch::new();
    batch.replace(&path, b"new".to_vec(), snapshot);
    assert_eq!(batch.commit().unwrap(), 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(names(dir.path()), ["p.toml"]);
}

#[test]
fn a_failed_rename_in_the_middle_of_a_batch_restores_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    let c = dir.path().join("c.toml");
    std::fs::write(&a, "A").unwrap();
    std::fs::write(&b, "B").unwrap();
    let mut batch = Batch::new();
    batch.create(&a, b"new A".to_vec(), true);
    batch.create(&c, b"new C".to_vec(), false);
    batch.create(&b, b"new B".to_vec(), true);
    // a and c are in place when b's rename fails.
    batch::tests_hook::fail_rename_at(Some(2));
    let result = batch.commit();
    batch::tests_hook::fail_rename_at(None);
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            WriteError::Io {
                step: Step::Replace,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "A");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "B");
    assert!(!c.exists(), "the new file was taken back");
    assert_eq!(
        names(dir.path()),
        ["a.toml", "b.toml"],
        "no temporary file or backup left"
    );
    let message = err.message(Lang::Zh);
    assert!(message.contains("磁盘已满"), "{message}");
}

#[test]
fn a_batch_with_a_folder_among_its_targets_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let folder = dir.path().join("b.toml");
    std::fs::write(&a, "A").unwrap();
    std::fs::create_dir(&folder).unwrap();
    let mut batch = Batch::new();
    batch.create(&a, b"new A".to_vec(), true);
    batch.create(&folder, b"new B".to_vec(), true);
    let err = batch.commit().unwrap_err();
    assert!(matches!(err, WriteError::IsDirectory { .. }), "{err:?}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "A");
    assert_eq!(names(dir.path()), ["a.toml", "b.toml"]);
}

#[test]
fn create_without_overwrite_keeps_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.toml");
    std::fs::write(&path, "mine").unwrap();
    let mut batch = Batch::new();
    batch.create(&path, b"perf's".to_vec(), false);
    let err = batch.commit().unwrap_err();
    assert!(matches!(err, WriteError::Exists { .. }), "{err:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
}

#[test]
fn a_failing_writer_leaves_the_target_intact_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.html");
    std::fs::write(&target, "original").unwrap();
    let result = write_output(&target, &Inputs::none(), Replace::text(false), |out| {
        out.write_all(b"half of a new report")?;
        Err(std::io::Error::other("disk full (injected)"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "original");
    assert_eq!(names(dir.path()), ["report.html"]);
    assert!(live_temp_files().iter().all(|p| !p.starts_with(dir.path())));
}

#[test]
fn a_failing_build_of_a_staged_file_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("perf.sqlite");
    let result = write_staged(
        &target,
        &Inputs::none(),
        false,
        |_| true,
        |temp| {
            std::fs::write(temp, "half")?;
            Err(std::io::Error::other("injected"))
        },
    );
    assert!(result.is_err());
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn a_hard_linked_or_read_only_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let linked = dir.path().join("a.json");
    std::fs::write(&linked, "A").unwrap();
    std::fs::hard_link(&linked, dir.path().join("twin.json")).unwrap();
    let err = write_output(&linked, &Inputs::none(), Replace::text(false), |o| {
        o.write_all(b"x")
    })
    .unwrap_err();
    assert!(
        matches!(err, WriteError::HardLinked { links: 2, .. }),
        "{err:?}"
    );
    let read_only = dir.path().join("r.json");
    std::fs::write(&read_only, "R").unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = write_output(&read_only, &Inputs::none(), Replace::text(false), |o| {
        o.write_all(b"x")
    })
    .unwrap_err();
    assert!(matches!(err, WriteError::ReadOnly { .. }), "{err:?}");
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), "R");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("twin.json")).unwrap(),
        "A"
    );
}

#[test]
fn inputs_refuse_their_files_tomls_under_their_roots_and_reserved_names() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("budgets");
    std::fs::create_dir_all(tree.join("部门")).unwrap();
    let project = tree.join("部门/项目.toml");
    std::fs::write(&project, "x").unwrap();
    let config = dir.path().join("my-config.toml");
    std::fs::write(&config, "x").unwrap();
    let mut inputs = Inputs::of_paths([&tree]);
    inputs.extend(Some(&config));
    for output in [
        project.clone(),
        tree.join("部门/new.toml"),
        config.clone(),
        dir.path().join("elsewhere/department.toml"),
        dir.path().join("perf.toml"),
    ] {
        assert!(inputs.refuses(&output).is_err(), "{}", output.display());
    }
    assert!(inputs.refuses(&tree.join("report.html")).is_ok());
    assert!(inputs.refuses(&dir.path().join("out.toml")).is_ok());
}

#[test]
fn os_errors_are_said_once_and_translated() {
    let err = WriteError::io(
        "out/report.html",
        Step::Replace,
        std::io::Error::from_raw_os_error(21),
    );
    let zh = err.message(Lang::Zh);
    assert_eq!(
        zh,
        "无法替换 out/report.html：是目录，不是文件；原文件未改动"
    );
    assert!(!zh.contains("os error"));
    let en = err.message(Lang::En);
    assert!(en.contains("is a directory, not a file"), "{en}");
}

#[test]
fn an_output_edited_while_perf_writes_it_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("notes.json");
    std::fs::write(&target, "old").unwrap();
    let err = write_output(&target, &Inputs::none(), Replace::text(false), |out| {
        std::fs::write(&target, "edited by someone else").unwrap();
        out.write_all(b"perf's output")
    })
    .unwrap_err();
    assert!(
        matches!(err, WriteError::ChangedWhileWriting { .. }),
        "{err:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "edited by someone else"
    );
    assert_eq!(names(dir.path()), ["notes.json"]);
}

/// A scratch file has no name: nothing on disk to collide with, to clean up, or to leave
/// behind; what is written reads back.
#[test]
fn a_scratch_file_is_nameless_and_reads_back() {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut scratch = crate::write::scratch_file().unwrap();
    scratch.write_all("记录".as_bytes()).unwrap();
    scratch.seek(SeekFrom::Start(0)).unwrap();
    let mut back = String::new();
    scratch.read_to_string(&mut back).unwrap();
    assert_eq!(back, "记录");
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let link = std::fs::read_link(format!("/proc/self/fd/{}", scratch.as_raw_fd())).unwrap();
        assert!(link.to_string_lossy().ends_with("(deleted)"), "{link:?}");
    }
}
