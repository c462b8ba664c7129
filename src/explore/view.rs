//! A view of `hasu explore`: what the page asks for (weights, sites
//! required and excluded, sizes, group rules, scenarios, a travel-time
//! factor, demand growth, sites' roles, the outcome policy), written as the
//! criteria file and scenario file that reproduce it with the CLI. The
//! explorer appraises every view from these texts, so what it shows and
//! what `hasu appraise` gives with the exported files are one computation.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::model::{Dataset, Role};
use crate::scenario::MOST_FACTOR;

/// The name of a view's criteria file.
pub const CRITERIA_FILE: &str = "criteria.toml";
/// The name of a view's scenario file.
pub const SCENARIO_FILE: &str = "view-scenario.toml";

/// What the page asks for. Every field may be left out: the criteria's
/// own settings and no scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct View {
    /// Every criterion's weight by id (adding up to 1); none: the
    /// criteria's.
    pub weights: Option<BTreeMap<String, f64>>,
    /// Candidate sites every option must include, by id.
    pub require: Vec<String>,
    /// Candidate sites no option may include, by id.
    pub exclude: Vec<String>,
    /// The fewest and most HASUs; none: the criteria's.
    pub hasus: Option<[usize; 2]>,
    /// The criteria's group rules switched off, by name.
    pub groups_off: Vec<String>,
    /// The scenario files offered that apply, by name (in the order
    /// offered).
    pub scenarios: Vec<String>,
    /// Every journey time × this (1: as the data has them).
    pub travel_factor: Option<f64>,
    /// Every zone's admissions × this (1: as the data has them).
    pub demand_factor: Option<f64>,
    /// Sites whose role changes: id → `candidate`, `fixed_open` or
    /// `closed`.
    pub roles: BTreeMap<String, String>,
    /// Where suspected LVO patients go first: `drip_and_ship` or
    /// `mothership` (criteria with `[outcomes]` only); none: the
    /// criteria's.
    pub policy: Option<String>,
}

/// A view as files: the criteria text, and the scenario text when the view
/// changes the data.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ViewFiles {
    /// The criteria file's text.
    pub criteria: String,
    /// The scenario file's text, when there is one.
    pub scenario: Option<String>,
}

/// The criteria a view starts from.
pub struct Base<'a> {
    /// The criteria file's text.
    pub text: &'a str,
    /// How outputs name it.
    pub name: &'a str,
    /// Its folder, against which a panel file is found (none: the criteria
    /// compiled into hasu).
    pub dir: Option<&'a Path>,
    /// The dataset's sites and zones, before any scenario.
    pub data: &'a Dataset,
    /// The group rules' names, in order.
    pub groups: &'a [String],
}

/// Which roles a site may be given.
const ROLES: [&str; 3] = ["candidate", "fixed_open", "closed"];

