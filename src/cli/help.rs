//! `--help` in the reader's language: the clap definition is built from the derive (whose
//! doc comments are English), then each command's summary and an example block are put in
//! from the catalogs (`help.<subcommand>.about`, `help.<subcommand>.examples`) before the
//! command line is parsed. The language comes from `--lang`/`PERF_LANG` as written, since
//! help is shown while parsing.
//!
//! Every option's help comes from the catalogs too: `help.<subcommand>.arg.<id>` when the
//! option means something particular to that command (`--format`, `--output`), else the
//! shared `help.arg.<id>` (`--config`, `--deny`). The catalog text lists an option's values
//! itself, so clap's English value list is hidden; defaults stay, being values not words.

use clap::{ArgMatches, CommandFactory};
use perf::i18n::Lang;

use crate::cli::Cli;

/// The command line definition with its help texts in `lang`.
pub(crate) fn command(lang: Lang) -> clap::Command {
    // The global options are defined once on the root; clap copies them to every command
    // when it builds the definition, so they are translated here once.
    let root = Cli::command()
        .about(lang.text("help.about", &[]))
        .after_help(lang.text("help.examples", &[]))
        .mut_arg("color", |arg| {
            arg.help(lang.text("help.arg.color", &[]))
                .long_help(lang.text("help.arg.color", &[]))
                .hide_possible_values(true)
                .hide_default_value(true)
                .help_heading(lang.text("help.heading.options", &[]))
        })
        .mut_arg("lang", |arg| {
            arg.help(lang.text("help.arg.lang", &[]))
                .long_help(lang.text("help.arg.lang", &[]))
                .hide_default_value(true)
                .help_heading(lang.text("help.heading.options", &[]))
        })
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(lang.text("help.arg.version", &[]))
                .help_heading(lang.text("help.heading.options", &[])),
        );
    let mut command = localise(root, "", lang);
    // clap adds its `help` subcommand (`perf help validate`) when it builds the definition,
    // with English text: build first, then put the catalog's text on each one.
    command.build();
    help_subcommands(command, lang)
}

/// The `help` subcommand of `command` and of its subcommands, in `lang`.
fn help_subcommands(command: clap::Command, lang: Lang) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| {
            if name == "help" {
                sub.about(lang.text("help.help_subcommand", &[]))
            } else {
                help_subcommands(sub, lang)
            }
        })
    })
}

