//! The colour schemes: which one the terminal wants, and the styles of each.

use ratatui::style::{Color, Modifier, Style};

/// Colour scheme for rendered messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Colours chosen for a dark terminal background (the default).
    Dark,
    /// Colours chosen for a light terminal background.
    Light,
    /// No colours at all, only modifiers (bold, italic, underline, dim).
    NoColor,
}

impl Theme {
    /// From the environment: `NO_COLOR` (set and non-empty) → [`Theme::NoColor`];
    /// else `COLORFGBG` (`"fg;bg"`, as rxvt/konsole/iTerm set it) picks light or
    /// dark by its background; else [`Theme::Dark`].
    pub fn detect() -> Theme {
        Theme::from_env_values(
            std::env::var("NO_COLOR").ok().as_deref(),
            std::env::var("COLORFGBG").ok().as_deref(),
        )
    }

    /// [`Theme::detect`] on given values (testable without touching the environment).
    pub fn from_env_values(no_color: Option<&str>, colorfgbg: Option<&str>) -> Theme {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Theme::NoColor;
        }
        // The background is the last field ("15;0", or "15;default;0").
        let bg = colorfgbg
            .and_then(|v| v.rsplit(';').next())
            .and_then(|b| b.trim().parse::<u8>().ok());
        match bg {
            // ANSI 7 (light grey) and 9..=15 (bright colours, 15 = white) are light.
            Some(7) | Some(9..=15) => Theme::Light,
            _ => Theme::Dark,
        }
    }
}

/// Styles of one theme.
pub(super) struct Palette {
    pub(super) h1: Style,
    pub(super) h2: Style,
    pub(super) h3: Style,
    pub(super) h_other: Style,
    pub(super) code_inline: Style,
    pub(super) link: Style,
    pub(super) url: Style,
    pub(super) quote_bar: Style,
    pub(super) quote_text: Style,
    pub(super) bullet: Style,
    pub(super) rule: Style,
    pub(super) fence: Style,
    pub(super) table_border: Style,
    pub(super) table_head: Style,
}

pub(super) fn palette(theme: Theme) -> Palette {
    let b = Style::new().add_modifier(Modifier::BOLD);
    let dim = Style::new().add_modifier(Modifier::DIM);
    match theme {
        Theme::NoColor => Palette {
            h1: b.add_modifier(Modifier::UNDERLINED),
            h2: b,
            h3: b,
            h_other: b.add_modifier(Modifier::ITALIC),
            code_inline: Style::new(),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            url: dim,
            quote_bar: dim,
            quote_text: Style::new().add_modifier(Modifier::ITALIC),
            bullet: Style::new(),
            rule: dim,
            fence: dim,
            table_border: dim,
            table_head: b,
        },
        Theme::Dark | Theme::Light => {
            // The 16 ANSI colours follow the user's terminal scheme; pick ones
            // readable on the given background.
            let (accent, accent2, code, link, quote) = if theme == Theme::Dark {
                (
                    Color::LightMagenta,
                    Color::LightCyan,
                    Color::LightYellow,
                    Color::LightBlue,
                    Color::Gray,
                )
            } else {
                (
                    Color::Magenta,
                    Color::Blue,
                    Color::Red,
                    Color::Blue,
                    Color::DarkGray,
                )
            };
            Palette {
                h1: b.fg(accent).add_modifier(Modifier::UNDERLINED),
                h2: b.fg(accent),
                h3: b.fg(accent2),
                h_other: b.add_modifier(Modifier::ITALIC),
                code_inline: Style::new().fg(code),
                link: Style::new().fg(link).add_modifier(Modifier::UNDERLINED),
                url: Style::new().fg(Color::DarkGray),
                quote_bar: Style::new().fg(accent2),
                quote_text: Style::new().fg(quote).add_modifier(Modifier::ITALIC),
                bullet: Style::new().fg(accent2),
                rule: Style::new().fg(Color::DarkGray),
                fence: Style::new().fg(Color::DarkGray),
                table_border: Style::new().fg(Color::DarkGray),
                table_head: b.fg(accent2),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_detection() {
        assert_eq!(
            Theme::from_env_values(Some("1"), Some("0;15")),
            Theme::NoColor
        );
        assert_eq!(Theme::from_env_values(Some(""), Some("0;15")), Theme::Light);
        assert_eq!(Theme::from_env_values(None, Some("15;0")), Theme::Dark);
        assert_eq!(
            Theme::from_env_values(None, Some("0;default;15")),
            Theme::Light
        );
        assert_eq!(Theme::from_env_values(None, Some("0;7")), Theme::Light);
        assert_eq!(Theme::from_env_values(None, None), Theme::Dark);
        assert_eq!(Theme::from_env_values(None, Some("junk")), Theme::Dark);
    }
}
