//! `owui chat` without a terminal: keys fed straight to `update`, effects run
//! against a real core on a temp data dir and a fake OpenAI server, and the
//! main screens rendered into ratatui's `TestBackend` (insta snapshots).

use crate::fakes;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};
use owui::core::actor::Actor;
use owui::core::users::{self, NewUser};
use owui::tui::app::{
    ChatItem, Effect, Focus, LoadedChat, Mode, ModelItem, Msg, State, Theme, press, press_with,
};
use owui::tui::effects::Core;
use owui::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use tokio::sync::mpsc::UnboundedReceiver;

fn state() -> State {
    let mut s = State::new(Some("fake-model".into()), Theme::NoColor);
    s.size = (80, 24);
    s
}

fn typ(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(s, press(KeyCode::Char(c))))
        .collect()
}

fn ctrl(c: char) -> Msg {
    press_with(KeyCode::Char(c), KeyModifiers::CONTROL)
}

// ---------------------------------------------------------------- keys

#[test]
fn help_opens_with_f1_or_question_mark_and_closes_with_esc() {
    let mut s = state();
    update(&mut s, press(KeyCode::F(1)));
    assert_eq!(s.mode, Mode::Help);
    update(&mut s, press(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
    // ? on an empty input opens help; typed into text it is just a character
    update(&mut s, press(KeyCode::Char('?')));
    assert_eq!(s.mode, Mode::Help);
    update(&mut s, press(KeyCode::Char('?')));
    assert_eq!(s.mode, Mode::Normal);
    typ(&mut s, "why?");
    assert_eq!(s.input_text(), "why?");
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn enter_sends_alt_enter_adds_a_line_and_up_recalls_history() {
    let mut s = state();
    typ(&mut s, "one");
    update(&mut s, press_with(KeyCode::Enter, KeyModifiers::ALT));
    typ(&mut s, "two");
    assert_eq!(s.input_text(), "one\ntwo");
    let fx = update(&mut s, press(KeyCode::Enter));
    let [
        Effect::Send {
            chat_id,
            parent,
            text,
            model,
            reply_id,
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}")
    };
    assert_eq!((chat_id, parent), (&None, &None));
    assert_eq!((text.as_str(), model.as_str()), ("one\ntwo", "fake-model"));
    assert_eq!(s.input_text(), "");
    assert_eq!(s.messages.len(), 2);
    assert_eq!(s.streaming.as_ref().unwrap().reply_id, *reply_id);
    // a second Enter while the answer is written sends nothing
    typ(&mut s, "three");
    assert!(update(&mut s, press(KeyCode::Enter)).is_empty());
    // history: Up on an empty input brings back the last prompt
    update(&mut s, ctrl('u'));
    while !s.input.is_empty() {
        update(&mut s, press(KeyCode::Backspace));
    }
    update(&mut s, press(KeyCode::Up));
    assert_eq!(s.input_text(), "one\ntwo");
    update(&mut s, press(KeyCode::Down));
    assert_eq!(s.input_text(), "");
    // empty input: Enter does nothing
    assert!(update(&mut s, press(KeyCode::Enter)).is_empty());
}

#[test]
fn esc_stops_the_answer_once_the_chat_exists() {
    let mut s = state();
    typ(&mut s, "hi");
    let fx = update(&mut s, press(KeyCode::Enter));
    let Effect::Send { reply_id, .. } = &fx[0] else {
        panic!()
    };
    let reply_id = reply_id.clone();
    // not created yet: remembered, sent when the chat opens
    assert!(update(&mut s, press(KeyCode::Esc)).is_empty());
    let fx = update(
        &mut s,
        Msg::Opened {
            reply_id: reply_id.clone(),
            chat_id: "c1".into(),
        },
    );
    assert!(fx.contains(&Effect::Stop {
        chat_id: "c1".into(),
        reply_id: reply_id.clone()
    }));
    update(
        &mut s,
        Msg::Delta {
            reply_id: reply_id.clone(),
            text: "Part".into(),
        },
    );
    let fx = update(
        &mut s,
        Msg::Done {
            chat_id: "c1".into(),
            reply_id: reply_id.clone(),
            error: None,
            cancelled: true,
        },
    );
    assert!(fx.contains(&Effect::OpenChat("c1".into())));
    assert!(s.streaming.is_none());
    assert_eq!(s.messages[1].content, "Part");
    assert_eq!(s.status, "stopped");
}

#[test]
fn ctrl_c_quits_and_stops_a_running_answer_first() {
    let mut s = state();
    assert_eq!(update(&mut s, ctrl('c')), vec![Effect::Quit]);
    let mut s = state();
    typ(&mut s, "hi");
    let fx = update(&mut s, press(KeyCode::Enter));
    let Effect::Send { reply_id, .. } = &fx[0] else {
        panic!()
    };
    let reply_id = reply_id.clone();
    update(
        &mut s,
        Msg::Opened {
            reply_id: reply_id.clone(),
            chat_id: "c1".into(),
        },
    );
    let fx = update(&mut s, ctrl('c'));
    assert!(matches!(fx.as_slice(), [Effect::Stop { .. }]), "{fx:?}");
    let fx = update(
        &mut s,
        Msg::Done {
            chat_id: "c1".into(),
            reply_id,
            error: None,
            cancelled: true,
        },
    );
    assert!(fx.contains(&Effect::Quit));
    // SIGTERM arrives as Msg::Quit
    let mut s = state();
    assert_eq!(update(&mut s, Msg::Quit), vec![Effect::Quit]);
}

fn with_chats(s: &mut State) {
    update(
        s,
        Msg::Chats(vec![
            ChatItem {
                id: "a".into(),
                title: "Pinned one".into(),
                pinned: true,
                ..Default::default()
            },
            ChatItem {
                id: "b".into(),
                title: "Rust lifetimes".into(),
                pinned: false,
                ..Default::default()
            },
            ChatItem {
                id: "c".into(),
                title: "Soup recipes".into(),
                pinned: false,
                ..Default::default()
            },
        ]),
    );
}

#[test]
fn tab_moves_focus_and_the_sidebar_keys_act_on_the_highlighted_chat() {
    let mut s = state();
    with_chats(&mut s);
    update(&mut s, press(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Sidebar);
    update(&mut s, press(KeyCode::Down));
    update(&mut s, press(KeyCode::Char('j')));
    update(&mut s, press(KeyCode::Char('j')));
    assert_eq!(s.selected, 2);
    update(&mut s, press(KeyCode::Char('k')));
    assert_eq!(s.selected_chat().unwrap().id, "b");
    assert_eq!(
        update(&mut s, press(KeyCode::Char('p'))),
        vec![Effect::TogglePin("b".into())]
    );
    assert_eq!(
        update(&mut s, press(KeyCode::Char('a'))),
        vec![Effect::ToggleArchive("b".into())]
    );
    // delete asks first; anything but y keeps the chat
    update(&mut s, press(KeyCode::Char('d')));
    assert!(matches!(s.mode, Mode::ConfirmDelete(..)));
    assert!(update(&mut s, press(KeyCode::Char('n'))).is_empty());
    update(&mut s, press(KeyCode::Delete));
    assert_eq!(
        update(&mut s, press(KeyCode::Char('y'))),
        vec![Effect::Delete("b".into())]
    );
    // rename
    update(&mut s, press(KeyCode::Char('r')));
    assert_eq!(s.mode, Mode::Rename("b".into()));
    for _ in 0.."lifetimes".len() {
        update(&mut s, press(KeyCode::Backspace));
    }
    typ(&mut s, "traits");
    assert_eq!(
        update(&mut s, press(KeyCode::Enter)),
        vec![Effect::Rename {
            id: "b".into(),
            title: "Rust traits".into()
        }]
    );
    // open
    assert_eq!(
        update(&mut s, press(KeyCode::Enter)),
        vec![Effect::OpenChat("b".into())]
    );
    assert_eq!(s.focus, Focus::Input);
    update(&mut s, press_with(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(s.focus, Focus::Messages);
}

#[test]
fn slash_searches_as_you_type() {
    let mut s = state();
    with_chats(&mut s);
    update(&mut s, press(KeyCode::Tab));
    update(&mut s, press(KeyCode::Char('/')));
    assert_eq!(s.mode, Mode::Search);
    let fx = typ(&mut s, "ru");
    assert_eq!(
        fx,
        vec![
            Effect::LoadChats { search: "r".into() },
            Effect::LoadChats {
                search: "ru".into()
            }
        ]
    );
    update(&mut s, press(KeyCode::Enter));
    assert_eq!((s.mode.clone(), s.search.as_str()), (Mode::Normal, "ru"));
    // Esc in the list clears the filter
    assert_eq!(
        update(&mut s, press(KeyCode::Esc)),
        vec![Effect::LoadChats {
            search: String::new()
        }]
    );
    // Ctrl-F searches from anywhere
    update(&mut s, press(KeyCode::Tab));
    update(&mut s, ctrl('f'));
    assert_eq!((s.mode.clone(), s.focus), (Mode::Search, Focus::Sidebar));
}

#[test]
fn the_model_picker_picks_and_ctrl_n_starts_over() {
    let mut s = state();
    update(
        &mut s,
        Msg::Models {
            list: ["fake-model", "other-model"]
                .iter()
                .map(|m| ModelItem {
                    id: m.to_string(),
                    name: m.to_string(),
                })
                .collect(),
            default: None,
        },
    );
    update(&mut s, press(KeyCode::F(2)));
    assert_eq!(s.mode, Mode::ModelPicker(0));
    update(&mut s, press(KeyCode::Down));
    update(&mut s, press(KeyCode::Enter));
    assert_eq!(s.model.as_deref(), Some("other-model"));
    update(&mut s, ctrl('p'));
    assert_eq!(s.mode, Mode::ModelPicker(1));
    update(&mut s, press(KeyCode::Esc));
    update(&mut s, Msg::Chat(loaded()));
    assert_eq!(s.messages.len(), 4);
    update(&mut s, ctrl('n'));
    assert!(s.messages.is_empty() && s.chat_id.is_none());
}

#[test]
fn scrolling_with_keys_and_the_wheel_stays_in_range() {
    let mut s = state();
    let mut c = loaded();
    let long = (0..80)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    c.doc["history"]["messages"]["a2"]["content"] = json!(long);
    update(&mut s, Msg::Chat(c));
    update(&mut s, press(KeyCode::PageUp));
    let page = s.scroll;
    assert!(page > 5, "{page}");
    update(&mut s, press(KeyCode::Tab));
    update(&mut s, press(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Messages);
    update(&mut s, press(KeyCode::Char('k')));
    assert_eq!(s.scroll, page + 1);
    update(&mut s, press(KeyCode::Home));
    let max = s.scroll;
    update(&mut s, press(KeyCode::Char('k')));
    assert_eq!(s.scroll, max);
    update(&mut s, press(KeyCode::End));
    assert_eq!(s.scroll, 0);
    let wheel = |kind| {
        Msg::Mouse(crossterm::event::MouseEvent {
            kind,
            column: 50,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut s, wheel(crossterm::event::MouseEventKind::ScrollUp));
    assert_eq!(s.scroll, 3);
    update(&mut s, wheel(crossterm::event::MouseEventKind::ScrollDown));
    update(&mut s, press(KeyCode::PageDown));
    assert_eq!(s.scroll, 0);
}

// ---------------------------------------------------------------- screens

/// A chat as the core sends it: two turns, the second answer with a sibling.
fn loaded() -> LoadedChat {
    LoadedChat {
        id: "c1".into(),
        title: "Greetings".into(),
        pinned: false,
        doc: json!({
            "models": ["fake-model"],
            "history": {"currentId": "a2", "messages": {
                "u1": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user",
                       "content": "hello there"},
                "a1": {"id": "a1", "parentId": "u1", "childrenIds": ["u2"], "role": "assistant",
                       "model": "fake-model", "done": true,
                       "content": "Echo: hello there. Some **bold** text and `code`."},
                "u2": {"id": "u2", "parentId": "a1", "childrenIds": ["a2x", "a2"], "role": "user",
                       "content": "and a list?"},
                "a2x": {"id": "a2x", "parentId": "u2", "childrenIds": [], "role": "assistant",
                       "model": "fake-model", "done": true, "content": "first try"},
                "a2": {"id": "a2", "parentId": "u2", "childrenIds": [], "role": "assistant",
                       "model": "fake-model", "done": true,
                       "content": "- one\n- two\n\n```rust\nfn main() {}\n```"}
            }}
        }),
    }
}

fn screen(s: &State) -> String {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    t.draw(|f| owui::tui::ui::draw(f, s)).unwrap();
    t.backend().to_string()
}

#[test]
fn screen_empty() {
    let s = state();
    insta::assert_snapshot!("empty", screen(&s));
}

#[test]
fn with_no_model_the_status_says_where_to_add_one() {
    let mut s = State::new(None, Theme::NoColor);
    update(
        &mut s,
        Msg::Models {
            list: vec![],
            default: None,
        },
    );
    assert!(s.status.contains("owui connections add"), "{}", s.status);
    let mut s = State::new(None, Theme::NoColor);
    s.server = Some("chat.example.com".into());
    update(
        &mut s,
        Msg::Models {
            list: vec![],
            default: None,
        },
    );
    assert_eq!(s.status, "no model available on chat.example.com");
}

#[test]
fn the_status_line_names_the_server_chatted_through() {
    let mut s = state();
    assert!(!screen(&s).contains(" · fake-model"));
    s.server = Some("chat.example.com:8080".into());
    let screen = screen(&s);
    let last = screen.trim_end().lines().last().unwrap();
    assert!(
        last.contains("chat.example.com:8080 · fake-model · ready"),
        "{last}"
    );
}

#[test]
fn screen_chat_with_branches() {
    let mut s = state();
    with_chats(&mut s);
    update(&mut s, Msg::Chat(loaded()));
    assert_eq!(s.messages[3].sibling, (2, 2));
    insta::assert_snapshot!("chat", screen(&s));
}

#[test]
fn a_reopened_answer_shows_its_saved_sources_under_the_text() {
    let mut s = state();
    let mut c = loaded();
    c.doc["history"]["messages"]["a1"]["sources"] = json!([{
        "source": {"id": "kb1", "name": "Handbook", "type": "collection"},
        "document": ["x", "y"],
        "metadata": [
            {"source": "f1", "name": "guide.pdf", "page": 1},
            {"source": "f2", "name": "notes.txt"},
        ],
        "distances": [0.9, 0.8],
    }]);
    update(&mut s, Msg::Chat(c));
    assert_eq!(
        s.messages[1].sources,
        ["[1] guide.pdf (page 2)", "[2] notes.txt"]
    );
    assert!(s.messages[3].sources.is_empty());
    let shown = screen(&s);
    let at = |t: &str| {
        shown
            .find(t)
            .unwrap_or_else(|| panic!("{t} not in\n{shown}"))
    };
    assert!(at("Some bold text") < at("Sources:"));
    assert!(at("Sources:") < at("[1] guide.pdf (page 2)"));
    assert!(at("[2] notes.txt") < at("and a list?"));
}

#[test]
fn screen_streaming() {
    let mut s = state();
    with_chats(&mut s);
    update(&mut s, Msg::Chat(loaded()));
    typ(&mut s, "stream please");
    let fx = update(&mut s, press(KeyCode::Enter));
    let Effect::Send { reply_id, .. } = &fx[0] else {
        panic!()
    };
    update(
        &mut s,
        Msg::Delta {
            reply_id: reply_id.clone(),
            text: "Streaming tok0 tok1 tok2".into(),
        },
    );
    insta::assert_snapshot!("streaming", screen(&s));
}

#[test]
fn screen_help() {
    let mut s = state();
    update(&mut s, press(KeyCode::F(1)));
    let out = screen(&s);
    // every key is listed
    for (_, k, _) in owui::tui::keys::KEYS {
        assert!(out.contains(k), "{k} missing from help");
    }
    insta::assert_snapshot!("help", out);
}

// ---------------------------------------------------------------- with the core

struct Harness {
    s: State,
    core: Core,
    rx: UnboundedReceiver<Msg>,
    cx: owui::Ctx,
    _dir: tempfile::TempDir,
    _fake: fakes::Fake,
}

impl Harness {
    async fn new() -> Harness {
        let fake = fakes::spawn_openai_with(
            fakes::FakeConfig::default()
                .long_tokens(400)
                .long_token_interval(Duration::from_millis(10)),
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = owui::config::Config::defaults(dir.path());
        cfg.set("WEBUI_SECRET_KEY", "test-secret");
        cfg.set("BCRYPT_ROUNDS", "4");
        cfg.set("OPENAI_API_BASE_URL", fake.base_url.clone());
        cfg.set("ENABLE_OLLAMA_API", "false");
        cfg.set("RAG_EMBEDDING_ENGINE", "openai");
        cfg.set("RAG_EMBEDDING_MODEL", "fake-embed");
        let cx = owui::core::startup::open(cfg).unwrap();
        users::create(
            &cx,
            &Actor::system(),
            NewUser {
                name: "Ada".into(),
                email: "ada@example.com".into(),
                password: "pw-123456".into(),
                role: Some(users::Role::Admin),
                profile_image_url: None,
            },
        )
        .unwrap();
        let me = users::local_actor(&cx, None).unwrap();
        let (core, rx) = Core::new(cx.clone(), me);
        let mut h = Harness {
            s: State::new(None, Theme::NoColor),
            core,
            rx,
            cx,
            _dir: dir,
            _fake: fake,
        };
        h.core.spawn(Effect::LoadModels);
        h.core.spawn(Effect::LoadChats {
            search: String::new(),
        });
        h.until(|s| !s.models.is_empty()).await;
        h
    }

    fn feed(&mut self, m: Msg) -> Vec<Effect> {
        let fx = update(&mut self.s, m);
        for e in &fx {
            self.core.spawn(e.clone());
        }
        fx
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.feed(press(KeyCode::Char(c)));
        }
    }

    /// Feed core answers until `f` holds.
    async fn until(&mut self, f: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while !f(&self.s) {
            let m = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .expect("timed out waiting for the TUI state")
                .unwrap();
            self.feed(m);
        }
    }

    /// Feed core answers until none comes for a while.
    async fn settle(&mut self) {
        while let Ok(Some(m)) =
            tokio::time::timeout(Duration::from_millis(300), self.rx.recv()).await
        {
            self.feed(m);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_streams_is_titled_continues_and_is_managed_from_the_keys() {
    let mut h = Harness::new().await;
    assert_eq!(h.s.model.as_deref(), Some("fake-model"));
    h.typ("hello there");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    let id = h.s.chat_id.clone().expect("a chat");
    assert_eq!(h.s.messages.len(), 2);
    assert_eq!(h.s.messages[1].content, "Echo: hello there");
    assert!(h.s.messages[1].done);
    // titled as the web does, listed in the sidebar
    assert_eq!(h.s.title, "hello there");
    assert_eq!(h.s.chats.len(), 1);
    assert_eq!(h.s.chats[0].title, "hello there");

    // a second turn continues the branch
    h.typ("and again");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    assert_eq!(h.s.messages.len(), 4);
    assert_eq!(h.s.messages[3].content, "Echo: and again");
    let chat = owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap();
    let msgs = chat.chat["history"]["messages"].as_object().unwrap();
    assert_eq!(msgs.len(), 4);
    let cur = chat.chat["history"]["currentId"].as_str().unwrap();
    assert_eq!(cur, h.s.messages[3].id);
    assert_eq!(
        msgs[&h.s.messages[2].id]["parentId"],
        h.s.messages[1].id.as_str()
    );

    // a second chat; then search finds the first one
    h.feed(ctrl('n'));
    h.typ("soup recipes");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    assert_eq!(h.s.chats.len(), 2);
    h.feed(ctrl('f'));
    h.typ("again");
    h.settle().await;
    let titles: Vec<&str> = h.s.chats.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["hello there"]);
    h.feed(press(KeyCode::Esc));
    h.settle().await;
    assert_eq!(h.s.chats.len(), 2);

    // open the first chat from the list (the search left the focus there)
    assert_eq!(h.s.focus, Focus::Sidebar);
    let row = h.s.chats.iter().position(|c| c.id == id).unwrap();
    h.s.selected = row;
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.chat_id.as_deref() == Some(id.as_str())).await;
    assert_eq!(h.s.messages.len(), 4);

    // pin: pinned chats come first
    h.feed(press(KeyCode::Tab));
    let row = h.s.chats.iter().position(|c| c.id != id).unwrap();
    h.s.selected = row;
    h.feed(press(KeyCode::Char('p')));
    h.settle().await;
    assert!(h.s.chats[0].pinned);
    assert_ne!(h.s.chats[0].id, id);
    let other = h.s.chats[0].id.clone();

    // rename
    h.s.selected = 0;
    h.feed(press(KeyCode::Char('r')));
    for _ in 0..20 {
        h.feed(press(KeyCode::Backspace));
    }
    h.typ("Soup");
    h.feed(press(KeyCode::Enter));
    h.settle().await;
    assert_eq!(h.s.chats[0].title, "Soup");
    assert_eq!(
        owui::core::chats::get(&h.cx, &h.core.me, &other)
            .unwrap()
            .title,
        "Soup"
    );

    // archive takes it off the list
    h.feed(press(KeyCode::Char('a')));
    h.settle().await;
    assert_eq!(h.s.chats.len(), 1);
    assert!(
        owui::core::chats::get(&h.cx, &h.core.me, &other)
            .unwrap()
            .archived
    );

    // delete, after a y
    h.s.selected = 0;
    h.feed(press(KeyCode::Char('d')));
    h.feed(press(KeyCode::Char('y')));
    h.settle().await;
    assert!(h.s.chats.is_empty());
    assert!(h.s.chat_id.is_none() && h.s.messages.is_empty());
    assert!(owui::core::chats::get(&h.cx, &h.core.me, &id).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_stops_a_long_answer_and_keeps_what_was_written() {
    let mut h = Harness::new().await;
    h.feed(press(KeyCode::F(2)));
    let i =
        h.s.models
            .iter()
            .position(|m| m.id == "long-model")
            .unwrap();
    h.s.mode = Mode::ModelPicker(i);
    h.feed(press(KeyCode::Enter));
    assert_eq!(h.s.model.as_deref(), Some("long-model"));
    h.typ("go on");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.messages.get(1).is_some_and(|m| m.content.len() > 20))
        .await;
    h.feed(press(KeyCode::Esc));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    assert_eq!(h.s.status, "stopped");
    let kept = h.s.messages[1].content.clone();
    assert!(kept.starts_with("tok0 tok1"), "{kept}");
    assert!(!kept.contains("tok399"), "{kept}");
    let id = h.s.chat_id.clone().unwrap();
    let chat = owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap();
    let reply = &chat.chat["history"]["messages"][&h.s.messages[1].id];
    assert_eq!(reply["content"].as_str(), Some(kept.as_str()));
    assert_eq!(reply["done"], true);
}

#[test]
fn left_and_right_move_between_sibling_answers() {
    let mut s = state();
    update(&mut s, Msg::Chat(loaded()));
    s.focus = Focus::Messages;
    assert_eq!(s.messages[3].id, "a2");
    let fx = update(&mut s, press(KeyCode::Left));
    assert_eq!(
        fx,
        vec![Effect::SetCurrent {
            chat_id: "c1".into(),
            message_id: "a2x".into()
        }]
    );
    assert_eq!(
        (s.messages[3].id.as_str(), s.messages[3].sibling),
        ("a2x", (1, 2))
    );
    // no sibling further left
    assert!(update(&mut s, press(KeyCode::Left)).is_empty());
    update(&mut s, press(KeyCode::Right));
    assert_eq!(s.messages[3].id, "a2");
    // r asks for another answer to the same user message
    let fx = update(&mut s, press(KeyCode::Char('r')));
    let [
        Effect::Regenerate {
            chat_id, user_id, ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}")
    };
    assert_eq!((chat_id.as_str(), user_id.as_str()), ("c1", "u2"));
    assert_eq!(s.messages.len(), 4);
    assert_eq!(s.messages[3].sibling, (3, 3));
    assert!(s.streaming.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regenerate_adds_a_sibling_answer_and_the_branch_choice_is_saved() {
    let mut h = Harness::new().await;
    h.typ("hello there");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    let id = h.s.chat_id.clone().unwrap();
    let first = h.s.messages[1].id.clone();
    h.feed(press(KeyCode::F(5)));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    assert_eq!(h.s.messages.len(), 2);
    assert_eq!(h.s.messages[1].sibling, (2, 2));
    assert_eq!(h.s.messages[1].content, "Echo: hello there");
    let second = h.s.messages[1].id.clone();
    assert_ne!(first, second);
    // stored as the web stores it: both under the user message
    let chat = owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap();
    let msgs = &chat.chat["history"]["messages"];
    let user = &msgs[&h.s.messages[0].id];
    assert_eq!(user["childrenIds"], json!([first, second]));
    assert_eq!(chat.chat["history"]["currentId"], second.as_str());
    // back to the first answer, saved as the current message
    h.feed(press(KeyCode::Tab));
    h.feed(press(KeyCode::Tab));
    h.feed(press(KeyCode::Left));
    h.settle().await;
    assert_eq!(h.s.messages[1].id, first);
    let chat = owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap();
    assert_eq!(chat.chat["history"]["currentId"], first.as_str());
}

// ---------------------------------------------------------------- selection, edit, attach

#[test]
fn up_down_select_a_message_and_y_c_copy_from_it() {
    let mut s = state();
    update(&mut s, Msg::Chat(loaded()));
    s.focus = Focus::Messages;
    // Up selects the last message, then the ones before it
    update(&mut s, press(KeyCode::Up));
    assert_eq!(s.sel, Some(3));
    update(&mut s, press(KeyCode::Up));
    update(&mut s, press(KeyCode::Up));
    assert_eq!(s.selected_message().unwrap().id, "a1");
    assert!(screen(&s).contains("▶ fake-model"));
    // y copies the selected message
    let fx = update(&mut s, press(KeyCode::Char('y')));
    assert_eq!(
        fx,
        vec![Effect::Copy(
            "Echo: hello there. Some **bold** text and `code`.".into()
        )]
    );
    // c: no code block here
    assert!(update(&mut s, press(KeyCode::Char('c'))).is_empty());
    assert_eq!(s.status, "no code block in this message");
    // Left on a message without siblings does nothing
    assert!(update(&mut s, press(KeyCode::Left)).is_empty());
    // e on an answer is refused
    update(&mut s, press(KeyCode::Char('e')));
    assert_eq!(s.editing, None);
    // the last answer has a code block: c copies it, again cycles
    update(&mut s, press(KeyCode::Down));
    update(&mut s, press(KeyCode::Down));
    assert_eq!(s.sel, Some(3));
    let mut c = loaded();
    c.doc["history"]["messages"]["a2"]["content"] =
        json!("```sh\nfirst\n```\n\ntext\n\n```rust\nsecond\n```");
    update(&mut s, Msg::Chat(c));
    assert_eq!(
        update(&mut s, press(KeyCode::Char('c'))),
        vec![Effect::Copy("second\n".into())]
    );
    assert_eq!(
        update(&mut s, press(KeyCode::Char('c'))),
        vec![Effect::Copy("first\n".into())]
    );
    assert_eq!(
        update(&mut s, press(KeyCode::Char('c'))),
        vec![Effect::Copy("second\n".into())]
    );
    // Down past the last message drops the selection; Esc too
    update(&mut s, press(KeyCode::Down));
    assert_eq!(s.sel, None);
    update(&mut s, press(KeyCode::Up));
    update(&mut s, press(KeyCode::Esc));
    assert_eq!((s.sel, s.focus), (None, Focus::Messages));
}

#[test]
fn e_edits_a_user_message_into_a_new_sibling() {
    let mut s = state();
    update(&mut s, Msg::Chat(loaded()));
    s.focus = Focus::Messages;
    update(&mut s, press(KeyCode::Up));
    update(&mut s, press(KeyCode::Up));
    assert_eq!(s.selected_message().unwrap().id, "u2");
    update(&mut s, press(KeyCode::Char('e')));
    assert_eq!(s.editing.as_deref(), Some("u2"));
    assert_eq!(s.focus, Focus::Input);
    assert_eq!(s.input_text(), "and a list?");
    assert!(screen(&s).contains("Editing"));
    // Esc cancels
    update(&mut s, press(KeyCode::Esc));
    assert_eq!((s.editing.as_deref(), s.input_text().as_str()), (None, ""));
    // the selection stays: e again
    s.focus = Focus::Messages;
    assert_eq!(s.sel, Some(2));
    update(&mut s, press(KeyCode::Char('e')));
    update(&mut s, press(KeyCode::Backspace));
    typ(&mut s, ", please");
    let fx = update(&mut s, press(KeyCode::Enter));
    let [
        Effect::Send {
            chat_id,
            parent,
            text,
            user_id,
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}")
    };
    // under the edited message's parent: a sibling of it
    assert_eq!(chat_id.as_deref(), Some("c1"));
    assert_eq!(parent.as_deref(), Some("a1"));
    assert_eq!(text, "and a list, please");
    assert_eq!(s.messages.len(), 4);
    assert_eq!(s.messages[2].id, *user_id);
    assert_eq!(s.messages[2].sibling, (2, 2));
    assert!(s.editing.is_none());
}

#[test]
fn ctrl_o_attaches_a_text_file_to_the_next_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "a\n```\nb\n").unwrap();
    std::fs::write(dir.path().join("bin.dat"), [0xff, 0xfe, 0x00]).unwrap();
    std::fs::write(dir.path().join("big.txt"), "x".repeat(1024 * 1024 + 1)).unwrap();
    let base = dir.path().to_str().unwrap().to_string();
    let mut s = state();
    let attach = |s: &mut State, path: &str| {
        update(s, ctrl('o'));
        assert_eq!(s.mode, Mode::Attach);
        typ(s, path);
        update(s, press(KeyCode::Enter));
    };
    // not UTF-8, too big, missing: refused with a reason, the prompt stays
    attach(&mut s, &format!("{base}/bin.dat"));
    assert!(s.status.contains("not UTF-8"), "{}", s.status);
    assert_eq!(s.mode, Mode::Attach);
    update(&mut s, press(KeyCode::Esc));
    attach(&mut s, &format!("{base}/big.txt"));
    assert!(s.status.contains("at most 1 MiB"), "{}", s.status);
    update(&mut s, press(KeyCode::Esc));
    assert!(s.attachment.is_none());
    // Tab completes a unique prefix
    update(&mut s, ctrl('o'));
    typ(&mut s, &format!("{base}/no"));
    update(&mut s, press(KeyCode::Tab));
    assert_eq!(s.line, format!("{base}/notes.txt"));
    update(&mut s, press(KeyCode::Enter));
    assert_eq!(s.mode, Mode::Normal);
    let a = s.attachment.clone().unwrap();
    assert_eq!((a.name.as_str(), a.size), ("notes.txt", 8));
    assert!(screen(&s).contains("+ notes.txt (8 B)"));
    // Ctrl-O again removes it; Esc too
    update(&mut s, ctrl('o'));
    assert!(s.attachment.is_none());
    attach(&mut s, &format!("{base}/notes.txt"));
    update(&mut s, press(KeyCode::Esc));
    assert!(s.attachment.is_none());
    // sent as a fenced block after the prompt (a longer fence than inside)
    attach(&mut s, &format!("{base}/notes.txt"));
    typ(&mut s, "read this");
    let fx = update(&mut s, press(KeyCode::Enter));
    let [Effect::Send { text, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(text, "read this\n\n````notes.txt\na\n```\nb\n````");
    assert!(s.attachment.is_none());
    assert_eq!(s.history.last().map(String::as_str), Some("read this"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_is_stored_as_a_sibling_and_left_right_switch_it() {
    let mut h = Harness::new().await;
    h.typ("hello there");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    h.typ("and again");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    let id = h.s.chat_id.clone().unwrap();
    let old: Vec<String> = h.s.messages.iter().map(|m| m.id.clone()).collect();
    // select "and again", edit it
    h.s.focus = Focus::Messages;
    h.feed(press(KeyCode::Up));
    h.feed(press(KeyCode::Up));
    assert_eq!(h.s.selected_message().unwrap().id, old[2]);
    h.feed(press(KeyCode::Char('e')));
    for _ in 0.."again".len() {
        h.feed(press(KeyCode::Backspace));
    }
    h.typ("once more");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    assert_eq!(h.s.messages.len(), 4);
    assert_eq!(h.s.messages[2].content, "and once more");
    assert_eq!(h.s.messages[2].sibling, (2, 2));
    assert_eq!(h.s.messages[3].content, "Echo: and once more");
    let (new_user, new_reply) = (h.s.messages[2].id.clone(), h.s.messages[3].id.clone());
    // stored as the web stores an edit
    let chat = owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap();
    let msgs = &chat.chat["history"]["messages"];
    assert_eq!(msgs[&new_user]["parentId"], old[1].as_str());
    assert_eq!(msgs[&old[1]]["childrenIds"], json!([old[2], new_user]));
    assert_eq!(msgs[&new_reply]["parentId"], new_user.as_str());
    assert_eq!(chat.chat["history"]["currentId"], new_reply.as_str());
    // select the edited message and go back to the first version
    h.s.focus = Focus::Messages;
    h.feed(press(KeyCode::Up));
    h.feed(press(KeyCode::Up));
    assert_eq!(h.s.selected_message().unwrap().id, new_user);
    h.feed(press(KeyCode::Left));
    h.settle().await;
    assert_eq!(h.s.messages[2].id, old[2]);
    assert_eq!(h.s.messages[3].id, old[3]);
    let chat = owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap();
    assert_eq!(chat.chat["history"]["currentId"], old[3].as_str());
    h.feed(press(KeyCode::Right));
    h.settle().await;
    assert_eq!(h.s.messages[3].id, new_reply);
    // the first message too: a second root, the answer under it
    h.feed(press(KeyCode::Up));
    h.feed(press(KeyCode::Up));
    assert_eq!(h.s.selected_message().unwrap().id, old[0]);
    h.feed(press(KeyCode::Char('e')));
    h.typ("!");
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    assert_eq!(h.s.messages.len(), 2);
    assert_eq!(h.s.messages[0].content, "hello there!");
    assert_eq!(h.s.messages[0].sibling, (2, 2));
    let chat = owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap();
    let msgs = &chat.chat["history"]["messages"];
    assert_eq!(msgs[&h.s.messages[0].id]["parentId"], json!(null));
    assert_eq!(
        chat.chat["history"]["currentId"],
        h.s.messages[1].id.as_str()
    );
    // and back to the first root, with its latest branch below it
    h.s.focus = Focus::Messages;
    h.feed(press(KeyCode::Up));
    h.feed(press(KeyCode::Up));
    h.feed(press(KeyCode::Left));
    h.settle().await;
    assert_eq!(h.s.messages[0].id, old[0]);
    assert_eq!(h.s.messages[3].id, new_reply);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sidebar_groups_chats_under_folders_that_fold_and_unfold() {
    use owui::core::chats;
    use owui::core::folders::{self, FolderForm};
    let mut h = Harness::new().await;
    let (cx, me) = (h.cx.clone(), h.core.me.clone());
    let folder = |name: &str, parent: Option<String>| {
        let form = FolderForm {
            name: name.into(),
            data: None,
            meta: None,
            parent_id: parent,
        };
        folders::create(&cx, &me, form).unwrap().id
    };
    let work = folder("Work", None);
    let _alpha = folder("Alpha", None);
    let sub = folder("Deeper", Some(work.clone()));
    let chat = |title: &str, folder: Option<&str>| {
        let form = serde_json::from_value(json!({"chat": {"title": title}})).unwrap();
        let c = chats::create(&cx, &me, form).unwrap();
        if let Some(f) = folder {
            chats::move_to_folder(&cx, &me, &c.id, Some(f.to_string())).unwrap();
        }
        c.id
    };
    let pinned = chat("pinned note", None);
    chats::toggle_pin(&cx, &me, &pinned).unwrap();
    chat("loose end", None);
    chat("work plan", Some(&work));
    let deep = chat("deep dive", Some(&sub));

    let rows = |s: &State| -> Vec<(String, u16, Option<bool>)> {
        s.chats
            .iter()
            .map(|c| (c.title.clone(), c.depth, c.folder))
            .collect()
    };
    let row = |t: &str, d: u16, f: Option<bool>| (t.to_string(), d, f);
    h.core.spawn(Effect::LoadChats {
        search: String::new(),
    });
    h.until(|s| s.chats.len() == 4).await;
    // pinned first, then the folders (folded), then the other chats
    assert_eq!(
        rows(&h.s),
        [
            row("pinned note", 0, None),
            row("Alpha", 0, Some(false)),
            row("Work", 0, Some(false)),
            row("loose end", 0, None),
        ]
    );
    // Enter on a folder row unfolds it (saved), Space on the subfolder too
    h.feed(press(KeyCode::Tab));
    assert_eq!(h.s.focus, Focus::Sidebar);
    h.feed(press(KeyCode::Down));
    h.feed(press(KeyCode::Down));
    assert_eq!(
        h.feed(press(KeyCode::Enter)),
        vec![Effect::ToggleFolder {
            id: work.clone(),
            expanded: true
        }]
    );
    assert_eq!(h.s.focus, Focus::Sidebar);
    h.until(|s| s.chats.len() == 6).await;
    assert_eq!(
        rows(&h.s)[2..5],
        [
            row("Work", 0, Some(true)),
            row("Deeper", 1, Some(false)),
            row("work plan", 1, None),
        ]
    );
    assert!(folders::get(&cx, &me, &work).unwrap().folder.is_expanded);
    h.feed(press(KeyCode::Down));
    h.feed(press(KeyCode::Char(' ')));
    h.until(|s| s.chats.len() == 7).await;
    assert_eq!(rows(&h.s)[4], row("deep dive", 2, None));
    // chat keys do nothing on a folder row
    assert!(h.feed(press(KeyCode::Char('d'))).is_empty());
    assert!(h.feed(press(KeyCode::Char('p'))).is_empty());
    assert_eq!(h.s.mode, Mode::Normal);
    // the screen: folders marked and indented
    h.s.size = (80, 24);
    let out = screen(&h.s);
    assert!(out.contains("▾ Work"), "{out}");
    assert!(out.contains("  ▾ Deeper"), "{out}");
    assert!(out.contains("▸ Alpha"), "{out}");
    assert!(out.contains("      deep dive"), "{out}");
    // Enter on a chat inside a folder opens it
    h.feed(press(KeyCode::Down));
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.chat_id.as_deref() == Some(deep.as_str()))
        .await;
    // search as you type: flat hits
    h.feed(press(KeyCode::Tab));
    h.feed(press(KeyCode::Tab));
    h.feed(press(KeyCode::Char('/')));
    for c in "deep".chars() {
        h.feed(press(KeyCode::Char(c)));
    }
    h.until(|s| s.chats.len() == 1).await;
    assert_eq!(rows(&h.s), [row("deep dive", 0, None)]);
    // folding again hides the chats
    h.feed(press(KeyCode::Esc));
    h.feed(press(KeyCode::Esc));
    h.until(|s| s.chats.len() == 7).await;
    h.s.focus = Focus::Sidebar;
    h.s.selected = 2;
    h.feed(press(KeyCode::Enter));
    h.until(|s| s.chats.len() == 4).await;
}

#[test]
fn screen_selected_message_and_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "some notes\n").unwrap();
    let mut s = state();
    with_chats(&mut s);
    update(&mut s, Msg::Chat(loaded()));
    s.focus = Focus::Messages;
    update(&mut s, press(KeyCode::Up));
    update(&mut s, press(KeyCode::Up));
    update(&mut s, ctrl('o'));
    typ(&mut s, path.to_str().unwrap());
    let prompt = screen(&s);
    assert!(prompt.contains("Attach a text file"), "{prompt}");
    update(&mut s, press(KeyCode::Enter));
    insta::assert_snapshot!("selected_attached", screen(&s));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hash_attaches_a_knowledge_base_whose_text_reaches_the_model_and_is_cited() {
    use owui::core::knowledge::{self, KnowledgeForm};
    use owui::core::retrieval::vectors::{self, Item};
    let mut h = Harness::new().await;
    let kb = knowledge::create(
        &h.cx,
        &h.core.me,
        KnowledgeForm {
            name: "Handbook".into(),
            description: "how we work".into(),
            access_grants: None,
        },
    )
    .unwrap()
    .id;
    knowledge::create(
        &h.cx,
        &h.core.me,
        KnowledgeForm {
            name: "Recipes".into(),
            description: String::new(),
            access_grants: None,
        },
    )
    .unwrap();
    let text = "Holidays are booked two weeks ahead.";
    let items = vec![Item {
        id: "c0".into(),
        text: text.into(),
        vector: fakes::fake_embedding(text)
            .into_iter()
            .map(|x| x as f32)
            .collect(),
        metadata: json!({"file_id": "f1", "name": "guide.txt", "source": "guide.txt", "page": 0})
            .as_object()
            .unwrap()
            .clone(),
    }];
    let c = kb.clone();
    h.cx.db
        .write(move |tx| vectors::insert(tx, &c, &items))
        .unwrap();

    // `#` at the start of a word opens the picker; typing filters it
    h.typ("When #");
    assert_eq!(h.s.mode, Mode::RefPicker(0));
    h.until(|s| !s.ref_list.is_empty()).await;
    let names: Vec<&str> = h.s.ref_list.iter().map(|r| r.name.as_str()).collect();
    assert!(
        names.contains(&"Handbook") && names.contains(&"Recipes"),
        "{names:?}"
    );
    h.typ("hand");
    let shown = screen(&h.s);
    assert!(shown.contains("knowledge Handbook"), "{shown}");
    assert!(!shown.contains("Recipes"), "{shown}");
    // Enter attaches it and takes the #word out of the text
    h.feed(press(KeyCode::Enter));
    assert_eq!(h.s.mode, Mode::Normal);
    assert_eq!(h.s.input_text(), "When ");
    assert_eq!(h.s.refs.len(), 1);
    assert!(screen(&h.s).contains("#Handbook · Ctrl-X removes"));
    // Ctrl-X removes it; attached again, it goes with the message
    h.feed(ctrl('x'));
    assert!(h.s.refs.is_empty());
    h.typ("#Hand");
    h.feed(press(KeyCode::Enter));
    // a # inside a word is just a character, Esc keeps what was typed
    h.typ("are holidays booked? C#");
    assert_eq!(h.s.mode, Mode::Normal);
    h.typ(" #zz");
    h.feed(press(KeyCode::Esc));
    assert_eq!(h.s.input_text(), "When are holidays booked? C# #zz");
    for _ in 0..4 {
        h.feed(press(KeyCode::Backspace));
    }
    let fx = h.feed(press(KeyCode::Enter));
    let Some(Effect::Send { files, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(files[0]["type"], "collection");
    assert_eq!(files[0]["id"], kb.as_str());
    assert!(h.s.refs.is_empty());
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    // the model got the knowledge base's text
    let sent = h._fake.requests_to("/v1/chat/completions");
    assert!(
        sent.iter()
            .any(|r| r.body["stream"] == true && r.body["messages"].to_string().contains(text)),
        "{sent:?}"
    );
    // the answer shows its source, saved and shown again on reopening
    assert_eq!(h.s.messages[1].sources, ["[1] guide.txt (page 1)"]);
    let id = h.s.chat_id.clone().unwrap();
    h.feed(ctrl('n'));
    h.feed(Msg::Chat(LoadedChat {
        id: id.clone(),
        title: String::new(),
        pinned: false,
        doc: serde_json::to_value(owui::core::chats::get(&h.cx, &h.core.me, &id).unwrap().chat)
            .unwrap(),
    }));
    assert_eq!(h.s.messages[1].sources, ["[1] guide.txt (page 1)"]);
    let shown = screen(&h.s);
    assert!(shown.contains("Sources:"), "{shown}");
}