/// Puts `lang`'s texts into `command` (at `path`, dotted: `new.project`) and its
/// subcommands: summary, examples, every option, the section headings and the help flag.
fn localise(command: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let heading = |key: &str| lang.text(&format!("help.heading.{key}"), &[]);
    let mut command = command
        .help_template(format!(
            "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            heading("usage")
        ))
        .subcommand_help_heading(heading("commands"))
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(lang.text("help.arg.help", &[]))
                .help_heading(heading("options")),
        );
    if !path.is_empty() {
        command = command
            .about(lang.text(&format!("help.{path}.about"), &[]))
            .after_help(lang.text(&format!("help.{path}.examples"), &[]));
    }
    for id in own_arg_ids(&command) {
        let text = arg_text(lang, path, &id);
        command = command.mut_arg(&id, |arg| {
            let section = if arg.is_positional() {
                "arguments"
            } else {
                "options"
            };
            let takes_values = arg.get_action().takes_values();
            arg.help(text.clone())
                .long_help(text)
                .hide_possible_values(takes_values)
                .hide_default_value(takes_values)
                .help_heading(heading(section))
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.iter().fold(command, |command, name| {
        let inner = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        command.mut_subcommand(name, |sub| localise(sub, &inner, lang))
    })
}

/// The options a command defines itself: not the global ones (translated once on the root)
/// nor the help flag.
fn own_arg_ids(command: &clap::Command) -> Vec<String> {
    command
        .get_arguments()
        .filter(|arg| !arg.is_global_set() && !arg.is_hide_set())
        .map(|arg| arg.get_id().as_str().to_owned())
        .filter(|id| !matches!(id.as_str(), "help" | "version" | "color" | "lang"))
        .collect()
}

/// The help text of option `id` of the command at `path`: its own text if the catalog has
/// one, else the shared text. `None` when neither exists (a test keeps that from happening).
fn arg_text_if_any(lang: Lang, path: &str, id: &str) -> Option<String> {
    [format!("help.{path}.arg.{id}"), format!("help.arg.{id}")]
        .into_iter()
        .find_map(|key| {
            let text = lang.text(&key, &[]);
            (text != key).then_some(text)
        })
}

fn arg_text(lang: Lang, path: &str, id: &str) -> String {
    arg_text_if_any(lang, path, id).unwrap_or_default()
}

/// Parses the process's arguments against the localised definition; a bad command line
/// (or `--help`) ends the process the way clap always does.
pub(crate) fn parse() -> Cli {
    let lang = crate::cli::early_lang();
    let matches: ArgMatches = command(lang)
        .try_get_matches()
        .unwrap_or_else(|error| crate::cli::parse_errors::exit(error, lang));
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
        .unwrap_or_else(|error| crate::cli::parse_errors::exit(error, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_visible_subcommand_has_help_texts_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            for sub in Cli::command()
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
            {
                for part in ["about", "examples"] {
                    let key = format!("help.{}.{part}", sub.get_name());
                    assert_ne!(lang.text(&key, &[]), key, "{lang:?}: {key} missing");
                }
            }
        }
    }

    /// Every visible command at any depth, with its dotted path (`new.project`).
    fn commands(command: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            let inner = if path.is_empty() {
                sub.get_name().to_owned()
            } else {
                format!("{path}.{}", sub.get_name())
            };
            out.push((inner.clone(), sub.clone()));
            commands(sub, &inner, out);
        }
    }

    #[test]
    fn every_option_has_help_text_in_both_languages() {
        let mut all = Vec::new();
        commands(&Cli::command(), "", &mut all);
        let mut missing = Vec::new();
        for lang in [Lang::Zh, Lang::En] {
            for (path, sub) in &all {
                for id in own_arg_ids(sub) {
                    if arg_text_if_any(lang, path, &id).is_none() {
                        missing.push(format!("{lang:?}: help.{path}.arg.{id}"));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "options without help text:\n{}",
            missing.join("\n")
        );
    }

    /// The default values are hidden from clap's English `[default: …]`, so each option's
    /// own text must name its default.
    #[test]
    fn every_default_value_is_named_in_the_help_text() {
        let mut all = vec![(String::new(), Cli::command())];
        commands(&Cli::command(), "", &mut all);
        for lang in [Lang::Zh, Lang::En] {
            for (path, sub) in &all {
                for arg in sub.get_arguments() {
                    let id = arg.get_id().as_str();
                    let Some(text) = arg_text_if_any(lang, path, id) else {
                        continue;
                    };
                    for value in arg.get_default_values() {
                        let value = value.to_string_lossy();
                        assert!(
                            text.contains(value.as_ref()),
                            "{lang:?}: {path} --{id}: default {value} not in {text}"
                        );
                    }
                }
            }
        }
    }

    /// Each example in the help is a command line perf accepts (a wrong option name in an
    /// example is the first thing a new user copies).
    #[test]
    fn every_example_parses() {
        let mut all = vec![(String::new(), Cli::command())];
        commands(&Cli::command(), "", &mut all);
        for lang in [Lang::Zh, Lang::En] {
            for (path, _) in &all {
                let key = if path.is_empty() {
                    "help.examples".to_owned()
                } else {
                    format!("help.{path}.examples")
                };
                for line in lang.text(&key, &[]).lines().skip(1) {
                    // The command is what comes before the comment and any redirection.
                    let command_line = line.split(" #").next().unwrap_or(line);
                    let command_line = command_line.split(" > ").next().unwrap_or(line);
                    let words: Vec<&str> = command_line.split_whitespace().collect();
                    assert_eq!(words.first(), Some(&"perf"), "{key}: {line}");
                    let parsed = command(lang).try_get_matches_from(&words);
                    let help_asked = parsed
                        .as_ref()
                        .is_err_and(|e| e.kind() == clap::error::ErrorKind::DisplayHelp);
                    assert!(parsed.is_ok() || help_asked, "{key}: {line}: {parsed:?}");
                }
            }
        }
    }

    #[test]
    fn localised_command_line_is_well_formed() {
        command(Lang::Zh).debug_assert();
        command(Lang::En).debug_assert();
    }
}
