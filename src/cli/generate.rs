//! `owui completions` and `owui man`: the committed files in
//! `completions/` and `man/` are generated here (and checked by a test).

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell, elvish, or all (needs --out-dir)
    #[arg(value_parser = ["bash", "zsh", "fish", "powershell", "elvish", "all"])]
    pub shell: String,
    /// Write the file(s) into this directory instead of standard output
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Directory to write owui.1, owui-users.1, ... into
    #[arg(long, value_name = "DIR", default_value = "man")]
    pub out_dir: PathBuf,
}

const SHELLS: &[(&str, Shell)] = &[
    ("bash", Shell::Bash),
    ("zsh", Shell::Zsh),
    ("fish", Shell::Fish),
    ("powershell", Shell::PowerShell),
    ("elvish", Shell::Elvish),
];

/// The completion script for one shell and its conventional file name.
pub fn completion(shell: Shell) -> (String, Vec<u8>) {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "owui", &mut buf);
    let name = match shell {
        Shell::Bash => "owui.bash",
        Shell::Zsh => "_owui",
        Shell::Fish => "owui.fish",
        Shell::PowerShell => "_owui.ps1",
        Shell::Elvish => "owui.elv",
        _ => "owui",
    };
    (name.to_string(), buf)
}

/// Every completion file.
pub fn all_completions() -> Vec<(String, Vec<u8>)> {
    SHELLS.iter().map(|(_, s)| completion(*s)).collect()
}

/// Every manual page: `owui.1` and one per subcommand.
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            walk(sub, out)?;
        }
        let man = clap_mangen::Man::new(cmd);
        let mut buf = Vec::new();
        man.render(&mut buf)?;
        out.push((man.get_filename(), buf));
        Ok(())
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out)?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn write_all(dir: &PathBuf, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::invalid(format!("cannot create {}: {e}", dir.display())))?;
    for (name, bytes) in files {
        std::fs::write(dir.join(&name), bytes)?;
    }
    Ok(())
}

pub fn completions(a: CompletionsArgs) -> Result<()> {
    let files = if a.shell == "all" {
        all_completions()
    } else {
        let shell = SHELLS.iter().find(|(n, _)| *n == a.shell).unwrap().1;
        vec![completion(shell)]
    };
    match a.out_dir {
        Some(dir) => write_all(&dir, files),
        None if files.len() == 1 => super::output::write_stdout(&files[0].1),
        None => Err(Error::invalid("`owui completions all` needs --out-dir")),
    }
}

pub fn man(a: ManArgs) -> Result<()> {
    write_all(&a.out_dir, man_pages()?)
}
