//! Maps: the region's zones drawn once as shapes and reused by every map,
//! framed on the region, with its outline, district names, every candidate
//! site and the out-of-area units that receive its patients labelled, a
//! scale bar, and one colour per hospital across the whole report.

use geo::{BoundingRect, MultiPolygon, Simplify};
use maud::{Markup, PreEscaped, html};

use super::{ReportInput, at};
use crate::evaluate::SiteSet;
use crate::model::{Dataset, Role};

/// Colours of candidate hospitals, in sites-table order, with their names
/// for the legend: the Okabe–Ito palette, safe for the common forms of
/// colour blindness. A hospital keeps its colour on every map.
pub const PALETTE: [(&str, &str); 7] = [
    ("#E69F00", "orange"),
    ("#56B4E9", "sky blue"),
    ("#009E73", "green"),
    ("#F0E442", "yellow"),
    ("#0072B2", "blue"),
    ("#D55E00", "vermilion"),
    ("#CC79A7", "pink"),
];
/// Colour of out-of-area units' catchments.
pub const OUT_OF_AREA: &str = "#BBBBBB";
/// Zones with no unit.
pub const NO_UNIT: &str = "#FFFFFF";
/// Tolerance of the shape simplification, degrees (about 150 m).
const SIMPLIFY: f64 = 0.0015;
/// Map width in SVG units.
pub const MAP_W: f64 = 600.0;
/// Space around the region's zones, as a share of its extent.
const MARGIN: f64 = 0.06;

/// The part of the dataset a map shows and how it is projected.
pub struct View {
    west: f64,
    north: f64,
    scale: f64,
    cos: f64,
    /// Height in SVG units.
    pub height: f64,
    /// Per zone: whether any of it is in the frame.
    visible: Vec<bool>,
    /// Region districts: name and label position.
    districts: Vec<(String, f64, f64)>,
}

impl View {
    /// Frames the region's zones of `data` (all zones when none is in the
    /// region).
    pub fn of(data: &Dataset, shapes: &[Option<MultiPolygon<f64>>]) -> View {
        let boxes: Vec<Option<geo::Rect<f64>>> = shapes
            .iter()
            .map(|s| s.as_ref().and_then(|m| m.bounding_rect()))
            .collect();
        let any_region = data.zones.iter().any(|z| z.in_region);
        let framed = |z: usize| !any_region || data.zones[z].in_region;
        let (mut w, mut e, mut s, mut n) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
        for (z, b) in boxes.iter().enumerate() {
            if let (true, Some(b)) = (framed(z), b) {
                w = w.min(b.min().x);
                e = e.max(b.max().x);
                s = s.min(b.min().y);
                n = n.max(b.max().y);
            }
        }
        if w > e {
            (w, e, s, n) = (0.0, 1.0, 0.0, 1.0);
        }
        let (dx, dy) = ((e - w) * MARGIN, (n - s) * MARGIN);
        let (w, e, s, n) = (w - dx, e + dx, s - dy, n + dy);
        let cos = ((s + n) / 2.0).to_radians().cos();
        let scale = MAP_W / ((e - w) * cos).max(1e-9);
        let visible = boxes
            .iter()
            .map(|b| {
                b.is_some_and(|b| {
                    b.max().x >= w && b.min().x <= e && b.max().y >= s && b.min().y <= n
                })
            })
            .collect();
        let mut view = View {
            west: w,
            north: n,
            scale,
            cos,
            height: (n - s) * scale,
            visible,
            districts: Vec::new(),
        };
        view.districts = district_points(data)
            .into_iter()
            .map(|(d, lon, lat)| {
                let (x, y) = view.xy(lon, lat);
                (d, x, y)
            })
            .collect();
        view
    }

    /// SVG coordinates of a longitude and latitude.
    pub fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.west) * self.cos * self.scale,
            (self.north - lat) * self.scale,
        )
    }

    fn inside(&self, x: f64, y: f64) -> bool {
        (0.0..=MAP_W).contains(&x) && (0.0..=self.height).contains(&y)
    }
}

/// The admission-weighted centre of each region district's zones.
fn district_points(data: &Dataset) -> Vec<(String, f64, f64)> {
    let mut sums: std::collections::BTreeMap<&str, (f64, f64, f64)> = Default::default();
    for z in data.zones.iter().filter(|z| z.in_region) {
        let w = z.admissions.max(1e-6);
        let e = sums.entry(z.district.as_str()).or_default();
        e.0 += w;
        e.1 += w * z.location.x();
        e.2 += w * z.location.y();
    }
    sums.into_iter()
        .map(|(d, (w, x, y))| (d.to_string(), x / w, y / w))
        .collect()
}

/// Every visible zone's simplified shape, once, as `<path id="zN">`.
pub fn defs(data: &Dataset, v: &View) -> Markup {
    let mut paths = String::new();
    for (z, d) in zone_paths(data, v) {
        paths.push_str(&format!("<path id=\"z{z}\" d=\"{d}\"/>"));
    }
    html! {
        svg width="0" height="0" style="position:absolute" aria-hidden="true" {
            defs { (PreEscaped(paths)) }
        }
    }
}

