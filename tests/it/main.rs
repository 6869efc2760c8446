//! Every integration test in one binary: one link instead of one per file, so a one-file
//! change rebuilds the suite once (issue 16 §4). Each module is the file of its name; tests
//! that run the real `perf` binary use `common`.
//!
//! A part of the suite alone: `cargo test --test it cli_summary::`. The `#[ignore]`d browser,
//! LibreOffice and editor tests run in `.ci/run` with `-- --ignored`.

mod common;

mod bad_inputs;
mod cli_changed_since;
mod cli_completions;
mod cli_config;
mod cli_diff;
mod cli_escapes;
mod cli_export;
mod cli_export_document;
mod cli_export_print;
mod cli_fmt;
mod cli_formats;
mod cli_help;
mod cli_import;
mod cli_import_merge;
mod cli_lang;
mod cli_lsp;
mod cli_lsp_nvim;
mod cli_monitor;
mod cli_new;
mod cli_report;
mod cli_rules;
mod cli_rules_once;
mod cli_score;
mod cli_self_eval;
mod cli_serve;
mod cli_serve_browser;
mod cli_serve_commit;
mod cli_serve_department;
mod cli_serve_downloads;
mod cli_serve_findings;
mod cli_serve_import;
mod cli_serve_open;
mod cli_serve_rows;
mod cli_serve_scan;
mod cli_serve_xls;
mod cli_show;
mod cli_stdout;
mod cli_summary;
mod cli_target;
mod cli_target_reading;
mod cli_template;
mod cli_validate;
mod cli_validate_stream;
mod cli_write_safety;
mod cli_years;
mod doc_equivalence;
mod fmt_properties;
mod fuzz_corpus;
mod gen_corpus;
mod human_equivalence;
mod import_hostile;
mod import_layouts;
mod import_property;
mod import_self_eval;
mod import_tree;
mod import_web_copies;
mod json_schema;
mod junit_streamed;
mod kept_and_dropped;
mod layering;
mod lsp_client;
mod properties;
mod real_forms;
mod real_self_eval;
mod rules;
mod sarif_schema;
mod seed_transcription;
mod serve_client;
mod write_signal_cleanup;
