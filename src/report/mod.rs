//! Rendering an appraisal for people and programs: a terminal table
//! ([`text`]), CSV ([`table`]) and JSON ([`json`]) in a documented, stable
//! schema.
//!
//! Renderers only read what [`crate::rank`] produced; they never evaluate.

pub mod json;
pub mod table;
pub mod text;

/// Makes a text cell safe to open in a spreadsheet: a cell that begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a
/// formula, so it gets a leading apostrophe. Numbers are never passed
/// through this: they stay numbers.
///
/// # Example
/// ```
/// use hasu::report::spreadsheet_safe;
/// assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(spreadsheet_safe("Maidstone"), "Maidstone");
/// ```
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// A number rounded to `decimals` places for tables, without a trailing
/// `-0`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}
