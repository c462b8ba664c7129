//! Small hand-made datasets.

use std::path::Path;

/// `sites.csv` of the tiny dataset: two candidates, one out-of-area unit,
/// one closed site.
pub const SITES: &str = "\
site_id,name,postcode,latitude,longitude,trust,role,in_region,services,notes
A,Alpha Hospital,AA1 1AA,51.0,0.0,Trust A,candidate,yes,ivt;emergency_department,
B,Beta Hospital,BB1 1BB,51.0,0.5,Trust B,candidate,yes,ivt,
C,Gamma Hospital,CC1 1CC,51.5,0.25,,fixed_open,no,ivt,out of area
D,Delta Hospital,DD1 1DD,51.2,0.3,,closed,yes,,
";

/// `zones.csv` of the tiny dataset.
pub const ZONES: &str = "\
zone_id,name,latitude,longitude,admissions,district,icb,sub_icb,in_region
Z1,North 001A,51.1,0.0,10,North,ICB,SUB,yes
Z2,North 001B,51.1,0.1,20,North,ICB,SUB,yes
Z3,South 001A,51.0,0.4,30,South,ICB,SUB,yes
Z4,Away 001A,51.4,0.25,5,Away,Other,Other,no
";

/// `travel_times.csv` of the tiny dataset, long layout.
pub const TRAVEL: &str = "\
zone_id,site_id,minutes,source
Z1,A,10,matrix
Z1,B,30,matrix
Z1,C,40,matrix
Z2,A,15,matrix
Z2,B,25,matrix
Z2,C,35,matrix
Z3,A,28,matrix
Z3,B,8,matrix
Z3,C,33,matrix
Z4,A,45,matrix
Z4,B,40,estimated
Z4,C,12,matrix
";

/// The same times in the wide layout.
pub const TRAVEL_WIDE: &str = "\
zone_id,A,B,C
Z1,10,30,40
Z2,15,25,35
Z3,28,8,33
Z4,45,40,12
";

/// Writes the tiny dataset into `dir`, replacing the files named in
/// `changes` with the given text.
pub fn tiny(dir: &Path, changes: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in [
        ("sites.csv", SITES),
        ("zones.csv", ZONES),
        ("travel_times.csv", TRAVEL),
    ] {
        let text = changes
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(text, |(_, t)| t);
        std::fs::write(dir.join(name), text).unwrap();
    }
    // Optional files: only when a change names them.
    for (name, text) in changes {
        if !matches!(*name, "sites.csv" | "zones.csv" | "travel_times.csv") {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
}

/// A CSV text's rows, each a map from column name to cell.
pub fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Kent and Medway's criteria with volume weighted 0.3 and the other seven
/// criteria 0.1 each (the weights the browser tests set with sliders).
pub fn kent_criteria_volume_first() -> String {
    let criteria = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("criteria/kent-medway.toml"),
    )
    .unwrap();
    let mut k = 0;
    let reweighted: Vec<String> = criteria
        .lines()
        .map(|l| {
            if l.starts_with("weight = ") {
                k += 1;
                let w = if k == 1 { "0.3" } else { "0.1" };
                format!("weight = {w}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert_eq!(k, 8);
    reweighted.join("\n")
}

/// (option id, score) of every ranked option of an appraisal document
/// (`hasu appraise --format json`).
pub fn ranking(doc: &serde_json::Value) -> Vec<(String, f64)> {
    doc["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_string(),
                o["score"].as_f64().unwrap(),
            )
        })
        .collect()
}
