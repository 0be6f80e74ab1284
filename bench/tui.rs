//! `owui chat` at size, without a terminal: the same `State`, `update` and
//! widgets drawn into ratatui's `TestBackend` (120×40) on a temp data dir
//! with 10,000 chats (some in folders). Measures start to first frame
//! (sidebar loaded from the core, one render), keystroke to redraw with a
//! 2,000-message chat open, and a streamed token to screen.
//! Run: `cargo bench --bench tui`; prints Markdown.

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use owui::core::actor::Actor;
use owui::core::chats::{self, ImportChat};
use owui::core::folders::{self, FolderForm};
use owui::core::users::{self, NewUser};
use owui::tui::app::{Focus, LoadedChat, Msg, State, Theme, press};
use owui::tui::effects::local::chat_list;
use owui::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Map, Value, json};

const WORDS: &[&str] = &[
    "river", "lamp", "orbit", "quartz", "meadow", "signal", "harbor", "pixel", "canyon", "velvet",
    "engine", "lantern", "summit", "cobalt", "willow", "fractal", "ember", "tundra", "glacier",
    "prism",
];

fn text(seed: usize, n: usize) -> String {
    (0..n)
        .map(|i| WORDS[(seed * 7 + i * 13) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn doc(title: String, messages: Map<String, Value>, current: &str) -> Map<String, Value> {
    let v = json!({
        "title": title,
        "models": ["m"],
        "history": {"currentId": current, "messages": messages},
        "messages": []
    });
    v.as_object().unwrap().clone()
}

fn small_chat(i: usize, folder: Option<String>) -> ImportChat {
    let mut m = Map::new();
    m.insert(
        "a".into(),
        json!({"id": "a", "parentId": null, "childrenIds": ["b"], "role": "user", "content": text(i, 40), "timestamp": 1}),
    );
    m.insert(
        "b".into(),
        json!({"id": "b", "parentId": "a", "childrenIds": [], "role": "assistant", "content": text(i + 1, 120), "done": true, "timestamp": 2}),
    );
    ImportChat {
        chat: doc(format!("Chat {i}: {}", text(i, 3)), m, "b"),
        meta: None,
        pinned: Some(i.is_multiple_of(1000)),
        archived: None,
        folder_id: folder,
        variables: None,
        created_at: Some(1_700_000_000 + i as i64),
        updated_at: Some(1_700_000_000 + i as i64),
    }
}

/// A chain of `n` messages, user and assistant in turn, with some Markdown.
fn long_chat(n: usize) -> ImportChat {
    let mut m = Map::new();
    for i in 0..n {
        let id = format!("m{i}");
        let parent = if i == 0 {
            Value::Null
        } else {
            json!(format!("m{}", i - 1))
        };
        let children = if i + 1 < n {
            json!([format!("m{}", i + 1)])
        } else {
            json!([])
        };
        let (role, content) = if i.is_multiple_of(2) {
            ("user", text(i, 25))
        } else {
            (
                "assistant",
                format!(
                    "{}\n\n- **{}**\n- `{}`\n\n```rust\nfn f{i}() {{}}\n```\n\n{}",
                    text(i, 40),
                    text(i + 1, 3),
                    text(i + 2, 2),
                    text(i + 3, 30)
                ),
            )
        };
        m.insert(
            id.clone(),
            json!({"id": id, "parentId": parent, "childrenIds": children, "role": role, "content": content, "model": "m", "done": true, "timestamp": i}),
        );
    }
    ImportChat {
        chat: doc("A long chat".into(), m, &format!("m{}", n - 1)),
        meta: None,
        pinned: Some(true),
        archived: None,
        folder_id: None,
        variables: None,
        created_at: Some(1_800_000_000),
        updated_at: Some(1_800_000_000),
    }
}

fn pct(mut d: Vec<Duration>) -> (Duration, Duration, Duration) {
    d.sort();
    let n = d.len();
    (d[n / 2], d[(n * 99 / 100).min(n - 1)], d[n - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

type Term = Terminal<TestBackend>;

fn term() -> Term {
    Terminal::new(TestBackend::new(120, 40)).unwrap()
}

fn draw(t: &mut Term, s: &State) {
    t.draw(|f| owui::tui::ui::draw(f, s)).unwrap();
}

fn main() {
    let (_dir, cx) = owui::core::ctx::test_ctx();
    let sys = Actor::system();
    users::create(
        &cx,
        &sys,
        NewUser {
            name: "Bench".into(),
            email: "bench@example.com".into(),
            password: "bench-password".into(),
            role: Some(users::Role::Admin),
            profile_image_url: None,
        },
    )
    .unwrap();
    let me = users::local_actor(&cx, None).unwrap();

    // 10,000 chats: 3 unfolded folders (one nested) of 20 chats each, the rest loose
    let t = Instant::now();
    let mut folder_ids = vec![];
    for (i, name) in ["Work", "Home", "Ideas"].iter().enumerate() {
        let f = folders::create(
            &cx,
            &me,
            FolderForm {
                name: name.to_string(),
                data: None,
                meta: None,
                parent_id: if i == 2 {
                    folder_ids.first().cloned()
                } else {
                    None
                },
            },
        )
        .unwrap();
        folders::update_expanded(&cx, &me, &f.id, true).unwrap();
        folder_ids.push(f.id);
    }
    let mut batch = vec![];
    for i in 0..10_000 {
        let folder = (i < 60).then(|| folder_ids[i / 20].clone());
        batch.push(small_chat(i, folder));
        if batch.len() == 500 {
            chats::import(&cx, &me, std::mem::take(&mut batch)).unwrap();
        }
    }
    let long = chats::import(&cx, &me, vec![long_chat(2000)])
        .unwrap()
        .remove(0);
    let seed = t.elapsed();

    // start to first frame: the sidebar from the core, one render
    let mut first = vec![];
    let mut rows = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let mut s = State::new(Some("m".into()), Theme::Dark);
        s.size = (120, 40);
        let list = chat_list(&cx, &me, "").unwrap();
        rows = list.len();
        update(&mut s, Msg::Chats(list));
        let mut tm = term();
        draw(&mut tm, &s);
        first.push(t.elapsed());
    }
    let first_cold = first[0];
    // of which the core's sidebar query
    let (list_p50, _, _) = pct((0..30)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(chat_list(&cx, &me, "").unwrap());
            t.elapsed()
        })
        .collect());
    let (first_p50, first_p99, _) = pct(first);

    // open the long chat (as the loop does: core read, then one frame)
    let mut s = State::new(Some("m".into()), Theme::Dark);
    s.size = (120, 40);
    update(&mut s, Msg::Chats(chat_list(&cx, &me, "").unwrap()));
    let mut tm = term();
    draw(&mut tm, &s);
    let t = Instant::now();
    let c = chats::get(&cx, &me, &long.id).unwrap();
    update(
        &mut s,
        Msg::Chat(LoadedChat {
            id: c.id,
            title: c.title,
            pinned: c.pinned,
            doc: c.chat.into_value(),
        }),
    );
    draw(&mut tm, &s);
    let open = t.elapsed();
    assert_eq!(s.messages.len(), 2000);

    // keystroke to redraw: typing into the input
    s.focus = Focus::Input;
    let mut typing = vec![];
    for i in 0..300usize {
        let c = b"the quick brown fox jumps over the lazy dog "[i % 44] as char;
        let t = Instant::now();
        update(&mut s, press(KeyCode::Char(c)));
        draw(&mut tm, &s);
        typing.push(t.elapsed());
    }
    // keystroke to redraw: scrolling the messages a line
    s.focus = Focus::Messages;
    let mut scrolling = vec![];
    for i in 0..300usize {
        let k = if (i / 50).is_multiple_of(2) {
            KeyCode::Up
        } else {
            KeyCode::Down
        };
        let t = Instant::now();
        update(&mut s, press(k));
        draw(&mut tm, &s);
        scrolling.push(t.elapsed());
    }
    // keystroke to redraw: moving in the sidebar
    s.focus = Focus::Sidebar;
    let mut sidebar = vec![];
    for i in 0..300usize {
        let k = if (i / 30).is_multiple_of(2) {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        let t = Instant::now();
        update(&mut s, press(k));
        draw(&mut tm, &s);
        sidebar.push(t.elapsed());
    }

    // a streamed token to screen: send, then deltas into the reply
    s.focus = Focus::Input;
    while !s.input.is_empty() {
        update(&mut s, press(KeyCode::Backspace));
    }
    for c in "stream please".chars() {
        update(&mut s, press(KeyCode::Char(c)));
    }
    update(&mut s, press(KeyCode::Enter));
    let reply_id = s.streaming.as_ref().expect("streaming").reply_id.clone();
    draw(&mut tm, &s);
    let mut tokens = vec![];
    for i in 0..400 {
        let tok = if i % 40 == 39 {
            "\n\n".to_string()
        } else {
            format!("{} ", WORDS[i % WORDS.len()])
        };
        let t = Instant::now();
        update(
            &mut s,
            Msg::Delta {
                reply_id: reply_id.clone(),
                text: tok,
            },
        );
        draw(&mut tm, &s);
        tokens.push(t.elapsed());
    }

    let (ty50, ty99, tymax) = pct(typing);
    let (sc50, sc99, scmax) = pct(scrolling);
    let (sb50, sb99, sbmax) = pct(sidebar);
    let (tk50, tk99, tkmax) = pct(tokens);
    eprintln!(
        "seeded 10,001 chats (3 folders) in {:.1} s; sidebar rows: {rows}",
        seed.as_secs_f64()
    );
    println!("| `owui chat` (release, TestBackend 120×40) | median | p99 | max | target |");
    println!("| --- | --- | --- | --- | --- |");
    println!(
        "| start to first frame, 10,001 chats (cold: {}) | {} | {} | - | ≤ 100 ms |",
        ms(first_cold),
        ms(first_p50),
        ms(first_p99)
    );
    println!(
        "| of which the sidebar query (`chat_list`) | {} | - | - | - |",
        ms(list_p50)
    );
    println!(
        "| open a 2,000-message chat (read + frame) | {} | - | - | - |",
        ms(open)
    );
    println!(
        "| keystroke → redraw: typing (2,000-message chat open) | {} | {} | {} | ≤ 16 ms |",
        ms(ty50),
        ms(ty99),
        ms(tymax)
    );
    println!(
        "| keystroke → redraw: scroll a line | {} | {} | {} | ≤ 16 ms |",
        ms(sc50),
        ms(sc99),
        ms(scmax)
    );
    println!(
        "| keystroke → redraw: sidebar Up/Down | {} | {} | {} | ≤ 16 ms |",
        ms(sb50),
        ms(sb99),
        ms(sbmax)
    );
    println!(
        "| streamed token → screen (delta + frame) | {} | {} | {} | ≤ 16 ms (a frame) |",
        ms(tk50),
        ms(tk99),
        ms(tkmax)
    );
}
