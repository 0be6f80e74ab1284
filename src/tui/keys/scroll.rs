//! Scrolling the message view: by lines, by pages, and to the selected
//! message, within the range that `layout` gives.

use crate::tui::app::State;
use crate::tui::layout::{layout, max_scroll, messages_inner, page, place};

/// Scroll the message view `up` lines (down when negative), within its
/// range.
pub(super) fn by(s: &mut State, up: isize) {
    let n = s.scroll as isize + up;
    s.scroll = (n.max(0) as usize).min(max_scroll(s));
}

/// Scroll so that the selected message's first line is in view.
pub(super) fn to_selected(s: &mut State) {
    let Some(i) = s.sel else { return };
    let a = layout(s);
    let r = messages_inner(a.messages);
    let (total, at) = place(s, r.width, i);
    let h = r.height as usize;
    let Some((start, len)) = at else {
        return;
    };
    let max = total.saturating_sub(h);
    // the view shows lines top..top+h, top = max - scroll
    let top = max - s.scroll.min(max);
    let new_top = if start < top {
        start
    } else if start + len.min(h) > top + h {
        (start + len.min(h)).saturating_sub(h)
    } else {
        top
    };
    s.scroll = max - new_top.min(max);
}

/// PgUp: a page up.
pub(super) fn page_up(s: &mut State) {
    by(s, page(s) as isize);
}

/// PgDn: a page down.
pub(super) fn page_down(s: &mut State) {
    by(s, -(page(s) as isize));
}

/// Home: the first line.
pub(super) fn top(s: &mut State) {
    s.scroll = max_scroll(s);
}

/// End: the last line, following new text again.
pub(super) fn bottom(s: &mut State) {
    s.scroll = 0;
}
