//! The edit form's markup: every field filled from the file's own text (so what is saved is
//! what the clerk saw), each finding beside the field it is about (`data-field` marks where
//! the script puts live findings), 一级/二级 as selects from the framework preset, and each
//! 指标值's reading under it.

use maud::{Markup, html};
use toml_edit::{DocumentMut, Item};

use crate::model::framework::{Level1, Preset};
use crate::serve::App;
use crate::serve::edit::apply::shown;
use crate::serve::html::enc_path;
use crate::serve::project::finding;

/// A finding placed on a form field (`""` for the file as a whole).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Placed {
    /// The field's name (`ind.3.target`), or empty.
    pub field: String,
    /// Rule code.
    pub code: &'static str,
    /// `error`, `warning`, `note`.
    pub severity: &'static str,
    /// The severity in the page's language.
    pub level: String,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    #[serde(skip)]
    pub(crate) raw: crate::diag::Severity,
}

/// What the form needs besides the file.
pub struct FormView<'a> {
    /// The tree address.
    pub rel: &'a str,
    /// The file's text.
    pub text: &'a str,
    /// Its content hash.
    pub hash: &'a str,
    /// Findings by field.
    pub findings: &'a [Placed],
    /// Readings of the targets, by form row.
    pub readings: &'a [(usize, String)],
    /// The framework preset of the tree.
    pub preset: Preset,
    /// The 你的姓名 field (`--commit`), or nothing.
    pub author: Markup,
}

fn here(app: &App, findings: &[Placed], field: &str) -> Markup {
    html! {
        @let mine: Vec<&Placed> = findings.iter().filter(|f| f.field == field).collect();
        @if !mine.is_empty() {
            ul.findings { @for f in mine { (finding(app, f.code, f.raw, &f.message, f.help.as_deref())) } }
        }
    }
}

