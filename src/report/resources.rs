//! Beds, staff and costs in words and tables: the option's section in the
//! terminal, the pack's `workforce.csv` and `costs.csv`, and the JSON view.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::export::{csv_out, num};
use super::patients::signed;
use super::{fixed, spreadsheet_safe};
use crate::criteria::{Costs, Workforce};
use crate::model::Dataset;
use crate::rank::Detail;
use crate::resources::{CostEffect, ResourceMetrics, StrokeBeds, UnitResources};
use crate::summary::thousands;

/// One unit's beds, staff and costs, named.
#[derive(Serialize)]
pub struct UnitJson<'a> {
    /// Site id.
    pub site: &'a str,
    /// Site name.
    pub name: &'a str,
    /// Whether it is one of the option's HASUs.
    pub hasu: bool,
    /// Whether the site is inside the region.
    pub in_region: bool,
    /// Beds under the option.
    pub beds: StrokeBeds,
    /// Beds today (modelled).
    pub beds_today: StrokeBeds,
    /// Stroke beds it has today, when stated in `sites.csv`.
    pub stated_beds_today: Option<u32>,
    /// New beds beyond its beds today.
    pub new_beds: u32,
    /// Existing beds refurbished as hyper-acute beds.
    pub refurbished_beds: u32,
    /// Staff by group, WTE: `{group, option, today}`.
    pub staff: Vec<StaffJson<'a>>,
    /// Capital, pounds.
    pub capital: f64,
    /// The change in staff costs a year, pounds.
    pub revenue_change: f64,
}

/// One staff group at one unit, or over the region.
#[derive(Serialize)]
pub struct StaffJson<'a> {
    /// The group.
    pub group: &'a str,
    /// WTE under the option.
    pub option: f64,
    /// WTE today.
    pub today: f64,
}

/// The beds, staff and costs of an option, for JSON.
#[derive(Serialize)]
pub struct ResourcesJson<'a> {
    /// The option's totals.
    pub totals: Option<&'a ResourceMetrics>,
    /// Per unit.
    pub units: Vec<UnitJson<'a>>,
    /// What its costs buy (with `[costs]`).
    pub cost_effect: Option<&'a CostEffect>,
}

impl<'a> ResourcesJson<'a> {
    /// The view of `d`'s resources.
    pub fn of(
        d: &'a Detail,
        data: &'a Dataset,
        workforce: Option<&'a Workforce>,
    ) -> Option<ResourcesJson<'a>> {
        let units = d.resources.as_ref()?;
        Some(ResourcesJson {
            totals: d.assessed.metrics.resources.as_ref(),
            units: units
                .iter()
                .map(|u| unit_json(u, d, data, workforce))
                .collect(),
            cost_effect: d.cost_effect.as_ref(),
        })
    }
}

fn unit_json<'a>(
    u: &UnitResources,
    d: &Detail,
    data: &'a Dataset,
    workforce: Option<&'a Workforce>,
) -> UnitJson<'a> {
    let site = &data.sites[u.site];
    UnitJson {
        site: &site.id,
        name: &site.name,
        hasu: d.sites.contains(&site.id),
        in_region: site.in_region,
        beds: u.option,
        beds_today: u.today,
        stated_beds_today: u.stated,
        new_beds: u.new_beds,
        refurbished_beds: u.refurbished_beds,
        staff: staff(u, workforce),
        capital: u.capital,
        revenue_change: u.revenue_change,
    }
}

fn staff<'a>(u: &UnitResources, workforce: Option<&'a Workforce>) -> Vec<StaffJson<'a>> {
    workforce.map_or_else(Vec::new, |w| {
        w.staff
            .iter()
            .zip(&u.wte)
            .map(|(g, &(option, today))| StaffJson {
                group: &g.group,
                option,
                today,
            })
            .collect()
    })
}

/// Pounds in millions: "£12.3m".
pub fn millions(pounds: f64) -> String {
    format!("£{}m", fixed(pounds / 1e6, 1))
}