impl View {
    /// Checks the view against `base`, every problem at once.
    ///
    /// # Errors
    /// The problems, one sentence each.
    pub fn check(&self, base: &Base) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let data = base.data;
        let site = |id: &str| data.sites.iter().find(|s| s.id == id);
        let role_after = |id: &str| -> Option<Role> {
            self.roles
                .get(id)
                .and_then(|r| r.parse().ok())
                .or_else(|| site(id).map(|s| s.role))
        };
        for (what, ids) in [("require", &self.require), ("exclude", &self.exclude)] {
            for id in ids {
                match (site(id), role_after(id)) {
                    (None, _) => problems.push(format!(
                        "{what}: no site \"{}\" in the dataset",
                        crate::error::inert(id)
                    )),
                    (Some(_), Some(r)) if r != Role::Candidate => {
                        problems.push(format!("{what}: site \"{id}\" is {r}, not a candidate"))
                    }
                    _ => {}
                }
            }
        }
        for (id, role) in &self.roles {
            if site(id).is_none() {
                problems.push(format!(
                    "roles: no site \"{}\" in the dataset",
                    crate::error::inert(id)
                ));
            }
            if !ROLES.contains(&role.as_str()) {
                problems.push(format!(
                    "roles: \"{}\" for {}; expected one of {}",
                    crate::error::inert(role),
                    crate::error::inert(id),
                    ROLES.join(", ")
                ));
            }
        }
        if let Some([min, max]) = self.hasus
            && (min == 0 || min > max || max > crate::siteset::MAX_SITES)
        {
            problems.push(format!(
                "hasus: {min} to {max}; expected at least 1, and the fewest no more than the most"
            ));
        }
        for name in &self.groups_off {
            if !base.groups.contains(name) {
                problems.push(format!(
                    "groups_off: the criteria have no group rule \"{}\"",
                    crate::error::inert(name)
                ));
            }
        }
        for (what, f) in [
            ("travel_factor", self.travel_factor),
            ("demand_factor", self.demand_factor),
        ] {
            if let Some(f) = f
                && !(f > 0.0 && f <= MOST_FACTOR)
            {
                problems.push(format!(
                    "{what}: {f}; expected a number above 0 and at most {MOST_FACTOR}"
                ));
            }
        }
        if let Some(p) = &self.policy
            && !["drip_and_ship", "mothership"].contains(&p.as_str())
        {
            problems.push(format!(
                "policy: \"{}\"; expected drip_and_ship or mothership",
                crate::error::inert(p)
            ));
        }
        if let Some(w) = &self.weights {
            for (id, x) in w {
                if !x.is_finite() || *x < 0.0 {
                    problems.push(format!(
                        "weights: {} is {x}; expected a number from 0 to 1",
                        crate::error::inert(id)
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The view written as files, starting from `base` (checked with
    /// [`View::check`] first).
    ///
    /// # Errors
    /// The problems, when the view does not fit the criteria (a weight for
    /// no criterion, a criterion without a weight, a policy without
    /// `[outcomes]`).
    pub fn files(&self, base: &Base) -> Result<ViewFiles, Vec<String>> {
        self.check(base)?;
        let mut doc: DocumentMut = base
            .text
            .parse()
            .map_err(|e| vec![format!("the criteria {}: {e}", base.name)])?;
        let mut problems = Vec::new();
        if let Some(w) = &self.weights {
            set_weights(&mut doc, w, &mut problems);
        }
        self.set_options(&mut doc);
        if let Some(p) = &self.policy {
            match doc.get_mut("outcomes").and_then(Item::as_table_mut) {
                Some(t) => t["policy"] = value(p.as_str()),
                None => problems.push(
                    "policy: the criteria have no [outcomes], so no outcome policy to set"
                        .to_string(),
                ),
            }
        }
        if let (Some(dir), Some(panel)) = (
            base.dir,
            doc.get_mut("panel").and_then(Item::as_table_like_mut),
        ) && let Some(file) = panel.get("file").and_then(Item::as_str)
        {
            let whole = dir.join(file);
            panel.insert("file", value(whole.to_string_lossy().as_ref()));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let header = format!(
            "# The criteria of a view of `hasu explore`: {} with the view's\n\
             # weights, sites, sizes, group rules and outcome policy.\n\
             # {} SHA-256 {}\n\
             # With the scenario file beside it (if any), it reproduces the view\n\
             # with `hasu appraise` (the command is in the README.txt beside it).\n",
            base.name,
            base.name,
            crate::files::digest::sha256_hex(base.text.as_bytes()),
        );
        Ok(ViewFiles {
            criteria: header + &doc.to_string(),
            scenario: self.scenario_text(),
        })
    }

    /// `[options]`: sizes, required and excluded sites, group rules.
    fn set_options(&self, doc: &mut DocumentMut) {
        let options = doc
            .entry("options")
            .or_insert_with(|| Item::Table(Table::new()))
            .as_table_like_mut();
        let Some(options) = options else {
            return;
        };
        if let Some([min, max]) = self.hasus {
            options.insert("min_hasus", value(min as i64));
            options.insert("max_hasus", value(max as i64));
        }
        for (key, add) in [("require", &self.require), ("exclude", &self.exclude)] {
            if add.is_empty() {
                continue;
            }
            let mut ids: Vec<String> = options
                .get(key)
                .and_then(Item::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            for id in add {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            options.insert(
                key,
                value(ids.iter().map(String::as_str).collect::<Array>()),
            );
        }
        if !self.groups_off.is_empty()
            && let Some(groups) = options
                .get_mut("group")
                .and_then(Item::as_array_of_tables_mut)
        {
            let off = &self.groups_off;
            groups.retain(|t| {
                !t.get("name")
                    .and_then(Item::as_str)
                    .is_some_and(|n| off.iter().any(|o| o == n))
            });
        }
    }

    /// The scenario file of the view's changes to the data, if any.
    fn scenario_text(&self) -> Option<String> {
        let travel = self.travel_factor.filter(|&f| f != 1.0);
        let demand = self.demand_factor.filter(|&f| f != 1.0);
        if travel.is_none() && demand.is_none() && self.roles.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        let mut doc = DocumentMut::new();
        if let Some(f) = travel {
            parts.push(format!("journeys × {f}"));
            let mut t = Table::new();
            t.insert("factor", value(f));
            t.insert("add_minutes", value(0.0));
            doc.insert("travel", Item::Table(t));
        }
        if let Some(f) = demand {
            parts.push(format!("admissions × {f}"));
            let mut t = Table::new();
            t.insert("factor", value(f));
            let mut list = ArrayOfTables::new();
            list.push(t);
            doc.insert("demand", Item::ArrayOfTables(list));
        }
        if !self.roles.is_empty() {
            let mut list = ArrayOfTables::new();
            for (id, role) in &self.roles {
                parts.push(format!("{id} {role}"));
                let mut t = Table::new();
                t.insert("id", value(id.as_str()));
                t.insert("role", value(role.as_str()));
                list.push(t);
            }
            doc.insert("site", Item::ArrayOfTables(list));
        }
        let name = format!(
            "name = {}\n",
            value(format!("Explored view: {}", parts.join(", ")))
        );
        Some(format!(
            "# The data changes of a view of `hasu explore` (applied after any\n\
             # scenario files named in the README beside it).\n{name}{doc}"
        ))
    }
}

/// Sets every `[[criterion]]`'s weight from `weights`, reporting ids on
/// either side without the other.
fn set_weights(doc: &mut DocumentMut, weights: &BTreeMap<String, f64>, problems: &mut Vec<String>) {
    let Some(list) = doc
        .get_mut("criterion")
        .and_then(Item::as_array_of_tables_mut)
    else {
        problems.push("weights: the criteria have no [[criterion]]".to_string());
        return;
    };
    let mut seen = Vec::new();
    for t in list.iter_mut() {
        let Some(id) = t.get("id").and_then(Item::as_str).map(String::from) else {
            continue;
        };
        match weights.get(&id) {
            Some(&w) => t["weight"] = value(w),
            None => problems.push(format!("weights: no weight for criterion \"{id}\"")),
        }
        seen.push(id);
    }
    for id in weights.keys().filter(|k| !seen.contains(k)) {
        problems.push(format!(
            "weights: the criteria have no criterion \"{}\"",
            crate::error::inert(id)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base_of<'a>(data: &'a Dataset, groups: &'a [String]) -> Base<'a> {
        Base {
            text: crate::embedded::CRITERIA,
            name: crate::embedded::CRITERIA_NAME,
            dir: None,
            data,
            groups,
        }
    }

    fn embedded() -> Dataset {
        crate::inputs::Inputs {
            data: None,
            criteria: None,
            scenarios: Vec::new(),
        }
        .load()
        .unwrap()
        .loaded
        .dataset
    }

    #[test]
    fn a_view_without_changes_keeps_the_criteria_and_writes_no_scenario() {
        let data = embedded();
        let files = View::default().files(&base_of(&data, &[])).unwrap();
        assert!(files.criteria.ends_with(crate::embedded::CRITERIA));
        assert_eq!(files.scenario, None);
    }

    #[test]
    fn weights_sites_and_data_changes_are_written_where_the_cli_reads_them() {
        let data = embedded();
        let ids = [
            "volume",
            "thrombolysis",
            "co_location",
            "mean_travel",
            "p95_travel",
            "within_30",
            "call_to_needle",
            "district_equity",
        ];
        let view = View {
            weights: Some(ids.iter().map(|id| (id.to_string(), 0.125)).collect()),
            exclude: vec!["MD".into()],
            hasus: Some([2, 3]),
            travel_factor: Some(1.1),
            roles: [("PR".to_string(), "closed".to_string())].into(),
            ..View::default()
        };
        let files = view.files(&base_of(&data, &[])).unwrap();
        let doc: toml::Table = toml::from_str(&files.criteria).unwrap();
        let weights: Vec<f64> = doc["criterion"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["weight"].as_float().unwrap())
            .collect();
        assert_eq!(weights, vec![0.125; 8]);
        assert_eq!(doc["options"]["exclude"].as_array().unwrap().len(), 1);
        assert_eq!(doc["options"]["min_hasus"].as_integer(), Some(2));
        let scenario: toml::Table = toml::from_str(&files.scenario.unwrap()).unwrap();
        assert_eq!(scenario["travel"]["factor"].as_float(), Some(1.1));
        assert_eq!(scenario["site"][0]["role"].as_str(), Some("closed"));
    }

    #[test]
    fn every_problem_of_a_view_is_reported_at_once() {
        let data = embedded();
        let view = View {
            weights: Some([("speed".to_string(), 1.0)].into()),
            require: vec!["ZZ".into()],
            exclude: vec!["PR".into()],
            groups_off: vec!["east Kent".into()],
            travel_factor: Some(0.0),
            policy: Some("helicopter".into()),
            ..View::default()
        };
        let problems = view.files(&base_of(&data, &[])).unwrap_err();
        for says in ["\"ZZ\"", "PR", "east Kent", "travel_factor", "helicopter"] {
            assert!(
                problems.iter().any(|p| p.contains(says)),
                "{says}: {problems:?}"
            );
        }
        // Weights are checked once the view's own problems are gone.
        let weights = View {
            weights: Some([("speed".to_string(), 1.0)].into()),
            ..View::default()
        };
        let problems = weights.files(&base_of(&data, &[])).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("no criterion \"speed\""))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("no weight for criterion \"volume\""))
        );
    }

    #[test]
    fn a_group_rule_switched_off_is_left_out() {
        let data = embedded();
        let text = "[options]\nmin_hasus = 1\nmax_hasus = 2\n[[options.group]]\nname = \"east Kent\"\nsites = [\"KT\", \"QM\", \"WH\"]\nat_least = 1\n";
        let groups = vec!["east Kent".to_string()];
        let base = Base {
            text,
            ..base_of(&data, &groups)
        };
        let view = View {
            groups_off: groups.clone(),
            ..View::default()
        };
        let files = view.files(&base).unwrap();
        assert!(!files.criteria.contains("east Kent"), "{}", files.criteria);
    }
}