/// The whole form, or `None` when the text is not TOML.
pub fn form(app: &App, view: &FormView<'_>) -> Option<Markup> {
    let doc: DocumentMut = view.text.parse().ok()?;
    let t = |key: &str| app.t(key);
    let project = doc.get("project").and_then(Item::as_table);
    let budget = doc.get("budget").and_then(Item::as_table);
    let field = |table: Option<&toml_edit::Table>, key: &str| shown(table.and_then(|t| t.get(key)));
    let goals: Vec<String> = project
        .and_then(|p| p.get("goals"))
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let plan: Vec<(String, String)> = doc
        .get("plan")
        .and_then(Item::as_table)
        .map(|p| {
            p.iter()
                .map(|(k, v)| (k.to_owned(), shown(Some(v))))
                .collect()
        })
        .unwrap_or_default();
    let rows: Vec<&toml_edit::Table> = doc
        .get("indicator")
        .and_then(Item::as_array_of_tables)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let level1 = Level1::labels();
    let mut level2: Vec<&str> = Level1::labels()
        .iter()
        .filter_map(|l| Level1::from_label(l))
        .flat_map(|l| l.allowed_level2(view.preset))
        .collect();
    let mut seen = std::collections::HashSet::new();
    level2.retain(|l| seen.insert(*l));
    let findings = view.findings;
    let text_field = |table: &str, key: &str, label: &str, value: String| {
        let name = format!("{table}.{key}");
        html! {
            tr { th { label for=(name) { (label) } }
                 td data-field=(name) { input type="text" id=(name) name=(name) value=(value); (here(app, findings, &name)) } }
        }
    };
    Some(html! {
        div #live data-template=(t("serve.live.count")) {
            span.count {} (here(app, findings, ""))
        }
        form.edit method="post" action={ "/edit/" (enc_path(view.rel)) } data-check={ "/check/" (enc_path(view.rel)) } {
            input type="hidden" name="csrf" value=(app.csrf());
            input type="hidden" name="hash" value=(view.hash);
            input type="hidden" name="rows" value=(rows.len() + 1);
            h2 { (t("serve.form.project")) }
            table.form {
                (text_field("project", "name", &t("sheet.name"), field(project, "name")))
                (text_field("project", "code", &t("sheet.code"), field(project, "code")))
                (text_field("project", "department", &t("sheet.department"), field(project, "department")))
                (text_field("project", "year", &t("serve.col.year"), field(project, "year")))
                tr { th { label for="project.purpose" { (t("sheet.purpose")) } }
                     td data-field="project.purpose" { textarea id="project.purpose" name="project.purpose" { (field(project, "purpose")) } (here(app, findings, "project.purpose")) } }
                tr { th { label for="goals" { (t("sheet.goals")) } br; small { (t("serve.form.one_per_line")) } }
                     td data-field="goals" { textarea id="goals" name="goals" rows=(goals.len() + 2) { (goals.join("\n")) } (here(app, findings, "goals")) } }
            }
            h2 { (t("serve.form.budget")) }
            table.form {
                (text_field("budget", "total", &t("sheet.total"), field(budget, "total")))
                (text_field("budget", "fiscal", &t("sheet.fiscal"), field(budget, "fiscal")))
                (text_field("budget", "other", &t("sheet.other"), field(budget, "other")))
            }
            h2 { (t("sheet.plan")) }
            table.form data-field="plan" {
                tr { th { (t("serve.form.month")) } th { (t("serve.form.percent")) } }
                @for (k, (month, percent)) in plan.iter().map(|(m, p)| (m.clone(), p.clone())).chain([(String::new(), String::new()), (String::new(), String::new())]).enumerate() {
                    tr {
                        td { input type="text" name={ "plan." (k) ".month" } value=(month) size="3"; }
                        td { input type="text" name={ "plan." (k) ".percent" } value=(percent) size="6"; }
                    }
                }
            }
            (here(app, findings, "plan"))
            h2 { (t("sheet.indicators")) }
            table.form.indicators {
                thead { tr {
                    th { (t("serve.col.level1")) } th { (t("serve.col.level2")) } th { (t("sheet.level3")) }
                    th { (t("sheet.description")) } th { (t("sheet.target")) } th { (t("serve.col.basis")) }
                    th { (t("serve.form.position")) } th { (t("serve.form.delete")) }
                } }
                tbody.indicators {
                    @for k in 0..=rows.len() {
                        @let row = rows.get(k).copied();
                        @let cell = |key: &str| shown(row.and_then(|r| r.get(key)));
                        tr.indicator {
                            td data-field={ "ind." (k) ".level1" } {
                                input type="hidden" name={ "ind." (k) ".orig" } value=(if row.is_some() { k.to_string() } else { "new".to_owned() });
                                (select(&format!("ind.{k}.level1"), &cell("level1"), &level1))
                                (here(app, findings, &format!("ind.{k}.level1")))
                            }
                            td data-field={ "ind." (k) ".level2" } {
                                (select(&format!("ind.{k}.level2"), &cell("level2"), &level2))
                                (here(app, findings, &format!("ind.{k}.level2")))
                            }
                            td data-field={ "ind." (k) ".name" } {
                                input type="text" name={ "ind." (k) ".name" } value=(cell("name"));
                                (here(app, findings, &format!("ind.{k}.name")))
                            }
                            td { textarea name={ "ind." (k) ".description" } { (cell("description")) } }
                            td data-field={ "ind." (k) ".target" } {
                                input type="text" name={ "ind." (k) ".target" } value=(cell("target"));
                                @if let Some((_, reading)) = view.readings.iter().find(|(r, _)| *r == k) {
                                    small.reading data-reading={ "ind." (k) } { (reading) }
                                }
                                (here(app, findings, &format!("ind.{k}.target")))
                            }
                            td data-field={ "ind." (k) ".basis" } {
                                input type="text" name={ "ind." (k) ".basis" } value=(cell("basis"));
                                (here(app, findings, &format!("ind.{k}.basis")))
                            }
                            td { input.pos type="number" min="1" name={ "ind." (k) ".pos" } value=(k + 1) aria-label=(t("serve.form.position")); }
                            td { input type="checkbox" name={ "ind." (k) ".delete" } aria-label=(t("serve.form.delete")); }
                        }
                    }
                }
            }
            p { button #add-row type="button" { (t("serve.form.add_row")) } " " small { (t("serve.form.add_row_hint")) } }
            (view.author)
            p { button type="submit" { (t("serve.form.save")) } }
        }
    })
}

/// A select of `options` with `current` chosen; a value the list lacks is kept as written.
fn select(name: &str, current: &str, options: &[&str]) -> Markup {
    html! {
        select name=(name) {
            @if !options.contains(&current) {
                option value=(current) selected { (current) }
            }
            @for o in options {
                option value=(o) selected[*o == current] { (o) }
            }
        }
    }
}
