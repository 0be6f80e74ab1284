//! The examples of `commands/*.md` run as tests, so the pages cannot drift.
//!
//! Each page's ```console examples run in order in one `sh`, in a fresh
//! directory with the built `owui` first on `PATH` and a fresh data
//! directory (`DATA_DIR`) shared by the page's examples, so `users create`
//! then `users list` works. Stdout and stderr together, and the exit status,
//! must be what the page shows (see `page.rs` for the syntax and wildcards).
//! Two fake model servers answer for the pages that need one, at
//! `$OPENAI_URL` (OpenAI's API: `gpt-4o`, `gpt-4o-mini`) and `$OLLAMA_URL`
//! (Ollama's: `llama3.2`, `qwen3:8b`); their models answer `Echo: <prompt>`.
//! `COLUMNS=100` fixes the width tables are cut to. The files of
//! `commands/<page>.in/`, when there is one, are copied into the directory
//! first (input files such as a password file).
//!
//! `OWUI_BLESS=1 cargo test --test cli docs` writes what the commands print
//! into the pages in place of the expected output of failing examples.

mod page;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::fakes::{self, FakeConfig};
use page::Example;

/// Pages whose examples cannot run here: `owui chat` needs a terminal and
/// `owui serve` runs until stopped. They show commands without `$ `.
const NOT_RUN: &[&str] = &["chat", "serve"];

/// How long one page's examples may take together.
const TIMEOUT: Duration = Duration::from_secs(240);

macro_rules! pages {
    ($($name:ident),* $(,)?) => {
        const PAGES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                run_page(stringify!($name)).await;
            }
        )*
    };
}

pages!(
    users,
    groups,
    chats,
    folders,
    models,
    prompts,
    knowledge,
    memories,
    files,
    feedback,
    config,
    connections,
    ask,
);

fn commands_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("commands")
}

