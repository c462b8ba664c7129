//! The patient and bed files of an evidence pack: outcome columns of
//! `zones.csv` and `districts.csv`, `thrombectomy.csv` and `beds.csv`, and
//! their lines of the pack's README.

use std::io::{self, Write};

use super::export::{csv_out, num};
use super::spreadsheet_safe;
use crate::beds::UnitBeds;
use crate::model::Dataset;
use crate::patients::{DistrictBenefit, PatientAccount, ZoneBenefit};

/// The outcome columns added to `zones.csv`.
pub const ZONE_BENEFIT_COLUMNS: [&str; 9] = [
    "onset_to_needle_minutes",
    "onset_to_puncture_minutes",
    "mt_centre",
    "added_good_outcomes",
    "added_good_outcomes_today",
    "added_mrs_0_2",
    "added_mrs_0_2_today",
    "added_utility",
    "added_utility_today",
];

/// A zone's outcome cells under the option and today (empty outside the
/// region).
pub fn zone_benefit_cells(
    data: &Dataset,
    option: Option<ZoneBenefit>,
    today: Option<ZoneBenefit>,
) -> Vec<String> {
    let Some(b) = option else {
        return vec![String::new(); ZONE_BENEFIT_COLUMNS.len()];
    };
    let t = today.unwrap_or_default();
    vec![
        num(b.onset_to_needle, 1),
        if b.onset_to_puncture > 0.0 {
            num(b.onset_to_puncture, 1)
        } else {
            String::new()
        },
        b.centre.map_or_else(String::new, |c| {
            spreadsheet_safe(&data.sites[c].id).into_owned()
        }),
        num(b.added_good_outcomes, 5),
        num(t.added_good_outcomes, 5),
        num(b.added_mrs_0_2, 5),
        num(t.added_mrs_0_2, 5),
        num(b.added_utility, 5),
        num(t.added_utility, 5),
    ]
}

/// The outcome columns added to `districts.csv`.
pub const DISTRICT_BENEFIT_COLUMNS: [&str; 9] = [
    "added_good_outcomes",
    "added_good_outcomes_today",
    "added_good_outcomes_per_1000",
    "added_mrs_0_2",
    "added_mrs_0_2_today",
    "added_utility",
    "added_utility_today",
    "mean_onset_to_needle_minutes",
    "mean_onset_to_puncture_minutes",
];

/// A district's outcome cells.
pub fn district_benefit_cells(b: Option<&DistrictBenefit>) -> Vec<String> {
    let Some(b) = b else {
        return vec![String::new(); DISTRICT_BENEFIT_COLUMNS.len()];
    };
    let per_1000 = if b.admissions > 0.0 {
        1000.0 * b.added_good_outcomes / b.admissions
    } else {
        0.0
    };
    vec![
        num(b.added_good_outcomes, 3),
        num(b.added_good_outcomes_today, 3),
        num(per_1000, 2),
        num(b.added_mrs_0_2, 3),
        num(b.added_mrs_0_2_today, 3),
        num(b.added_utility, 3),
        num(b.added_utility_today, 3),
        num(b.mean_onset_to_needle, 1),
        num(b.mean_onset_to_puncture, 1),
    ]
}

/// Writes `thrombectomy.csv`: one row per centre treating region patients.
pub fn write_centres(w: &mut dyn Write, p: &PatientAccount) -> io::Result<()> {
    let mut out = csv_out(w);
    out.write_record([
        "site_id",
        "name",
        "mt_patients",
        "mt_patients_today",
        "transfers",
        "transfers_today",
        "direct_admissions",
        "mt_eligible",
        "mean_onset_to_puncture_minutes",
        "p95_onset_to_puncture_minutes",
        "eligible_within_6_hours",
        "eligible_within_8_hours",
    ])?;
    for c in &p.centres {
        out.write_record([
            spreadsheet_safe(&c.site).into_owned(),
            spreadsheet_safe(&c.name).into_owned(),
            num(c.mt_patients, 2),
            num(c.mt_patients_today, 2),
            num(c.transfers, 2),
            num(c.transfers_today, 2),
            num(c.direct_admissions, 2),
            num(c.mt_eligible, 2),
            num(c.mean_onset_to_puncture, 1),
            num(c.p95_onset_to_puncture, 1),
            num(c.within_6_hours, 2),
            num(c.within_8_hours, 2),
        ])?;
    }
    out.flush()
}

