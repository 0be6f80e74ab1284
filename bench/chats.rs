//! Chat storage at size, through the core (no HTTP): the sidebar's first
//! page and a full-text search with 10,000 chats, and on a chat of 5,000
//! messages: appending one message, reading it, and the three calls of
//! `bench/chats_http.rs` without the HTTP (open as JSON, rename, add one
//! message through a save). Run: `cargo bench --bench chats`;
//! `BENCH_SYNCHRONOUS=normal` runs it with `synchronous = NORMAL`, to see
//! what the default (FULL: a sync of the log per commit) costs the writes.

use std::time::{Duration, Instant};

use owui::core::actor::Actor;
use owui::core::chats::{self, ChatForm, ChatPatch, ListQuery};
use owui::core::users::{self, NewUser};
use serde_json::{Value, json};

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

fn chat(i: usize) -> ChatForm {
    let doc = json!({
        "title": format!("Chat {i}: {}", text(i, 3)),
        "models": ["m"],
        "history": {"currentId": "b", "messages": {
            "a": {"id": "a", "parentId": null, "role": "user", "content": text(i, 40), "timestamp": 1},
            "b": {"id": "b", "parentId": "a", "role": "assistant", "content": text(i + 1, 120), "done": true, "timestamp": 2}
        }},
        "messages": []
    });
    serde_json::from_value(json!({ "chat": doc })).unwrap()
}

fn time<T>(runs: usize, mut f: impl FnMut(usize) -> T) -> (Duration, Duration) {
    let mut d: Vec<Duration> = (0..runs)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(f(i));
            t.elapsed()
        })
        .collect();
    d.sort();
    (d[runs / 2], d[runs * 99 / 100])
}

fn main() {
    let (_dir, cx) = owui::core::ctx::test_ctx();
    // BENCH_SYNCHRONOUS=normal: what the default (full) costs the writes
    if std::env::var("BENCH_SYNCHRONOUS").is_ok_and(|v| v.eq_ignore_ascii_case("normal")) {
        cx.db.set_synchronous(false).unwrap();
    }
    let sys = Actor::system();
    let u = users::create(
        &cx,
        &sys,
        NewUser {
            name: "Bench".into(),
            email: "bench@example.com".into(),
            password: "bench-password".into(),
            role: Some(users::Role::User),
            profile_image_url: None,
        },
    )
    .unwrap();
    let me = users::local_actor(&cx, Some(&u.email)).unwrap();

    let t = Instant::now();
    for i in 0..10_000 {
        chats::create(&cx, &me, chat(i)).unwrap();
    }
    // one needle only a few chats contain
    for i in 0..5 {
        let mut f = chat(i);
        f.chat.insert("title".into(), json!(format!("Needle {i}")));
        let m = f.chat.get_mut("history").unwrap()["messages"]["a"]["content"]
            .as_str()
            .unwrap()
            .to_string();
        f.chat.get_mut("history").unwrap()["messages"]["a"]["content"] =
            json!(format!("{m} xylophone"));
        chats::create(&cx, &me, f).unwrap();
    }
    eprintln!("seeded 10,005 chats in {:.1} s", t.elapsed().as_secs_f64());

    let q = ListQuery {
        page: Some(1),
        ..Default::default()
    };
    let (list_p50, list_p99) = time(500, |_| chats::list(&cx, &me, &q).unwrap());
    let (search_p50, search_p99) = time(50, |_| {
        chats::search::search(&cx, &me, "xylophone", 1).unwrap()
    });
    let (search2_p50, search2_p99) = time(50, |_| {
        chats::search::search(&cx, &me, "quartz meadow", 1).unwrap()
    });

    // a chat of 5,000 messages, then 200 appends to it
    let long = chats::create(
        &cx,
        &me,
        serde_json::from_value(
            json!({"chat": {"title": "long", "messages": [], "history": {"messages": {}}}}),
        )
        .unwrap(),
    )
    .unwrap();
    let mut parent = Value::Null;
    for i in 0..5000 {
        let id = format!("m{i}");
        chats::append_message(&cx, &me, &long.id, json!({"id": id, "parentId": parent, "role": if i % 2 == 0 {"user"} else {"assistant"}, "content": text(i, 60), "timestamp": i})).unwrap();
        parent = json!(id);
    }
    assert_eq!(chats::message_count(&cx, &long.id).unwrap(), 5000);
    let (append_p50, append_p99) = time(200, |i| {
        let id = format!("x{i}");
        chats::append_message(&cx, &me, &long.id, json!({"id": id, "parentId": "m4999", "role": "user", "content": "one more", "timestamp": 9}))
            .unwrap()
    });
    let (get_p50, _) = time(20, |_| chats::get(&cx, &me, &long.id).unwrap());
    // what the API does for each call: the core call, then the JSON text
    let save = |body: String| {
        let patch: ChatPatch = serde_json::from_str(&body).unwrap();
        chats::update(&cx, &me, &long.id, patch).unwrap().to_json()
    };
    let (open_p50, open_p99) = time(100, |_| chats::get(&cx, &me, &long.id).unwrap().to_json());
    let (rename_p50, rename_p99) = time(100, |i| {
        save(json!({"chat": {"title": format!("long {i}")}}).to_string())
    });
    let (add_p50, add_p99) = time(100, |i| {
        let id = format!("y{i}");
        let m = json!({"id": id, "parentId": "m4999", "childrenIds": [], "role": "user", "content": "added", "timestamp": 10});
        save(
            json!({"chat": {"history": {"currentId": id, "messages": {id.clone(): m}}}})
                .to_string(),
        )
    });

    let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1000.0);
    println!("| measurement (core, release) | median | p99 |");
    println!("| --- | --- | --- |");
    println!(
        "| list page 1 of 10,005 chats | {} | {} |",
        ms(list_p50),
        ms(list_p99)
    );
    println!(
        "| search a rare word over 10,005 chats | {} | {} |",
        ms(search_p50),
        ms(search_p99)
    );
    println!(
        "| search two common words over 10,005 chats | {} | {} |",
        ms(search2_p50),
        ms(search2_p99)
    );
    println!(
        "| append one message to a 5,000-message chat | {} | {} |",
        ms(append_p50),
        ms(append_p99)
    );
    println!(
        "| read a 5,000-message chat (assembled) | {} | - |",
        ms(get_p50)
    );
    println!(
        "| open a 5,000-message chat as JSON (`get` + `to_json`) | {} | {} |",
        ms(open_p50),
        ms(open_p99)
    );
    println!(
        "| rename a 5,000-message chat (`update` + `to_json`) | {} | {} |",
        ms(rename_p50),
        ms(rename_p99)
    );
    println!(
        "| add one message through a save (`update` + `to_json`) | {} | {} |",
        ms(add_p50),
        ms(add_p99)
    );
}
