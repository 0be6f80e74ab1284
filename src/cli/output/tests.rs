use super::*;

fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
    r.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn widest_line(s: &str) -> usize {
    s.lines().map(width).max().unwrap_or(0)
}

#[test]
fn time_formats_utc() {
    assert_eq!(time(0), "1970-01-01 00:00");
    assert_eq!(time(1795803398), "2026-11-27 18:16");
}

#[test]
fn width_is_columns_then_the_terminal_then_none() {
    let never = || -> Option<u16> { panic!("COLUMNS wins over the terminal") };
    assert_eq!(width_from(Some("80"), true, never), Some(80));
    assert_eq!(width_from(Some("80"), false, never), Some(80));
    assert_eq!(width_from(None, true, || Some(120)), Some(120));
    assert_eq!(width_from(Some(""), true, || Some(120)), Some(120));
    assert_eq!(width_from(Some("0"), true, || Some(120)), Some(120));
    assert_eq!(width_from(Some("wide"), true, || Some(120)), Some(120));
    assert_eq!(width_from(None, true, || None), None);
    // a pipe without COLUMNS: no limit, whole values
    assert_eq!(width_from(None, false, || Some(120)), None);
}

#[test]
fn cutting_counts_display_columns_and_ends_in_an_ellipsis() {
    assert_eq!(cut("hello", 5), "hello");
    assert_eq!(cut("hello world", 5), "hell…");
    assert_eq!(cut("hello", 1), "…");
    // wide characters take two columns; one that does not fit is left out
    assert_eq!(cut("日本語のタイトル", 6), "日本…");
    assert_eq!(cut("日本語のタイトル", 7), "日本語…");
    assert_eq!(width(&cut("日本語のタイトル", 6)), 5);
    assert_eq!(cut("née", 3), "née");
    assert_eq!(width("e\u{301}"), 1);
}

#[test]
fn a_cell_is_one_line_and_moves_no_cursor() {
    assert_eq!(one_line("a\nb\r\nc\rd"), "a⏎b⏎c⏎d");
    assert_eq!(one_line("tab\there"), "tab here");
    assert_eq!(one_line("\u{1b}[31mred"), "\u{fffd}[31mred");
}

#[test]
fn tables_without_a_limit_keep_whole_values() {
    let long = "x".repeat(500);
    let t = table(
        &["NAME", "VALUE"],
        &rows(&[&["a", &long], &["bb", "1"]]),
        None,
    );
    assert_eq!(t, format!("NAME  VALUE\na     {long}\nbb    1\n"));
}

#[test]
fn the_widest_value_gives_way_and_short_columns_stay_whole() {
    let template = "Create a concise, 3-5 word title with an emoji. ".repeat(30);
    let t = table(
        &["NAME", "VALUE", "SOURCE"],
        &rows(&[
            &["TITLE_GENERATION_PROMPT_TEMPLATE", &template, "default"],
            &["PORT", "8080", "env"],
        ]),
        Some(80),
    );
    let lines: Vec<&str> = t.lines().collect();
    assert!(lines.iter().all(|l| width(l) <= 80), "{t}");
    assert_eq!(width(lines[1]), 80, "the table uses the width: {t}");
    assert!(lines[1].starts_with("TITLE_GENERATION_PROMPT_TEMPLATE  Create a concise"));
    assert!(lines[1].ends_with("…  default"), "{t}");
    assert_eq!(lines[2], format!("{:<34}{:<39}env", "PORT", "8080"));
}

#[test]
fn the_first_column_is_cut_last() {
    let id = "656a05f3-ed15-4c41-9b89-5d6c28050fa7";
    let t = table(
        &["ID", "TITLE", "MATCH"],
        &rows(&[&[
            id,
            "A rather long chat title",
            "the words that matched the search",
        ]]),
        Some(60),
    );
    let row = t.lines().nth(1).unwrap();
    assert!(row.starts_with(&format!("{id}  ")), "{t}");
    assert!(widest_line(&t) <= 60, "{t}");
    // the two others share what is left: 60 - 36 - 4 = 20, ten each
    assert_eq!(row, format!("{id}  A rather …  the words…"));
    // so narrow that the others are one column each: the first gives way too
    let t = table(
        &["ID", "TITLE", "MATCH"],
        &rows(&[&[id, "title", "match"]]),
        Some(20),
    );
    assert_eq!(t.lines().nth(1).unwrap(), "656a05f3-ed15…  …  …");
}

#[test]
fn level_lowers_the_widest_first_and_shares_what_is_left() {
    let mut w = [10, 50, 30];
    level(&mut w, 60);
    assert_eq!(w, [10, 25, 25]);
    let mut w = [10, 50, 30];
    level(&mut w, 61);
    assert_eq!(w, [10, 26, 25]);
    let mut w = [4, 5];
    level(&mut w, 100);
    assert_eq!(w, [4, 5]);
    assert_eq!(fit(&[36, 4, 15, 7, 16], 100), vec![36, 4, 15, 7, 16]);
    assert_eq!(fit(&[45, 1390, 7], 80), vec![45, 24, 7]);
}

#[test]
fn multi_line_values_keep_the_table_in_shape() {
    let t = table(
        &["COMMAND", "CONTENT"],
        &rows(&[
            &["/summarize", "Summarize this:\n{{CLIPBOARD}}\n"],
            &["/x", "y"],
        ]),
        Some(42),
    );
    assert_eq!(
        t,
        "COMMAND     CONTENT\n/summarize  Summarize this:⏎{{CLIPBOARD}}⏎\n/x          y\n"
    );
    let t = table(
        &["COMMAND", "CONTENT"],
        &rows(&[&["/summarize", "Summarize this:\n{{CLIPBOARD}}\n"]]),
        Some(30),
    );
    assert_eq!(t.lines().nth(1).unwrap(), "/summarize  Summarize this:⏎{…");
}

#[test]
fn wide_characters_stay_aligned() {
    let t = table(
        &["ID", "TITLE", "UPDATED"],
        &rows(&[&["1", "日本語", "today"], &["2", "abc", "today"]]),
        None,
    );
    assert_eq!(
        t,
        "ID  TITLE   UPDATED\n1   日本語  today\n2   abc     today\n"
    );
}

#[test]
fn records_cut_long_lines_and_indent_further_lines() {
    let fields = [
        ("id", "656a05f3".to_string()),
        (
            "content",
            "Summarize this in three bullet points:\n{{CLIPBOARD}}\n".into(),
        ),
        ("parent", String::new()),
    ];
    assert_eq!(
        record(&fields, None),
        "id       656a05f3\ncontent  Summarize this in three bullet points:\n         {{CLIPBOARD}}\nparent\n"
    );
    assert_eq!(
        record(&fields, Some(30)),
        "id       656a05f3\ncontent  Summarize this in th…\n         {{CLIPBOARD}}\nparent\n"
    );
    let r = record(&[("permissions", "{\"a\":1}".repeat(100))], Some(80));
    assert_eq!(widest_line(&r), 80, "{r}");
    assert!(r.trim_end().ends_with('…'));
}
