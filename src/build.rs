//! Link-time settings of the `owui` binary; nothing is generated here.
//!
//! On glibc 2.36 or later the binary is linked with packed relative
//! relocations (`DT_RELR`): a position-independent Rust binary carries tens
//! of thousands of relative relocations, which the loader reads at every
//! start (over 1 MiB of `.rela.dyn`, resident for the process's life).
//! Packed, they take a few kilobytes. Older glibc cannot load such a
//! binary, so there the default is kept.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    if native
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && glibc_version().is_some_and(|v| v >= (2, 36))
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The build machine's glibc, from `getconf GNU_LIBC_VERSION` ("glibc 2.36").
fn glibc_version() -> Option<(u32, u32)> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let mut parts = text.split_whitespace().nth(1)?.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}
