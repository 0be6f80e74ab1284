//! Copy to the system clipboard from a terminal program.
//!
//! The primary way is OSC 52 (the terminal sets its clipboard, which works
//! over SSH and inside tmux); as a fallback the text is also piped to the first
//! clipboard tool found on PATH (`wl-copy`, `xclip`, `xsel`, `pbcopy`).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The OSC 52 "set clipboard" escape sequence for `text`
/// (`ESC ] 52 ; c ; <base64> BEL`), wrapped in tmux's passthrough
/// (`ESC P tmux; … ESC \`, inner ESCs doubled) when `TMUX` is set.
pub fn osc52(text: &str) -> String {
    osc52_for(
        text,
        std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()),
    )
}

/// [`osc52`] with the tmux wrapping chosen by the caller.
pub fn osc52_for(text: &str, tmux: bool) -> String {
    let seq = format!("\x1b]52;c;{}\x07", STANDARD.encode(text));
    if tmux {
        format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
    } else {
        seq
    }
}

/// Clipboard tools tried in order: (name shown to the user, program, args, usable).
fn tools() -> [(&'static str, &'static str, &'static [&'static str], bool); 4] {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some();
    let x11 = std::env::var_os("DISPLAY").is_some();
    [
        ("wl-copy", "wl-copy", &[], wayland),
        ("xclip", "xclip", &["-selection", "clipboard"], x11),
        ("xsel", "xsel", &["--clipboard", "--input"], x11),
        ("pbcopy", "pbcopy", &[], true),
    ]
}

/// Whether `program` is an executable file in one of PATH's directories.
fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| is_executable(&dir.join(program)))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Pipes `text` into `program args…`; true when it exited successfully within
/// a couple of seconds (xclip and wl-copy fork a server and return).
fn pipe_to(program: &str, args: &[&str], text: &str) -> bool {
    let Ok(mut child) = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take()
        && stdin.write_all(text.as_bytes()).is_err()
    {
        let _ = child.kill();
        let _ = child.wait();
        return false;
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// Copies `text`: writes OSC 52 to the terminal (when stdout is one) and also
/// pipes the text to the first clipboard tool available. Returns the method
/// that took it: the tool's name, else `"osc52"`. Fails only when stdout is
/// not a terminal and no tool worked.
pub fn copy(text: &str) -> std::io::Result<&'static str> {
    let mut method = None;
    let mut stdout = std::io::stdout();
    if stdout.is_terminal() {
        stdout.write_all(osc52(text).as_bytes())?;
        stdout.flush()?;
        method = Some("osc52");
    }
    for (name, program, args, usable) in tools() {
        if usable && on_path(program) && pipe_to(program, args, text) {
            return Ok(name);
        }
    }
    method.ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no terminal for OSC 52 and no clipboard tool (wl-copy, xclip, xsel, pbcopy) found",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_plain() {
        assert_eq!(osc52_for("hello", false), "\x1b]52;c;aGVsbG8=\x07");
        assert_eq!(osc52_for("", false), "\x1b]52;c;\x07");
        // Non-ASCII text is base64 of its UTF-8 bytes.
        let s = osc52_for("héllo ✓\n", false);
        let b64 = s
            .strip_prefix("\x1b]52;c;")
            .unwrap()
            .strip_suffix('\x07')
            .unwrap();
        assert_eq!(STANDARD.decode(b64).unwrap(), "héllo ✓\n".as_bytes());
    }

    #[test]
    fn osc52_tmux_wrapped() {
        assert_eq!(
            osc52_for("hello", true),
            "\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"
        );
    }

    #[test]
    fn osc52_follows_tmux_env() {
        let tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
        assert_eq!(osc52("x"), osc52_for("x", tmux));
    }

    #[test]
    fn path_lookup() {
        assert!(on_path("sh"));
        assert!(!on_path("owui-no-such-clipboard-tool"));
    }

    #[test]
    fn pipe_to_reports_success_and_failure() {
        assert!(pipe_to("sh", &["-c", "cat >/dev/null"], "text"));
        assert!(!pipe_to("sh", &["-c", "exit 3"], "text"));
        assert!(!pipe_to("owui-no-such-clipboard-tool", &[], "text"));
    }
}
