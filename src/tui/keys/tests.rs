//! The help overlay lists every key that does something: each key is
//! tried in each focus and compared with `KEYS`.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::KEYS;
use crate::tui::app::{ChatItem, Effect, Focus, LoadedChat, ModelItem, Msg, State, Theme};
use crate::tui::update::update;

/// Key names in the help's notation: "Up/Down j/k" → Up, Down, j, k.
fn names(s: &str) -> Vec<String> {
    s.split_whitespace()
        .flat_map(|w| {
            if w == "/" {
                vec![w.to_string()]
            } else {
                w.split('/').map(String::from).collect()
            }
        })
        .collect()
}

/// The keys the help lists for a section (with those of "Anywhere"):
/// the key column and the keys named in parentheses ("(also ?)").
fn listed(section: &str) -> BTreeSet<String> {
    KEYS.iter()
        .filter(|(sec, _, _)| *sec == section || *sec == "Anywhere")
        .flat_map(|(_, keys, what)| {
            let more = what
                .split_once('(')
                .map(|(_, x)| x.trim_end_matches(')').replace(',', " "))
                .unwrap_or_default();
            let more = more.strip_prefix("also ").unwrap_or(&more).to_string();
            names(keys).into_iter().chain(names(&more))
        })
        .collect()
}

/// An event in the help's notation: "PgUp", "Ctrl-N", "Alt-Enter", "g".
fn name(k: &KeyEvent) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::BackTab => "S-Tab".into(),
        c => format!("{c:?}"),
    };
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", base.to_uppercase())
    } else if k.modifiers.contains(KeyModifiers::ALT) {
        format!("Alt-{base}")
    } else {
        base
    }
}

/// Every key tried: the named keys, F1–F12, printable characters,
/// Ctrl with a letter and Alt-Enter.
fn candidates() -> Vec<KeyEvent> {
    let none = KeyModifiers::NONE;
    let mut out: Vec<KeyEvent> = [
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
    ]
    .into_iter()
    .chain((1..=12).map(KeyCode::F))
    .chain((' '..='~').map(KeyCode::Char))
    .map(|c| KeyEvent::new(c, none))
    .collect();
    out.extend(('a'..='z').map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
    out.push(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    out
}

/// Adjusts a fixture before a key is tried.
type Setup = dyn Fn(&mut State);

/// A chat with branches open, a folder in the sidebar, a model, an
/// earlier prompt; `focus` has the keys and `setup` adjusts the rest.
fn fixture(focus: Focus, setup: &Setup) -> State {
    let mut s = State::new(Some("m".into()), Theme::NoColor);
    s.size = (80, 14);
    let msg = |id: &str, parent: Option<&str>, children: &[&str], role: &str, text: &str| {
        json!({"id": id, "parentId": parent, "childrenIds": children, "role": role,
               "model": "m", "done": true, "content": text})
    };
    let long = "word ".repeat(60);
    let doc = json!({"models": ["m"], "history": {"currentId": "a2", "messages": {
        "u1": msg("u1", None, &["a1"], "user", &long),
        "a1": msg("a1", Some("u1"), &["u2"], "assistant", &long),
        "u2": msg("u2", Some("a1"), &["a2x", "a2"], "user", "and code?"),
        "a2x": msg("a2x", Some("u2"), &[], "assistant", "first try"),
        "a2": msg("a2", Some("u2"), &[], "assistant", "```rust\nfn main() {}\n```"),
    }}});
    update(
        &mut s,
        Msg::Chat(LoadedChat {
            id: "c1".into(),
            title: "Chat".into(),
            pinned: false,
            doc,
        }),
    );
    let item = |id: &str, folder: Option<bool>| ChatItem {
        id: id.into(),
        title: id.into(),
        folder,
        ..Default::default()
    };
    update(
        &mut s,
        Msg::Chats(vec![
            item("c0", None),
            item("f1", Some(false)),
            item("c1", None),
            item("c2", None),
        ]),
    );
    update(
        &mut s,
        Msg::Models {
            list: vec![ModelItem {
                id: "m".into(),
                name: "m".into(),
            }],
            default: None,
        },
    );
    s.history = vec!["earlier".into()];
    s.focus = focus;
    setup(&mut s);
    s
}

/// What a key changed that the user can see, with the kinds of effects
/// it asked for (new ids aside); the input's text only when `with_input`.
fn seen(s: &State, fx: &[Effect], with_input: bool) -> String {
    let fx: Vec<String> = fx
        .iter()
        .map(|e| {
            let e = format!("{e:?}");
            e.split([' ', '(', '{'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    format!(
        "{fx:?} {:?} {:?} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {:?} {} {} {} {}",
        s.focus,
        s.mode,
        s.selected,
        s.scroll,
        s.sel,
        s.status,
        s.history_pos,
        s.chat_id,
        s.editing,
        s.code_pick,
        s.quit,
        s.search,
        s.attachment.as_ref().map(|a| &a.name),
        s.messages.len(),
        s.line,
        s.streaming.is_some(),
        if with_input {
            s.input_text()
        } else {
            String::new()
        },
    )
}

/// The keys that do something in this state, by name; with Ctrl or Alt
/// a key counts as its own only when it acts unlike the bare key.
/// In the input, keys that only edit the text are the text area's.
fn handled(focus: Focus, setup: &Setup) -> BTreeSet<String> {
    let with_input = focus != Focus::Input;
    let outcome = |k: KeyEvent| {
        let mut s = fixture(focus, setup);
        let fx = update(&mut s, Msg::Key(k));
        seen(&s, &fx, with_input)
    };
    let before = seen(&fixture(focus, setup), &[], with_input);
    candidates()
        .into_iter()
        .filter(|k| {
            let after = outcome(*k);
            if after == before {
                return false;
            }
            k.modifiers.is_empty() || after != outcome(KeyEvent::new(k.code, KeyModifiers::NONE))
        })
        .map(|k| name(&k))
        .collect()
}

#[test]
fn the_help_lists_every_key_that_does_something() {
    let cases: [(Focus, &str, &Setup); 6] = [
        (Focus::Input, "Input", &|_| {}),
        (Focus::Input, "Input", &|s| s.set_input("hi")),
        (Focus::Sidebar, "Chats", &|s| s.selected = 1),
        (Focus::Sidebar, "Chats", &|s| s.selected = 2),
        (Focus::Messages, "Messages", &|s| {
            s.sel = Some(3);
            s.scroll = 1;
        }),
        (Focus::Messages, "Messages", &|s| {
            s.sel = Some(0);
            s.scroll = 1;
        }),
    ];
    let mut missing = BTreeSet::new();
    for (focus, section, setup) in cases {
        let keys = handled(focus, setup);
        let listed = listed(section);
        missing.extend(
            keys.into_iter()
                .filter(|k| !listed.contains(k))
                .map(|k| format!("{section}: {k}")),
        );
    }
    assert!(missing.is_empty(), "not in KEYS: {missing:?}");
}

#[test]
fn the_check_sees_the_keys_of_each_focus() {
    let chats = handled(Focus::Sidebar, &|s| s.selected = 1);
    for k in ["Space", "Enter", "g", "End", "Ctrl-N", "F1"] {
        assert!(chats.contains(k), "{k} in {chats:?}");
    }
    let messages = handled(Focus::Messages, &|s| s.sel = Some(3));
    for k in ["h", "<", "y", "Up"] {
        assert!(messages.contains(k), "{k} in {messages:?}");
    }
    let input = handled(Focus::Input, &|_| {});
    assert!(input.contains("Up") && !input.contains("a"), "{input:?}");
    let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(name(&ctrl_n), "Ctrl-N");
}