/// Every visible zone's simplified shape as SVG path data in `v`'s
/// coordinates: (zone, path), in dataset order.
pub fn zone_paths(data: &Dataset, v: &View) -> Vec<(usize, String)> {
    let mut paths = Vec::new();
    if let Some(b) = &data.boundaries {
        for (z, shape) in b.shapes.iter().enumerate() {
            let (Some(shape), true) = (shape, v.visible[z]) else {
                continue;
            };
            let mut d = String::new();
            for poly in shape.simplify(SIMPLIFY).0.iter() {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    for (i, c) in ring.0.iter().enumerate() {
                        let (x, y) = v.xy(c.x, c.y);
                        d.push_str(&format!(
                            "{}{:.1} {:.1}",
                            if i == 0 { "M" } else { "L" },
                            x,
                            y
                        ));
                    }
                    d.push('Z');
                }
            }
            paths.push((z, d));
        }
    }
    paths
}

/// The colour of site `s`'s catchment: its own for a candidate, grey for
/// any other unit.
pub fn site_colour(data: &Dataset, s: usize) -> &'static str {
    if data.sites[s].role != Role::Candidate {
        return OUT_OF_AREA;
    }
    let k = data.sites[..s]
        .iter()
        .filter(|x| x.role == Role::Candidate)
        .count();
    PALETTE[k % PALETTE.len()].0
}

/// A hospital's name without "Hospital" and what follows a comma or
/// bracket: "Queen Elizabeth the Queen Mother Hospital" → "Queen Elizabeth
/// the Queen Mother".
pub fn short_name(name: &str) -> &str {
    let cut = name.find([',', '(']).map_or(name, |i| name[..i].trim_end());
    cut.strip_suffix(" Hospital").unwrap_or(cut).trim()
}

/// What a map shows beyond its zones' colours.
pub struct Marks<'a> {
    /// The HASUs (filled markers).
    pub hasus: SiteSet,
    /// Out-of-area units to label (they receive region patients).
    pub receiving: &'a [usize],
    /// Zones drawn with a black outline.
    pub outline: &'a dyn Fn(usize) -> bool,
}

/// One map: zones filled by `fill`, the region outlined, districts named,
/// sites marked and labelled, a scale bar.
pub fn map(
    input: &ReportInput,
    v: &View,
    title: &str,
    fill: &dyn Fn(usize) -> &'static str,
    marks: &Marks,
) -> Markup {
    let data = input.data;
    let zones: Vec<usize> = (0..data.zones.len()).filter(|&z| v.visible[z]).collect();
    let mut fills = String::new();
    let mut edge = String::new();
    let mut outlined = String::new();
    for &z in &zones {
        fills.push_str(&format!("<use href=\"#z{z}\" fill=\"{}\"/>", fill(z)));
        if data.zones[z].in_region {
            edge.push_str(&format!("<use href=\"#z{z}\"/>"));
        }
        if (marks.outline)(z) {
            outlined.push_str(&format!("<use href=\"#z{z}\"/>"));
        }
    }
    let labels = place_labels(
        &data
            .sites
            .iter()
            .enumerate()
            .filter(|&(s, site)| site.role == Role::Candidate || marks.receiving.contains(&s))
            .map(|(s, site)| {
                let (x, y) = v.xy(site.location.x(), site.location.y());
                (
                    s,
                    x,
                    y,
                    format!("{} ({})", short_name(&site.name), site.id),
                    marks.hasus.contains(s),
                )
            })
            .filter(|&(_, x, y, _, _)| v.inside(x, y))
            .collect::<Vec<_>>(),
        v.height,
    );
    let km = v.scale / 111.32;
    let bar_km = if MAP_W / km > 120.0 { 20.0 } else { 10.0 };
    html! {
        svg viewBox=(format!("0 0 {MAP_W:.0} {:.0}", v.height)) width=(format!("{MAP_W:.0}")) role="img" aria-label=(title) {
            rect width="100%" height="100%" fill="#ffffff" {}
            // The region's outline: its zones drawn with a thick edge under
            // the fills, so only the outer edge shows.
            g fill="none" stroke="#000000" stroke-width="2.6" { (PreEscaped(edge)) }
            g stroke="#ffffff" stroke-width="0.3" { (PreEscaped(fills)) }
            g fill="none" stroke="#000000" stroke-width="1.4" { (PreEscaped(outlined)) }
            g font-size="10" font-style="italic" fill="#333333" text-anchor="middle" stroke="#ffffff" stroke-width="2.5" paint-order="stroke" {
                @for (d, x, y) in &v.districts {
                    text.district x=(at(*x)) y=(at(*y)) { (d) }
                }
            }
            @for (s, site) in data.sites.iter().enumerate() {
                @let (x, y) = v.xy(site.location.x(), site.location.y());
                @let candidate = site.role == Role::Candidate;
                @if let Some(label) = labels.iter().find(|l| l.site == s) {
                    @if marks.hasus.contains(s) {
                        circle cx=(at(x)) cy=(at(y)) r="6.5" fill=(site_colour(data, s)) stroke="#000000" stroke-width="2" { title { (site.name) " (HASU)" } }
                    } @else if candidate {
                        g stroke="#000000" stroke-width="2" {
                            line x1=(at(x - 4.5)) y1=(at(y - 4.5)) x2=(at(x + 4.5)) y2=(at(y + 4.5)) {}
                            line x1=(at(x - 4.5)) y1=(at(y + 4.5)) x2=(at(x + 4.5)) y2=(at(y - 4.5)) {}
                            title { (site.name) " (no HASU in this configuration)" }
                        }
                    } @else {
                        rect x=(at(x - 4.5)) y=(at(y - 4.5)) width="9" height="9" fill="#777777" stroke="#000000" { title { (site.name) " (out-of-area unit)" } }
                    }
                    text.site-label data-site=(site.id) x=(at(label.x)) y=(at(label.y)) text-anchor=(if label.end { "end" } else { "start" }) font-size=(at(LABEL_SIZE)) font-weight=(if label.bold { "700" } else { "400" }) stroke="#ffffff" stroke-width="3" paint-order="stroke" { (label.text) }
                }
            }
            g font-size="10" {
                rect x="10" y=(at(v.height - 22.0)) width=(at(bar_km * km)) height="5" fill="#000000" {}
                text x="10" y=(at(v.height - 26.0)) { (format!("{bar_km:.0} km")) }
            }
        }
    }
}

