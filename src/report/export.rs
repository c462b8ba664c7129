//! The consultation evidence pack of one option: a folder of JSON, CSV and
//! GeoJSON files with a plain-English README. The caller gives a new, empty
//! folder (the temporary folder of an [`crate::files::output::Output`]).

use std::io::Write;
use std::path::Path;

use super::pack_patients::{
    DISTRICT_BENEFIT_COLUMNS, ZONE_BENEFIT_COLUMNS, district_benefit_cells, write_beds,
    write_centres, zone_benefit_cells,
};
use super::{Provenance, json, spreadsheet_safe, text, words};
use crate::criteria::Criteria;
use crate::error::{Error, Result};
use crate::evaluate::{Evaluator, ZoneTrip};
use crate::files::write_new;
use crate::groups::Groups;
use crate::model::Dataset;
use crate::model::Zone;
use crate::patients::per_zone;
use crate::rank::Detail;
use crate::save::write_features;

/// Everything a pack is made from.
pub struct PackInput<'a> {
    /// The dataset.
    pub data: &'a Dataset,
    /// The criteria.
    pub criteria: &'a Criteria,
    /// The evaluator the option was appraised with.
    pub evaluator: &'a Evaluator,
    /// Data and assumptions.
    pub provenance: &'a Provenance,
    /// Today's configuration, explained.
    pub today: &'a Detail,
    /// The scenarios applied to the dataset.
    pub scenarios: &'a [crate::scenario::Scenario],
    /// The robustness study of the long list and the appraisal it studies
    /// (none when the long list cannot be made).
    pub study: Option<(&'a crate::robustness::Study, &'a crate::rank::Appraisal)>,
}

