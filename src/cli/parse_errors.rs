//! clap's command-line errors in Chinese. clap writes its own errors in English (`error:
//! unexpected argument '--bogus' found … For more information, try '--help'.`); a clerk
//! reading `perf` in Chinese gets them in Chinese, from the catalogs, with the same exit
//! status (2). `--lang en` keeps clap's own text.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};
use perf::i18n::Lang;

/// clap's errors written from the Chinese catalog.
pub(crate) struct Chinese;

/// Prints `error` in `lang` and exits as clap does (help and version to stdout, status 0;
/// errors to stderr, status 2).
pub(crate) fn exit(error: Error, lang: Lang) -> ! {
    let shown_as_is = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shown_as_is {
        error.exit()
    }
    error.apply::<Chinese>().exit()
}

/// One context value as text: a list joined with `、`.
fn text(value: Option<&ContextValue>) -> String {
    match value {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The message for `error`'s kind, from the catalog.
fn message(error: &Error<Chinese>) -> String {
    let zh = Lang::Zh;
    let get = |kind: ContextKind| text(error.get(kind));
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    match error.kind() {
        ErrorKind::InvalidSubcommand => zh.text(
            "cli.parse.invalid_subcommand",
            perf::args!(name = get(ContextKind::InvalidSubcommand)),
        ),
        ErrorKind::UnknownArgument => zh.text("cli.parse.unknown_argument", perf::args!(arg = arg)),
        ErrorKind::InvalidValue if value.is_empty() => {
            zh.text("cli.parse.value_missing", perf::args!(arg = arg))
        }
        ErrorKind::InvalidValue => zh.text(
            "cli.parse.invalid_value",
            perf::args!(
                arg = arg,
                value = value,
                valid = get(ContextKind::ValidValue)
            ),
        ),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(|e| range_reason(&e.to_string()))
                .unwrap_or_default();
            zh.text(
                "cli.parse.value_validation",
                perf::args!(arg = arg, value = value, reason = reason),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            zh.text("cli.parse.missing_argument", perf::args!(arg = arg))
        }
        ErrorKind::MissingSubcommand => zh.text(
            "cli.parse.missing_subcommand",
            perf::args!(name = get(ContextKind::InvalidSubcommand)),
        ),
        ErrorKind::ArgumentConflict => zh.text(
            "cli.parse.conflict",
            perf::args!(arg = arg, other = get(ContextKind::PriorArg)),
        ),
        ErrorKind::NoEquals => zh.text("cli.parse.no_equals", perf::args!(arg = arg)),
        ErrorKind::TooManyValues => zh.text(
            "cli.parse.too_many_values",
            perf::args!(arg = arg, value = value),
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => zh.text(
            "cli.parse.wrong_number",
            perf::args!(
                arg = arg,
                expected = get(ContextKind::ExpectedNumValues),
                actual = get(ContextKind::ActualNumValues)
            ),
        ),
        ErrorKind::InvalidUtf8 => zh.text("cli.parse.invalid_utf8", &[]),
        // Kinds perf's command line cannot produce: clap's own words, never nothing.
        other => other.as_str().unwrap_or("command-line error").to_owned(),
    }
}

/// clap's range check says `13 is not in 1..=12`; perf's own value parsers already speak
/// Chinese and pass through unchanged.
fn range_reason(reason: &str) -> String {
    let parsed = reason.split_once(" is not in ").and_then(|(value, range)| {
        let (low, high) = range.split_once("..=")?;
        Some((value, low, high))
    });
    match parsed {
        Some((value, low, high)) => Lang::Zh.text(
            "cli.parse.out_of_range",
            perf::args!(value = value, low = low, high = high),
        ),
        None => reason.to_owned(),
    }
}

impl ErrorFormatter for Chinese {
    fn format_error(error: &Error<Self>) -> StyledStr {
        let zh = Lang::Zh;
        let mut out = format!("error: {}", message(error));
        let mut tips = Vec::new();
        for kind in [
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedArg,
            ContextKind::SuggestedValue,
        ] {
            let suggested = text(error.get(kind));
            if !suggested.is_empty() {
                tips.push(zh.text("cli.parse.did_you_mean", perf::args!(name = suggested)));
            }
        }
        let arg = text(error.get(ContextKind::InvalidArg));
        if error.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') && tips.is_empty() {
            tips.push(zh.text("cli.parse.dash_value", perf::args!(arg = arg)));
        }
        if !tips.is_empty() {
            out.push('\n');
        }
        for tip in tips {
            let _ = write!(
                out,
                "\n  {}",
                zh.text("cli.parse.tip", perf::args!(tip = tip))
            );
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.trim().trim_start_matches("Usage:").trim();
            let _ = write!(
                out,
                "\n\n{}",
                zh.text("cli.parse.usage", perf::args!(usage = usage))
            );
        }
        let _ = write!(out, "\n\n{}\n", zh.text("cli.parse.more", &[]));
        StyledStr::from(out)
    }
}