/// A change in pounds, in millions: "+£1.25m", "−£0.40m".
pub fn signed_millions(pounds: f64) -> String {
    let sign = if pounds < 0.0 { "−" } else { "+" };
    format!("{sign}£{}m", fixed(pounds.abs() / 1e6, 2))
}

/// What a cost per gain means: pounds a year, or that the option costs
/// less than today while gaining more (dominant), or "-" without a gain.
pub fn per_gain(x: Option<f64>) -> String {
    match x {
        None => "- (no gain over today)".to_string(),
        Some(x) if x <= 0.0 => "none: it costs less than today and gains more".to_string(),
        Some(x) => format!("£{} a year", thousands(x)),
    }
}

/// Whether a unit's row is worth a line: the region's units, and units
/// elsewhere whose beds change.
pub fn shown(u: &UnitResources, data: &Dataset) -> bool {
    data.sites[u.site].in_region || u.option.total() != u.today.total()
}

/// The option's section: beds per unit, staff by group, costs.
pub fn section(
    out: &mut String,
    d: &Detail,
    data: &Dataset,
    workforce: Option<&Workforce>,
    costs: Option<&Costs>,
) {
    let (Some(units), Some(m)) = (&d.resources, &d.assessed.metrics.resources) else {
        return;
    };
    let _ = writeln!(
        out,
        "\nStroke beds, staff and costs (modelled; today in brackets; \"stated\": the stroke beds sites.csv says the site has)"
    );
    let _ = writeln!(
        out,
        "  unit                                  HASU beds   ASU beds   total  (today)  stated  new  staff WTE  (today)"
    );
    for u in units.iter().filter(|u| shown(u, data)) {
        let site = &data.sites[u.site];
        let tag = if d.sites.contains(&site.id) {
            " (HASU)"
        } else if !site.in_region {
            " (out of area)"
        } else {
            ""
        };
        let wte = |k: usize| {
            u.wte
                .iter()
                .map(|w| if k == 0 { w.0 } else { w.1 })
                .sum::<f64>()
        };
        let _ = writeln!(
            out,
            "  {:<4} {:<32} {:>9} {:>10} {:>7} {:>8} {:>7} {:>4} {:>10} {:>8}",
            site.id,
            format!(
                "{}{tag}",
                crate::summary::truncate(&site.name, 32 - tag.len())
            ),
            u.option.hasu,
            u.option.asu,
            u.option.total(),
            format!("({})", u.today.total()),
            u.stated.map_or_else(|| "-".to_string(), |b| b.to_string()),
            u.new_beds,
            if u.wte.is_empty() {
                "-".to_string()
            } else {
                fixed(wte(0), 1)
            },
            if u.wte.is_empty() {
                String::new()
            } else {
                format!("({})", fixed(wte(1), 1))
            },
        );
    }
    let _ = writeln!(
        out,
        "  The region's units: {} stroke beds (today {}); every unit touched: {} beds from today; the most one unit needs beyond its beds today: {}. Units outside the region whose beds do not change are left out (they are in the JSON and costs.csv).",
        fixed(m.stroke_beds, 0),
        fixed(m.stroke_beds_today, 0),
        signed(m.stroke_beds_change, 0),
        fixed(m.largest_bed_increase, 0)
    );
    if let Some(w) = workforce {
        let _ = writeln!(
            out,
            "  Staff by the staffing ratios, WTE (the region's units; today in brackets; change at every unit touched):"
        );
        for (g, group) in w.staff.iter().enumerate() {
            let region = |k: usize| {
                units
                    .iter()
                    .filter(|u| data.sites[u.site].in_region)
                    .map(|u| if k == 0 { u.wte[g].0 } else { u.wte[g].1 })
                    .sum::<f64>()
            };
            let change: f64 = units.iter().map(|u| u.wte[g].0 - u.wte[g].1).sum();
            let gap = group.establishment.map_or_else(String::new, |e| {
                format!(
                    "; in post {}, gap {}",
                    fixed(e, 1),
                    signed(region(0) - e, 1)
                )
            });
            let _ = writeln!(
                out,
                "    {:<28} {:>7} ({}) {}{gap}  {}",
                group.group,
                fixed(region(0), 1),
                fixed(region(1), 1),
                signed(change, 1),
                group.source
            );
        }
        if let Some(short) = m.consultant_rotas_short {
            let _ = writeln!(
                out,
                "  HASU consultant rotas the consultants in post cannot cover: {}.",
                fixed(short, 0)
            );
        }
    }
    if let (Some(c), Some(e)) = (costs, &d.cost_effect) {
        let _ = writeln!(
            out,
            "  Costs ({}): capital {}; staff costs {} a year; equivalent annual cost {} a year (capital over {} years at {}%, and the change in staff costs); per added good outcome {}; per death avoided by organised care {}.",
            c.source,
            millions(e.capital),
            signed_millions(e.revenue_change),
            signed_millions(e.annual_cost),
            fixed(c.years, 0),
            fixed(c.discount_rate * 100.0, 1),
            per_gain(e.per_added_good_outcome),
            per_gain(e.per_death_avoided)
        );
    }
}

