//! `--help` in the reader's language: the clap definition is built from the derive (whose
//! doc comments are English), then each command's summary and an example block are put in
//! from the catalogs (`help.<subcommand>.about`, `help.<subcommand>.examples`) before the
//! command line is parsed. The language comes from `--lang`/`PERF_LANG` as written, since
//! help is shown while parsing.

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
        .mut_arg("color", |arg| arg.help(lang.text("help.arg.color", &[])))
        .mut_arg("lang", |arg| arg.help(lang.text("help.arg.lang", &[])));
    let names: Vec<String> = root
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.iter().fold(root, |root, name| {
        root.mut_subcommand(name, |sub| {
            sub.about(lang.text(&format!("help.{name}.about"), &[]))
                .after_help(lang.text(&format!("help.{name}.examples"), &[]))
        })
    })
}

/// Parses the process's arguments against the localised definition; a bad command line
/// (or `--help`) ends the process the way clap always does.
pub(crate) fn parse() -> Cli {
    let matches: ArgMatches = command(crate::cli::early_lang()).get_matches();
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
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

    #[test]
    fn localised_command_line_is_well_formed() {
        command(Lang::Zh).debug_assert();
        command(Lang::En).debug_assert();
    }
}
