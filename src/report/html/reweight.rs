//! "Try other weights": sliders that re-rank the passing options in the
//! browser, offline. Scores are linear in each option's normalised values,
//! which the report embeds, so the page computes them exactly as `hasu
//! appraise` does (the same sum, in the same order); hurdles and the
//! robustness draws stay as computed. Hidden in print.

use maud::{Markup, PreEscaped, html};
use serde::Serialize;

use super::ReportInput;
use crate::rank::score;
use crate::report::{fixed, option_id};

/// The data the sliders work on.
#[derive(Serialize)]
struct Reweight {
    /// Criterion ids, in the criteria's order.
    criteria: Vec<String>,
    /// The stated weights, as slider positions (weight × 10,000).
    stated: Vec<f64>,
    options: Vec<OptionValues>,
}

/// A passing option's values on each criterion's 0–1 scale and the keys
/// of the ranking rule's tie-breaks.
#[derive(Serialize)]
struct OptionValues {
    id: String,
    values: Vec<f64>,
    mean_travel: f64,
    size: usize,
    /// Its place in site order (the last tie-break).
    order: usize,
}

const SCRIPT: &str = r#"(function () {
  const data = JSON.parse(document.getElementById('reweight-data').textContent);
  const box = document.getElementById('reweight');
  const sliders = [...box.querySelectorAll('input[type=range]')];
  const body = box.querySelector('tbody');
  function rerank() {
    const raw = sliders.map(s => Number(s.value));
    const sum = raw.reduce((a, b) => a + b, 0);
    const w = raw.map(r => (sum > 0 ? r / sum : 0));
    sliders.forEach((s, k) => { box.querySelector('#weight-' + k).textContent = w[k].toFixed(3); });
    const rows = data.options.map(o => {
      let score = 0;
      o.values.forEach((v, k) => { score += 100 * w[k] * v; });
      return { o: o, score: score };
    });
    rows.sort((a, b) => (b.score - a.score) || (a.o.mean_travel - b.o.mean_travel) || (a.o.size - b.o.size) || (a.o.order - b.o.order));
    body.replaceChildren(...rows.map((r, i) => {
      const tr = document.createElement('tr');
      [String(i + 1), r.o.id, r.score.toFixed(1)].forEach((text, k) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (k !== 1) td.className = 'n';
        tr.appendChild(td);
      });
      tr.dataset.score = String(r.score);
      return tr;
    }));
  }
  sliders.forEach(s => s.addEventListener('input', rerank));
  box.querySelector('button').addEventListener('click', () => {
    sliders.forEach((s, k) => { s.value = data.stated[k]; });
    rerank();
  });
  rerank();
})();"#;

/// The section (nothing when no option passes).
pub fn section(input: &ReportInput) -> Markup {
    let (a, c, data) = (input.appraisal, input.criteria, input.data);
    let ranked = a.ranked();
    if ranked.is_empty() {
        return html! {};
    }
    let mut by_site: Vec<usize> = (0..ranked.len()).collect();
    by_site.sort_by(|&i, &j| ranked[i].site_set().site_order(&ranked[j].site_set()));
    let mut order = vec![0; ranked.len()];
    for (place, &i) in by_site.iter().enumerate() {
        order[i] = place;
    }
    let embedded = Reweight {
        criteria: c.criteria.iter().map(|k| k.id.clone()).collect(),
        stated: c
            .criteria
            .iter()
            .map(|k| (k.weight * 10_000.0).round())
            .collect(),
        options: ranked
            .iter()
            .zip(&order)
            .map(|(o, &order)| OptionValues {
                id: option_id(data, o),
                values: score(c, &o.metrics).iter().map(|s| s.normalised).collect(),
                mean_travel: o.metrics.mean_travel,
                size: o.size(),
                order,
            })
            .collect(),
    };
    // JSON inside a script element: no "<" may close it early.
    let json = serde_json::to_string(&embedded)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    html! {
        section.interactive id="reweight" {
            h3 { "Try other weights" }
            p.note { "Move a slider to re-rank the " (ranked.len()) " passing options; the weights are rescaled to add up to 1. Only the score changes: which options pass the hurdles, and the robustness figures above, are as computed with the stated weights. This works offline, in this file." }
            div.sliders {
                @for (k, crit) in c.criteria.iter().enumerate() {
                    label {
                        code { (crit.id) } " "
                        input type="range" min="0" max="10000" step="1" value=(fixed(crit.weight * 10_000.0, 0)) data-criterion=(crit.id);
                        " " span id=(format!("weight-{k}")) { (fixed(crit.weight, 3)) }
                    }
                }
            }
            button type="button" { "Reset to the stated weights" }
            table.reweighted {
                thead { tr { th.n { "Rank" } th { "Option" } th.n { "Score /100" } } }
                tbody {}
            }
            script type="application/json" id="reweight-data" { (PreEscaped(json)) }
            script id="reweight-script" { (PreEscaped(SCRIPT)) }
        }
    }
}
