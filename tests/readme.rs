//! README says what hasu does: every command it shows exists with the
//! flags it shows, and the output it shows is what the command prints.

use crate::workdir::Workdir;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The fenced blocks of README of a language (`sh`, `text`), each as its
/// lines.
fn blocks(text: &str, language: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in text.lines() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(lang)) if lang == language => current = Some(Vec::new()),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some(block), None) => block.push(line.to_string()),
            _ => {}
        }
    }
    out
}

/// A command line split as a shell would: words, double-quoted strings,
/// `\` line continuations joined, comments after `#` dropped.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            '#' if !quoted && word.is_empty() => break,
            ' ' | '\\' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

/// Every `cargo run --release -- …` of README's shell blocks, as hasu's
/// arguments (continuation lines joined).
fn commands() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for block in blocks(&readme(), "sh") {
        let joined = block.join("\n").replace("\\\n", " ");
        for line in joined.lines() {
            if let Some(rest) = line.trim().strip_prefix("cargo run --release -- ") {
                out.push(words(rest));
            }
        }
    }
    out
}

#[test]
fn every_command_readme_shows_exists_with_its_flags() {
    let all = commands();
    assert!(all.len() >= 30, "only {} commands found", all.len());
    let w = Workdir::new();
    for args in all {
        let mut with_help: Vec<&str> = args.iter().map(String::as_str).collect();
        with_help.push("--help");
        let run = w.run(&with_help);
        assert_eq!(
            run.code(),
            0,
            "README shows `hasu {}`, which hasu refuses:\n{}",
            args.join(" "),
            run.stderr()
        );
    }
}

/// Whether `shown` (a line README shows, where `…` stands for anything)
/// matches `actual`.
fn matches(shown: &str, actual: &str) -> bool {
    let mut rest = actual.trim_end();
    let parts: Vec<&str> = shown.trim_end().split('…').collect();
    if parts.len() == 1 {
        return rest == parts[0];
    }
    for (i, part) in parts.iter().enumerate() {
        match rest.find(part) {
            Some(at) if i > 0 || at == 0 => rest = &rest[at + part.len()..],
            _ => return false,
        }
    }
    parts.last().is_some_and(|p| p.is_empty()) || rest.is_empty()
}

#[test]
fn the_output_readme_shows_is_what_hasu_prints() {
    let w = Workdir::new();
    let mut checked = 0;
    for block in blocks(&readme(), "text") {
        let Some(command) = block
            .first()
            .and_then(|l| l.strip_prefix("$ cargo run --release -- "))
        else {
            continue;
        };
        let args = words(command);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = w.run(&args).expect_code_any().stdout();
        let lines: Vec<&str> = output.lines().collect();
        for shown in &block[1..] {
            if shown.trim() == "…" || shown.trim().is_empty() {
                continue;
            }
            assert!(
                lines.iter().any(|actual| matches(shown, actual)),
                "README shows, under `hasu {command}`:\n{shown}\nbut hasu prints:\n{output}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} lines checked");
}