/// Font size of the hospitals' labels, SVG units.
const LABEL_SIZE: f64 = 11.0;

/// A hospital's label, placed.
struct Label {
    site: usize,
    x: f64,
    y: f64,
    /// Anchored at its end (it lies left of its marker).
    end: bool,
    bold: bool,
    text: String,
}

impl Label {
    /// The box the label covers, with its white halo: (left, top, right,
    /// bottom). The width is estimated from the characters (a sans-serif
    /// average of 0.64 em, 0.70 em bold; the test measures the real boxes
    /// in Chromium).
    fn area(&self) -> (f64, f64, f64, f64) {
        let em = if self.bold { 0.70 } else { 0.64 };
        let width = self.text.chars().count() as f64 * em * LABEL_SIZE + 3.0;
        let left = if self.end {
            self.x - width
        } else {
            self.x - 1.5
        };
        (
            left,
            self.y - 0.85 * LABEL_SIZE,
            left + width,
            self.y + 0.3 * LABEL_SIZE,
        )
    }
}

/// Places each hospital's label (site, x, y, text, bold) beside its
/// marker where it overlaps no label already placed and stays on the map:
/// on the side away from the map's right edge first, then the other side,
/// above, below, and further up and down. Sites are placed in order, so
/// the same map always gets the same labels; a label with no free place
/// takes its first one.
fn place_labels(sites: &[(usize, f64, f64, String, bool)], height: f64) -> Vec<Label> {
    let overlaps = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    };
    let mut placed: Vec<Label> = Vec::new();
    for (site, x, y, text, bold) in sites {
        let side = if *x > MAP_W * 0.6 { -1.0 } else { 1.0 };
        let mut offsets = vec![
            (side * 9.0, 4.0),
            (-side * 9.0, 4.0),
            (side * 6.0, -9.0),
            (side * 6.0, 17.0),
            (-side * 6.0, -9.0),
            (-side * 6.0, 17.0),
        ];
        for k in 2..=4 {
            let dy = 13.0 * f64::from(k);
            offsets.extend([(side * 9.0, 4.0 - dy), (side * 9.0, 4.0 + dy)]);
        }
        let label = |(dx, dy): (f64, f64)| Label {
            site: *site,
            x: x + dx,
            y: y + dy,
            end: dx < 0.0,
            bold: *bold,
            text: text.clone(),
        };
        let free = |l: &Label| {
            let a = l.area();
            a.0 >= 0.0
                && a.2 <= MAP_W
                && a.1 >= 0.0
                && a.3 <= height
                && placed.iter().all(|p| !overlaps(a, p.area()))
        };
        let chosen = offsets
            .iter()
            .map(|&o| label(o))
            .find(|l| free(l))
            .unwrap_or_else(|| label(offsets[0]));
        placed.push(chosen);
    }
    placed
}

/// A legend: swatches with their labels; `site` gives a swatch's site id
/// (for hospitals), so that a hospital's colour can be checked across maps.
pub fn legend(items: &[(&str, String, Option<&str>)]) -> Markup {
    html! {
        p.legend {
            @for (colour, label, site) in items {
                span.item {
                    span.swatch data-site=[site] style=(format!("background:{colour}")) {}
                    (label)
                }
            }
        }
    }
}
