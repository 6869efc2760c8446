//! A generated project written as TOML, the way people write these files: amounts as
//! integers, floats or strings, comments where a defect needs one.

use std::fmt::Write as _;

use super::Rng;
use super::project::Project;
use super::targets::decimal;

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn amount(rng: &mut Rng, cents: i128) -> String {
    let text = decimal(cents, 2);
    if text.contains('.') && rng.below(3) == 0 {
        quote(&text)
    } else {
        text
    }
}

/// The weights of `n` rows adding up to `sum`.
fn weights(n: usize, sum: u32) -> Vec<u32> {
    let n32 = u32::try_from(n.max(1)).unwrap_or(1);
    let base = sum / n32;
    (0..n32)
        .map(|i| base + u32::from(i < sum - base * n32))
        .collect()
}

/// The file's text. `rng` only varies how amounts are written.
pub(crate) fn render(rng: &mut Rng, p: &Project) -> String {
    let mut s = String::with_capacity(4096);
    let line = |s: &mut String, key: &str, value: &str| {
        let _ = writeln!(s, "{key} = {value}");
    };
    s.push_str("[project]\n");
    line(&mut s, "name", &quote(&p.name));
    if let Some(t) = &p.title {
        line(&mut s, "title", &quote(t));
    }
    line(&mut s, "code", &quote(&p.code));
    line(&mut s, "department", &quote(&p.department));
    if let Some(i) = &p.implementer {
        line(&mut s, "implementer", &quote(i));
    }
    line(&mut s, "year", &p.year.to_string());
    if let Some(period) = &p.period {
        line(&mut s, "period", &quote(period));
    }
    if let Some(f) = p.framework {
        line(&mut s, "framework", &quote(f));
    }
    if p.extra_key {
        line(&mut s, "remark", &quote("此项目为续建项目"));
    }
    if let Some(purpose) = &p.purpose {
        line(&mut s, "purpose", &quote(purpose));
    }
    s.push_str("goals = [\n");
    for g in &p.goals {
        let _ = writeln!(s, "  {},", quote(g));
    }
    s.push_str("]\n");
    if !p.long_term_goals.is_empty() {
        let goals: Vec<String> = p.long_term_goals.iter().map(|g| quote(g)).collect();
        line(
            &mut s,
            "long_term_goals",
            &format!("[{}]", goals.join(", ")),
        );
    }
    if !p.medium_term.is_empty() {
        let years: Vec<String> = p
            .medium_term
            .iter()
            .map(|(y, c)| format!("{y} = {}", decimal(*c, 2)))
            .collect();
        line(
            &mut s,
            "medium_term",
            &format!("{{ {} }}", years.join(", ")),
        );
    }
    s.push_str("\n[budget]\n");
    let b = &p.budget;
    if b.yuan {
        line(&mut s, "unit", &quote("元"));
    }
    let total = amount(rng, b.total);
    match &b.comment {
        Some(c) => line(&mut s, "total", &format!("{total}  {c}")),
        None => line(&mut s, "total", &total),
    }
    if let Some(f) = b.fiscal {
        line(&mut s, "fiscal", &amount(rng, f));
    }
    if let Some(o) = b.other {
        line(&mut s, "other", &amount(rng, o));
    }
    for (name, cents) in &b.items {
        s.push_str("\n[[budget.items]]\n");
        line(&mut s, "name", &quote(name));
        line(&mut s, "amount", &amount(rng, *cents));
    }
    if let Some(plan) = &p.plan {
        s.push_str("\n[plan]\n");
        for (i, (key, value)) in plan.iter().enumerate() {
            match (&p.plan_comment, i) {
                (Some(c), 0) => line(&mut s, key, &format!("{value}  {c}")),
                _ => line(&mut s, key, value),
            }
        }
    }
    let weights = p.weights.map(|sum| weights(p.rows.len(), sum));
    for (i, r) in p.rows.iter().enumerate() {
        s.push_str("\n[[indicator]]\n");
        line(&mut s, "level1", &quote(&r.level1));
        line(&mut s, "level2", &quote(&r.level2));
        line(&mut s, "name", &quote(&r.name));
        if let Some(d) = &r.description {
            line(&mut s, "description", &quote(d));
        }
        match &r.comment {
            Some(c) => line(&mut s, "target", &format!("{}  {c}", quote(&r.target))),
            None => line(&mut s, "target", &quote(&r.target)),
        }
        if let Some(u) = &r.unit {
            line(&mut s, "unit", &quote(u));
        }
        if let Some(b) = &r.baseline {
            line(&mut s, "baseline", &quote(b));
        }
        if let Some(w) = weights.as_ref().and_then(|w| w.get(i)) {
            line(&mut s, "weight", &w.to_string());
        }
        // An empty basis is a row without the column filled in (the realistic mix's I014).
        if !r.basis.is_empty() {
            line(&mut s, "basis", &quote(&r.basis));
        }
        if let Some(n) = &r.basis_note {
            line(&mut s, "basis_note", &quote(n));
        }
    }
    s
}