pub(super) fn csv_out(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// A number for CSV: shortest form, rounded to `decimals`, `-0` as `0`.
pub(super) fn num(x: f64, decimals: i32) -> String {
    let k = 10f64.powi(decimals);
    format!("{}", (x * k).round() / k + 0.0)
}

/// A zone's deprivation and rurality cells of `zones.csv`.
fn group_cells(zone: &Zone, groups: &Groups, z: usize) -> [String; 4] {
    [
        zone.income_score.map_or_else(String::new, |x| num(x, 4)),
        zone.income_rank.map_or_else(String::new, |r| r.to_string()),
        match groups.quintile[z] {
            0 => String::new(),
            q => q.to_string(),
        },
        zone.rural_urban
            .map_or_else(String::new, |r| r.as_str().to_string()),
    ]
}

/// Writes the evidence pack of option `o` into the new folder `dir`
/// (created if missing).
pub fn write_pack(dir: &Path, input: &PackInput, o: &Detail) -> Result<()> {
    let (data, ev) = (input.data, input.evaluator);
    let mut scratch = ev.scratch();
    ev.evaluate(&o.assessed.site_set(), &mut scratch);
    let trips: Vec<ZoneTrip> = ev.zones(&scratch);
    let site = |t: Option<(usize, f64)>| t.map_or(String::new(), |(s, _)| data.sites[s].id.clone());
    let minutes = |t: Option<(usize, f64)>| t.map_or(String::new(), |(_, m)| num(m, 1));
    let change = |z: usize| match (trips[z].today, trips[z].option) {
        (Some((_, a)), Some((_, b))) => num(b - a, 1),
        _ => String::new(),
    };
    // Whether a zone's journey (today's or the option's) is a network
    // estimate rather than a published time.
    let estimated = |z: usize, t: Option<(usize, f64)>| {
        t.is_some_and(|(s, _)| crate::estimates::is_estimated(data, z, s))
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();

    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_new(&dir.join("summary.json"), |w| {
        let mut summary = json::OptionJson::new(
            json::Source {
                dir: &input.provenance.data,
                data,
                criteria: input.criteria,
                scenarios: input.scenarios,
            },
            input.today,
            o,
        );
        summary.robustness = input
            .study
            .and_then(|(study, a)| json::RankRobustness::of(study, a, data, o));
        w.write_all(json::to_string(&summary).as_bytes())
    })?;
    let groups = ev.groups();
    let benefit = input.criteria.outcomes.is_some().then(|| {
        ev.patients(&o.assessed.site_set(), &mut scratch);
        let (today, _) = ev.today_evaluated();
        (
            per_zone(ev, &o.assessed.site_set(), &scratch),
            per_zone(ev, &ev.today(), today),
        )
    });
    write_new(&dir.join("zones.csv"), |w| {
        let mut out = csv_out(w);
        let mut header = vec![
            "zone_id",
            "name",
            "district",
            "in_region",
            "ambulance",
            "admissions",
            "today_unit",
            "today_minutes",
            "unit",
            "minutes",
            "change_minutes",
            "today_estimated",
            "estimated",
        ];
        if benefit.is_some() {
            header.extend(ZONE_BENEFIT_COLUMNS);
        }
        if groups.is_some() {
            header.extend([
                "income_score",
                "income_rank",
                "deprivation_quintile",
                "rural_urban",
            ]);
        }
        out.write_record(&header)?;
        for (z, zone) in data.zones.iter().enumerate() {
            let mut row = vec![
                spreadsheet_safe(&zone.id).into_owned(),
                spreadsheet_safe(&zone.name).into_owned(),
                spreadsheet_safe(&zone.district).into_owned(),
                if zone.in_region { "yes" } else { "no" }.to_string(),
                spreadsheet_safe(&zone.ambulance).into_owned(),
                num(zone.admissions, 4),
                spreadsheet_safe(&site(trips[z].today)).into_owned(),
                minutes(trips[z].today),
                spreadsheet_safe(&site(trips[z].option)).into_owned(),
                minutes(trips[z].option),
                change(z),
                yes_no(estimated(z, trips[z].today)),
                yes_no(estimated(z, trips[z].option)),
            ];
            if let Some((option, today)) = &benefit {
                row.extend(zone_benefit_cells(data, option[z], today[z]));
            }
            if let Some(g) = groups {
                row.extend(group_cells(zone, g, z));
            }
            out.write_record(&row)?;
        }
        out.flush()
    })?;
    write_new(&dir.join("districts.csv"), |w| {
        let mut out = csv_out(w);
        let mut header = vec![
            "district",
            "admissions",
            "mean_minutes_today",
            "mean_minutes",
            "change_minutes",
            "admissions_travelling_further",
            "largest_increase_minutes",
        ];
        if o.patients.is_some() {
            header.extend(DISTRICT_BENEFIT_COLUMNS);
        }
        out.write_record(&header)?;
        for d in &o.explained.districts {
            let mut row = vec![
                spreadsheet_safe(&d.district).into_owned(),
                num(d.admissions, 2),
                num(d.mean_travel_today, 2),
                num(d.mean_travel, 2),
                num(d.change, 2),
                num(d.admissions_further, 2),
                num(d.largest_increase, 1),
            ];
            if let Some(p) = &o.patients {
                let b = p.districts.iter().find(|b| *b.district == *d.district);
                row.extend(district_benefit_cells(b));
            }
            out.write_record(&row)?;
        }
        out.flush()
    })?;
    if let Some(p) = &o.patients {
        write_new(&dir.join("thrombectomy.csv"), |w| write_centres(w, p))?;
    }
    if let Some((_, units)) = &o.beds {
        write_new(&dir.join("beds.csv"), |w| write_beds(w, units))?;
    }
    if let Some(workforce) = &input.criteria.workforce {
        write_new(&dir.join("workforce.csv"), |w| {
            super::resources::write_workforce(w, o, data, workforce)
        })?;
    }
    if input.criteria.costs.is_some() {
        write_new(&dir.join("costs.csv"), |w| {
            super::resources::write_costs(w, o, data)
        })?;
    }
    if let Some(e) = &o.equity {
        write_new(&dir.join("equity.csv"), |w| {
            super::equity::write_csv(w, e, num)
        })?;
    }
    write_new(&dir.join("hasus.csv"), |w| {
        let mut out = csv_out(w);
        out.write_record([
            "site_id",
            "name",
            "role",
            "admissions",
            "region_admissions",
            "zones",
            "median_door_to_needle_minutes",
            "share_thrombolysed_within_limit",
            "districts",
        ])?;
        for u in &o.explained.units {
            out.write_record([
                spreadsheet_safe(&u.site).into_owned(),
                spreadsheet_safe(&u.name).into_owned(),
                if u.hasu { "hasu" } else { "out_of_area" }.to_string(),
                num(u.admissions, 2),
                num(u.region_admissions, 2),
                u.zones.to_string(),
                num(u.median_door_to_needle, 2),
                num(u.share_within_door_to_needle, 4),
                spreadsheet_safe(&u.districts.join("; ")).into_owned(),
            ])?;
        }
        out.flush()
    })?;
    write_new(&dir.join("hurdles.csv"), |w| {
        let mut out = csv_out(w);
        out.write_record(["hurdle", "passed", "reason"])?;
        for h in words::hurdles(&input.criteria.hurdles, o) {
            for r in &h.reasons {
                out.write_record([
                    h.hurdle.as_str(),
                    if h.passed { "yes" } else { "no" },
                    &spreadsheet_safe(r),
                ])?;
            }
        }
        out.flush()
    })?;
    if let Some(b) = &data.boundaries {
        write_new(&dir.join("catchments.geojson"), |w| {
            write_features(w, b, |z| {
                let zone = &data.zones[z];
                let unit = trips[z].option.map(|(s, _)| data.sites[s].id.as_str());
                let unit_name = trips[z].option.map(|(s, _)| data.sites[s].name.as_str());
                serde_json::json!({
                    "zone_id": zone.id,
                    "name": zone.name,
                    "district": zone.district,
                    "in_region": zone.in_region,
                    "ambulance": zone.ambulance,
                    "admissions": zone.admissions,
                    "unit": unit,
                    "unit_name": unit_name,
                    "minutes": trips[z].option.map(|t| t.1),
                    "today_unit": trips[z].today.map(|(s, _)| data.sites[s].id.as_str()),
                    "today_minutes": trips[z].today.map(|t| t.1),
                    "change_minutes": match (trips[z].today, trips[z].option) {
                        (Some((_, a)), Some((_, b))) => Some(b - a),
                        _ => None,
                    },
                    "estimated": estimated(z, trips[z].option),
                    "today_estimated": estimated(z, trips[z].today),
                    "income_score": zone.income_score,
                    "income_rank": zone.income_rank,
                    "deprivation_quintile": groups
                        .map(|g| g.quintile[z])
                        .filter(|&q| q > 0),
                    "rural_urban": zone.rural_urban.map(|r| r.as_str()),
                })
            })
        })?;
    }
    write_new(&dir.join("README.txt"), |w| {
        w.write_all(readme(input, o).as_bytes())
    })
}

/// How sure the option's rank is, in words: its chances under other
/// weights and under the uncertain inputs (`None` when it is not ranked).
fn how_sure(
    study: &crate::robustness::Study,
    a: &crate::rank::Appraisal,
    data: &Dataset,
    o: &Detail,
) -> Option<String> {
    let rank = o.assessed.rank?;
    let i = rank - 1;
    let w = &study.weights;
    let mut text = format!("How sure: ranked {rank} of {} passing options.", a.passing);
    if let Some(x) = w.centred.get(i).filter(|_| w.draws > 0) {
        text.push_str(&format!(
            " It ranks first in {} and in the top 3 in {} of {} weightings drawn around the stated weights (its ranks over them {}–{}).",
            words::percent(x.p_first),
            words::percent(x.p_top3),
            crate::summary::thousands(w.draws as f64),
            x.rank_min,
            x.rank_max
        ));
    }
    let tied = study.tied_with_first(a.ranked());
    if !tied.is_empty() && (i == 0 || tied.contains(&i)) {
        let ids: Vec<String> = std::iter::once(0)
            .chain(tied)
            .filter_map(|k| a.ranked().get(k))
            .map(|x| super::option_id(data, x))
            .collect();
        text.push_str(&format!(
            " Effectively tied for first place (within {} point of the top score, or first in at least {} of weightings): {}.",
            crate::robustness::TIED_POINTS,
            words::percent(crate::robustness::TIED_FIRST),
            ids.join("; ")
        ));
    } else if i > 0 {
        text.push_str(" It is not effectively tied with the first.");
    }
    if let Some((draws, x)) = study
        .inputs
        .as_ref()
        .and_then(|s| Some((s.draws, s.options.get(i)?)))
    {
        text.push_str(&format!(
            " Over {} draws of the uncertain travel times, pathway and admissions (modelled) it passes every hurdle in {} and ranks first in {}.",
            crate::summary::thousands(draws as f64),
            words::percent(x.p_pass),
            words::percent(x.p_first)
        ));
    }
    Some(text)
}

/// `text` broken into lines of at most 72 characters, at spaces.
fn wrap(text: &str) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 72 {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}

/// The README's line naming the panel-scored criteria and the panel file,
/// with its SHA-256 (empty without a panel).
fn panel_line(criteria: &crate::criteria::Criteria) -> String {
    let Some(panel) = &criteria.panel else {
        return String::new();
    };
    let ids: Vec<&str> = criteria
        .criteria
        .iter()
        .filter(|c| matches!(c.metric, crate::criteria::Metric::Panel(_)))
        .map(|c| c.id.as_str())
        .collect();
    format!(
        "Panel scores:   {} (SHA-256 {}), scored by a panel, not computed by\n                hasu, for the criteria {}\n",
        panel.path.display(),
        panel.sha256,
        ids.join(", ")
    )
}

fn readme(input: &PackInput, o: &Detail) -> String {
    let p = input.provenance;
    let mut files = String::new();
    for f in &p.files {
        files.push_str(&format!("  {}  {}\n", f.sha256, f.file));
    }
    format!(
        "Evidence pack: option {id}
{rule}

This folder holds the evidence behind one hyper acute stroke unit (HASU)
option: the HASUs at {sites}. It was produced by hasu {version} and
every figure can be reproduced from the inputs listed at the end.

Result: {result}
{how_sure}
Files
-----
summary.json        Every figure of the option and of today's configuration,
                    its hurdles with their reasons, its score, and the
                    criteria used (JSON schema hasu.appraisal/1, described in
                    hasu's README).
zones.csv           One row per small area (LSOA) of the dataset.
  zone_id           The LSOA code (2011).
  name              The LSOA name.
  district          Its local authority district.
  in_region         yes if it is inside the region being decided; travel
                    figures are over these zones.
  ambulance         Its ambulance service (empty: not known); under the
                    ambulance_service pathway rule its patients go to the
                    nearest open unit that service conveys to.
  admissions        Mean confirmed stroke admissions a year from the area.
  today_unit        The unit its patients go to today (site id).
  today_minutes     Ambulance travel time to it, minutes.
  unit              The unit its patients would go to under this option.
  minutes           Travel time to that unit, minutes.
  change_minutes    minutes - today_minutes: positive means a longer journey.
  today_estimated, estimated
                    yes when today's or the option's journey is a network
                    estimate (modelled), not a published time; see
                    Provenance for how far estimates may be off.
districts.csv       One row per district of the region.
  admissions        Admissions a year.
  mean_minutes_today, mean_minutes
                    Admission-weighted mean travel time today and under the
                    option; change_minutes is the difference.
  admissions_travelling_further
                    Admissions a year whose journey would be longer.
  largest_increase_minutes
                    The largest rise for any area of the district.
hasus.csv           One row per unit receiving patients: the option's HASUs
                    (role hasu) and out-of-area units that stay open.
  admissions        Admissions a year from every area of the dataset;
                    region_admissions counts the region's areas only.
  zones             Areas whose nearest open unit it is.
  median_door_to_needle_minutes
                    From the pathway model in the criteria (larger units
                    treat faster).
  share_thrombolysed_within_limit
                    Expected share of thrombolysed patients treated within
                    {dtn} minutes of arrival.
  districts         Districts of the areas it serves.
hurdles.csv         Each hurdle (reach, volume, thrombolysis, access, and
                    capacity and each limit when the criteria set them):
                    hurdle, passed (yes or no), and reason: one row per
                    reason, in numbers.
catchments.geojson  The areas' boundaries (RFC 7946: WGS 84 longitude and
                    latitude) with, as properties, zone_id, name, district,
                    in_region, ambulance (the zone's ambulance service),
                    admissions, unit, unit_name, minutes, today_unit,
                    today_minutes, change_minutes, estimated and
                    today_estimated (and, with deprivation data,
                    income_score, income_rank, deprivation_quintile and
                    rural_urban). Opens in QGIS and most web maps.

{patient_files}
Text cells that begin with =, +, -, @, a tab or a carriage return start
with an apostrophe so that spreadsheets show them as text.

Provenance
----------
Dataset folder: {data}
Criteria file:  {criteria} (SHA-256 {criteria_sha})
{panel}Input files (SHA-256):
{files}Estimated travel times: {estimated} zone-to-site times come from hasu's
network model, not the published matrix (sites: {estimated_sites}).
{estimated_words}{pathway_rule}
",
        id = o.id,
        rule = "=".repeat("Evidence pack: option ".chars().count() + o.id.chars().count()),
        patient_files = super::pack_patients::readme_lines(
            o.patients.is_some(),
            o.beds.is_some(),
            o.equity.is_some(),
        ) + &super::resources::readme_lines(
            input.criteria.workforce.is_some(),
            input.criteria.costs.is_some(),
        ),
        sites = o
            .sites
            .iter()
            .map(|id| {
                let name = input
                    .data
                    .site_index(id)
                    .map_or("", |s| input.data.sites[s].name.as_str());
                format!("{name} ({id})")
            })
            .collect::<Vec<_>>()
            .join(", "),
        version = p.hasu_version,
        result = text::verdict(o, input.criteria, input.data),
        dtn = input.criteria.hurdles.door_to_needle_minutes,
        data = p.data,
        criteria = p.criteria.file,
        criteria_sha = p.criteria.sha256,
        panel = panel_line(input.criteria),
        estimated = p.estimated_times,
        pathway_rule = words::pathway_rule(&input.criteria.pathways, &input.data.sites),
        how_sure = input
            .study
            .and_then(|(study, a)| how_sure(study, a, input.data, o))
            .map_or(String::new(), |t| format!("{}\n", wrap(&t))),
        estimated_words = input
            .study
            .and_then(|(study, a)| study.estimates.as_ref().map(|e| (e, a)))
            .and_then(|(spread, a)| {
                let set = o.assessed.site_set();
                super::estimates::option_words(
                    spread,
                    input.data,
                    a,
                    &set,
                    &input.evaluator.open_units(&set),
                    o.assessed.metrics.mean_travel,
                )
            })
            .map_or(String::new(), |t| format!("{}\n", wrap(&t))),
        estimated_sites = if p.estimated_sites.is_empty() {
            "none".to_string()
        } else {
            p.estimated_sites.join(", ")
        },
    )
}