#[test]
fn every_page_runs_its_examples_or_says_why_not() {
    let mut names: Vec<String> = std::fs::read_dir(commands_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter_map(|n| n.strip_suffix(".md").map(String::from))
        .collect();
    names.sort();
    for name in &names {
        let rel = format!("commands/{name}.md");
        let text = std::fs::read_to_string(commands_dir().join(format!("{name}.md"))).unwrap();
        let examples = page::parse(&rel, &text).unwrap_or_else(|e| panic!("{e}"));
        if NOT_RUN.contains(&name.as_str()) {
            assert!(examples.is_empty(), "{rel} is not run but has examples");
        } else {
            assert!(
                PAGES.contains(&name.as_str()),
                "{rel} has no test: add it to pages!(...) in tests/cli/docs/mod.rs"
            );
            assert!(!examples.is_empty(), "{rel} has no ```console examples");
        }
    }
    for p in PAGES.iter().chain(NOT_RUN) {
        assert!(names.iter().any(|n| n == p), "commands/{p}.md is missing");
    }
}

/// What one example did: its exit status and output, or None when the shell
/// stopped before it.
type Run = Option<(i32, String)>;

async fn run_page(name: &str) {
    let rel = format!("commands/{name}.md");
    let path = commands_dir().join(format!("{name}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    let examples = page::parse(&rel, &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(!examples.is_empty(), "{rel} has no ```console examples");

    let openai =
        fakes::spawn_openai_with(FakeConfig::default().models(["gpt-4o", "gpt-4o-mini"])).await;
    let ollama =
        fakes::spawn_ollama_with(FakeConfig::default().models(["llama3.2", "qwen3:8b"])).await;
    let urls = vec![
        ("OPENAI_URL", openai.base_url.clone()),
        ("OLLAMA_URL", ollama.base_url.clone()),
    ];
    let cmds: Vec<String> = examples.iter().map(|e| e.cmd.clone()).collect();
    let inputs = commands_dir().join(format!("{name}.in"));
    let (runs, shell_err) = tokio::task::spawn_blocking(move || run_script(&cmds, &urls, &inputs))
        .await
        .unwrap();

    let mut failures = vec![];
    let mut blessed = vec![];
    for (i, (ex, run)) in examples.iter().zip(&runs).enumerate() {
        match run {
            Some((status, out)) if *status == ex.status && page::matches(&ex.expected, out) => {}
            Some((status, out)) => {
                failures.push(report(&rel, ex, *status, out));
                blessed.push((i, *status, out.clone()));
            }
            None => {
                failures.push(format!(
                    "{rel}:{}: $ {}\n  did not finish: the shell stopped before it ended\n{}",
                    ex.line,
                    ex.cmd,
                    indent(&shell_err)
                ));
                break;
            }
        }
    }
    if failures.is_empty() {
        return;
    }
    if std::env::var_os("OWUI_BLESS").is_some() {
        std::fs::write(&path, page::bless(&text, &examples, &blessed)).unwrap();
    }
    panic!(
        "{} example(s) of {rel} do not do what the page shows:\n\n{}\n\
         Fix the page or the command (`OWUI_BLESS=1 cargo test --test cli docs::{name}` \
         writes what the commands print into the page).",
        failures.len(),
        failures.join("\n")
    );
}

fn report(rel: &str, ex: &Example, status: i32, out: &str) -> String {
    format!(
        "{rel}:{}: $ {}\n  expected (exit status {}):\n{}  actual (exit status {status}):\n{}",
        ex.line,
        ex.cmd,
        ex.status,
        indent(&ex.expected.join("\n")),
        indent(out)
    )
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    |{l}\n")).collect()
}

/// Run the commands in order in one `sh` (so `cd` and variables carry over),
/// each with stdin from /dev/null unless it redirects it, in a directory
/// holding the files of `inputs` (when it exists). Returns each command's
/// status and output, and what the shell itself printed.
fn run_script(cmds: &[String], urls: &[(&str, String)], inputs: &Path) -> (Vec<Run>, String) {
    let tmp = tempfile::tempdir().unwrap();
    let (work, home, out) = (
        tmp.path().join("work"),
        tmp.path().join("home"),
        tmp.path().join("out"),
    );
    for d in [&work, &home, &out] {
        std::fs::create_dir(d).unwrap();
    }
    if let Ok(files) = std::fs::read_dir(inputs) {
        for f in files {
            let f = f.unwrap();
            std::fs::copy(f.path(), work.join(f.file_name())).unwrap();
        }
    }
    let mut script = String::new();
    for (i, cmd) in cmds.iter().enumerate() {
        let f = out.join(i.to_string());
        script.push_str(&format!(
            "{{ {cmd}\n}} </dev/null >'{f}' 2>&1\necho $? >'{f}.rc'\n",
            f = f.display()
        ));
    }
    let script_path = tmp.path().join("examples.sh");
    std::fs::write(&script_path, script).unwrap();
    let shell_err = tmp.path().join("shell.err");

    let bin = Path::new(env!("CARGO_BIN_EXE_owui")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into())
    );
    let mut child = Command::new("sh")
        .arg(&script_path)
        .current_dir(&work)
        .env_clear()
        .env("PATH", path)
        .env("HOME", &home)
        .env("DATA_DIR", tmp.path().join("data"))
        .env("BCRYPT_ROUNDS", "4")
        .env("COLUMNS", "100")
        .envs(urls.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&shell_err).unwrap())
        .process_group(0)
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > TIMEOUT {
            // the shell and whatever it runs
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            child.wait().unwrap();
            std::fs::write(&shell_err, format!("timed out after {TIMEOUT:?}")).unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let runs = (0..cmds.len())
        .map(|i| {
            let f = out.join(i.to_string());
            let rc = std::fs::read_to_string(format!("{}.rc", f.display())).ok()?;
            let output = std::fs::read(&f).unwrap_or_default();
            Some((
                rc.trim().parse().unwrap(),
                String::from_utf8_lossy(&output).into_owned(),
            ))
        })
        .collect();
    (
        runs,
        std::fs::read_to_string(&shell_err).unwrap_or_default(),
    )
}