/// Writes `workforce.csv`: one row per unit and staff group.
pub fn write_workforce(
    w: &mut dyn Write,
    d: &Detail,
    data: &Dataset,
    workforce: &Workforce,
) -> io::Result<()> {
    let mut out = csv_out(w);
    out.write_record([
        "site_id",
        "name",
        "in_region",
        "group",
        "wte",
        "wte_today",
        "change_wte",
        "source",
    ])?;
    for u in d.resources.iter().flatten() {
        let site = &data.sites[u.site];
        for (g, &(o, t)) in workforce.staff.iter().zip(&u.wte) {
            out.write_record([
                spreadsheet_safe(&site.id).into_owned(),
                spreadsheet_safe(&site.name).into_owned(),
                if site.in_region { "yes" } else { "no" }.to_string(),
                spreadsheet_safe(&g.group).into_owned(),
                num(o, 3),
                num(t, 3),
                num(o - t, 3),
                spreadsheet_safe(&g.source).into_owned(),
            ])?;
        }
    }
    out.flush()
}

/// Writes `costs.csv`: one row per unit, pounds.
pub fn write_costs(w: &mut dyn Write, d: &Detail, data: &Dataset) -> io::Result<()> {
    let mut out = csv_out(w);
    out.write_record([
        "site_id",
        "name",
        "in_region",
        "stroke_beds",
        "stroke_beds_today",
        "stated_stroke_beds_today",
        "new_beds",
        "refurbished_beds",
        "capital_pounds",
        "revenue_change_pounds_a_year",
    ])?;
    for u in d.resources.iter().flatten() {
        let site = &data.sites[u.site];
        out.write_record([
            spreadsheet_safe(&site.id).into_owned(),
            spreadsheet_safe(&site.name).into_owned(),
            if site.in_region { "yes" } else { "no" }.to_string(),
            u.option.total().to_string(),
            u.today.total().to_string(),
            u.stated.map_or_else(String::new, |b| b.to_string()),
            u.new_beds.to_string(),
            u.refurbished_beds.to_string(),
            num(u.capital, 2),
            num(u.revenue_change, 2),
        ])?;
    }
    out.flush()
}

/// The README lines describing `workforce.csv` and `costs.csv`, for the
/// files the pack has.
pub fn readme_lines(workforce: bool, costs: bool) -> String {
    let mut s = String::new();
    if workforce {
        s.push_str(
            "workforce.csv       One row per unit and staff group: whole-time equivalent
                    staff needed by the criteria's staffing ratios ([workforce],
                    each with its source) under the option and today, and the
                    change (modelled from the beds in beds.csv).
",
        );
    }
    if costs {
        s.push_str(
            "costs.csv           One row per unit: stroke beds under the option and today,
                    new beds beyond its beds today, existing beds refurbished
                    as hyper-acute beds, capital (pounds) and the change in
                    staff costs (pounds a year), from the criteria's [costs]
                    (see summary.json criteria.costs for their source; the
                    default criteria's costs are placeholders).
",
        );
    }
    s
}
