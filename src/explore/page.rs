//! The explorer's page: one HTML document with its style and script
//! compiled in (no network, works offline); everything it shows comes from
//! the server's JSON ([`super::server`]).

use maud::{DOCTYPE, Markup, PreEscaped, html};

const STYLE: &str = include_str!("explore.css");
const SCRIPT: &str = include_str!("explore.js");

/// The page.
pub fn page() -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "hasu explore" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 id="title" { "hasu explore" }
                    p.note id="inputs" {}
                    p.status id="status" role="status" aria-live="polite" { "Loading…" }
                    ul.errors id="errors" {}
                }
                main {
                    section id="controls" aria-label="What if" {
                        details open {
                            summary { "Weights" }
                            p.note { "Each slider is a criterion's share of the score; they are rescaled to add up to 1. The ranking re-scores at once in this page; the robustness figures follow from the server within a second." }
                            div id="weights" {}
                            button type="button" id="reset-weights" { "Reset to the stated weights" }
                        }
                        details open {
                            summary { "Sites" }
                            p.note { "Require or exclude a hospital as a HASU; a scenario role opens or closes a unit in every option." }
                            table id="sites" { thead { tr { th { "Candidate hospital" } th { "As a HASU" } th { "Role (scenario)" } } } tbody {} }
                            details {
                                summary { "Other units: open or closed in every option" }
                                table id="units" { thead { tr { th { "Hospital" } th { "Role (scenario)" } } } tbody {} }
                            }
                            label { "HASUs from " input type="number" id="min-hasus" min="1" step="1"; " to " input type="number" id="max-hasus" min="1" step="1"; }
                            div id="groups" {}
                        }
                        details open {
                            summary { "Scenario" }
                            div id="scenarios" {}
                            label { "Journey times × " input type="number" id="travel-factor" min="0.5" max="3" step="0.05" value="1"; }
                            label { "Admissions × " input type="number" id="demand-factor" min="0.5" max="3" step="0.05" value="1"; }
                            label id="policy-box" { "Suspected LVO patients go " select id="policy" { option value="drip_and_ship" { "to the nearest unit (drip-and-ship)" } option value="mothership" { "straight to thrombectomy when better (mothership)" } } }
                        }
                        details open {
                            summary { "Export this view" }
                            p.note id="export-note" {}
                            label { "Folder name " input type="text" id="export-name" value="view-1" maxlength="64"; }
                            button type="button" id="export" { "Export" }
                            p id="export-result" {}
                        }
                    }
                    section id="results" aria-label="Results" {
                        div.rankcol {
                        h2 { "Ranking" }
                        p.note id="summary" {}
                        table id="ranking" {
                            thead { tr {
                                th { abbr title="Tick to compare side by side" { "Pick" } } th.n { "Rank" } th { "Option" } th.n { "Score /100" }
                                th.n { abbr title="Share of weightings drawn around these weights in which it ranks first" { "P(first)" } }
                                th.n { abbr title="… in the top 3" { "P(top 3)" } }
                                th.n { "Rank range" }
                                th.n { abbr title="Mean journey, minutes (modelled)" { "Mean min" } }
                            } }
                            tbody {}
                        }
                        h3 { "Tipping points" }
                        ul id="tipping" {}
                        }
                        div.mapcol {
                        h2 { "Map" }
                        div.maptools {
                            label { "Option " select id="map-option" {} }
                            label { "Colour by " select id="map-mode" {
                                option value="unit" { "unit" }
                                option value="journey" { "journey" }
                                option value="change" { "change from today" }
                            } }
                            label { "Find a district, town or zone " input type="search" id="search"; }
                            button type="button" id="search-go" { "Find" }
                            span id="search-result" {}
                        }
                        div.mapbox {
                            svg id="map" role="img" aria-label="Zones of the region" {}
                            div id="tooltip" hidden {}
                        }
                        div id="legend" {}
                        h2 { "Side by side" }
                        p.note { "Tick up to three options in the ranking; today is the first column." }
                        table id="compare" { thead {} tbody {} }
                        }
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}
