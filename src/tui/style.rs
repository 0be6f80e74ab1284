//! The styles of the screen (accent, dim, selection, borders, ...) for
//! each theme, shared by the widgets and the message view's cache.

use ratatui::style::{Color, Modifier, Style};

use super::markdown::Theme;

/// The styles of the screen for a theme; without colour only modifiers.
pub struct Styles {
    pub accent: Style,
    pub dim: Style,
    pub user: Style,
    pub assistant: Style,
    pub error: Style,
    pub selected: Style,
    pub border: Style,
    pub border_focus: Style,
    pub bar: Style,
}

pub fn styles(t: Theme) -> Styles {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    match t {
        Theme::NoColor => Styles {
            accent: bold,
            dim: Style::default().add_modifier(Modifier::DIM),
            user: bold,
            assistant: bold,
            error: bold,
            selected: Style::default().add_modifier(Modifier::REVERSED),
            border: Style::default(),
            border_focus: bold,
            bar: Style::default().add_modifier(Modifier::REVERSED),
        },
        Theme::Dark | Theme::Light => {
            let (accent, green, dim) = if t == Theme::Dark {
                (Color::Cyan, Color::Green, Color::DarkGray)
            } else {
                (Color::Blue, Color::Green, Color::Gray)
            };
            Styles {
                accent: Style::default().fg(accent),
                dim: Style::default().fg(dim),
                user: bold.fg(accent),
                assistant: bold.fg(green),
                error: Style::default().fg(Color::Red),
                selected: Style::default().add_modifier(Modifier::REVERSED),
                border: Style::default().fg(dim),
                border_focus: Style::default().fg(accent),
                bar: Style::default().add_modifier(Modifier::REVERSED),
            }
        }
    }
}