/// Writes `beds.csv`: one row per unit the option touches.
pub fn write_beds(w: &mut dyn Write, units: &[UnitBeds]) -> io::Result<()> {
    let mut out = csv_out(w);
    out.write_record([
        "site_id",
        "name",
        "role",
        "admissions",
        "admissions_today",
        "change_admissions",
        "region_admissions",
        "region_admissions_today",
        "offered_load",
        "beds",
        "beds_today",
        "change_beds",
        "blocking",
        "occupancy",
        "capacity",
        "asu_beds",
        "asu_beds_today",
        "stroke_beds",
        "stroke_beds_today",
        "stated_stroke_beds_today",
    ])?;
    for u in units {
        let role = if u.hasu {
            "hasu"
        } else if u.in_region {
            "not_chosen"
        } else {
            "out_of_area"
        };
        out.write_record([
            spreadsheet_safe(&u.site).into_owned(),
            spreadsheet_safe(&u.name).into_owned(),
            role.to_string(),
            num(u.option.admissions, 2),
            num(u.today.admissions, 2),
            num(u.option.admissions - u.today.admissions, 2),
            num(u.region_admissions, 2),
            num(u.region_admissions_today, 2),
            num(u.option.load, 3),
            u.option.beds.to_string(),
            u.today.beds.to_string(),
            (i64::from(u.option.beds) - i64::from(u.today.beds)).to_string(),
            num(u.option.blocking, 4),
            num(u.option.occupancy, 4),
            u.capacity.map_or_else(String::new, |c| c.to_string()),
            u.asu.map_or_else(String::new, |n| n.beds.to_string()),
            u.asu_today.map_or_else(String::new, |n| n.beds.to_string()),
            u.stroke_beds().0.to_string(),
            u.stroke_beds().1.to_string(),
            u.stroke_beds.map_or_else(String::new, |b| b.to_string()),
        ])?;
    }
    out.flush()
}

/// The README lines describing the patient, bed and equality files, for
/// the files the pack has.
pub fn readme_lines(patients: bool, beds: bool, equity: bool) -> String {
    let mut s = String::new();
    if patients {
        s.push_str(
            "Benefit to patients (modelled: see summary.json criteria.outcomes for the model,
policy, pathway times and case mix; figures are a year, over the region's
admissions):
  zones.csv also has onset_to_needle_minutes and onset_to_puncture_minutes
                    (means over the area's patients eligible for each
                    treatment), mt_centre (where its thrombectomy is done),
                    and added_good_outcomes (mRS 0-1), added_mrs_0_2 and
                    added_utility, under the option and today (_today).
  districts.csv also has the same outcome sums per district, good outcomes
                    per 1,000 admissions, and mean onset-to-needle and
                    onset-to-puncture.
thrombectomy.csv    One row per thrombectomy centre treating region patients:
                    patients given thrombectomy a year (and today), those
                    transferred from another unit, those taken straight there
                    (mothership), and onset-to-puncture (mean and 95th
                    percentile) of the patients eligible for it.
",
        );
    }
    if beds {
        s.push_str(
            "beds.csv            One row per unit the option touches (its HASUs, today's
                    units, and out-of-area units receiving region patients):
                    admissions a year under the option and today, the offered
                    load (mean occupied beds), beds needed by the criteria's
                    rule under the option and today, the share of patients
                    who would find every bed full (blocking), the mean
                    occupancy, and the beds the site could provide (capacity,
                    when stated in sites.csv); with [beds.asu], acute stroke
                    unit beds (asu_beds) and hyper-acute and ASU beds
                    together (stroke_beds), with the stroke beds sites.csv
                    says the site has today (stated_stroke_beds_today). An out-of-area unit's
                    admissions count only the dataset's areas: read its
                    change, not its total.
",
        );
    }
    if equity {
        s.push_str(
            "equity.csv          One row per group of the region's areas: deprivation
                    quintiles (kind deprivation_quintile, group 1 = the most
                    income-deprived fifth of the region's admissions, 5 the
                    least) and rurality (urban, rural_town_fringe,
                    rural_village_dispersed, and sparse: sparse settings of
                    any group). Per group, under the option and today
                    (_today): admissions, mean and 95th percentile journey,
                    shares within 30 and 45 minutes, the share meeting the
                    call-to-needle target, admissions travelling further and
                    their mean increase, and added good outcomes per 1,000
                    admissions (with the patient-benefit analysis).
  zones.csv and catchments.geojson also have income_score and income_rank
                    (IoD2019 income domain; the rank, 1 = most deprived in
                    England, breaks ties of the score), deprivation_quintile
                    and rural_urban (RUC2011).
",
        );
    }
    s
}
