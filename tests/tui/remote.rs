//! `owui chat --server`: the terminal chat's effects run over HTTP against
//! a real `owui serve` on 127.0.0.1 (with a fake OpenAI server behind it),
//! keys fed straight to `update` as in tests/tui/render.rs. What the TUI stores
//! must be what the web stores: checked through the server's own API.

use crate::fakes;

use std::time::Duration;

use crate::common::{Auth, Server, start_with};
use crossterm::event::{KeyCode, KeyModifiers};
use owui::tui::app::{Effect, Focus, Mode, Msg, State, Theme, press, press_with};
use owui::tui::effects::{Api, Remote};
use owui::tui::update::update;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedReceiver;

async fn server(fake: &fakes::Fake) -> Server {
    let url = fake.base_url.clone();
    start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("ENABLE_API_KEYS", "true");
        },
        None,
    )
    .await
}

async fn fake() -> fakes::Fake {
    fakes::spawn_openai_with(
        fakes::FakeConfig::default()
            .long_tokens(400)
            .long_token_interval(Duration::from_millis(10)),
    )
    .await
}

/// An `sk-` key of the user of `token`.
async fn api_key(s: &Server, token: &str) -> String {
    let r = s
        .call("POST", "/api/v1/auths/api_key", Auth::Bearer(token), None)
        .await;
    assert_eq!(r.status, 200, "create API key: {}", r.body);
    r.body["api_key"].as_str().unwrap().to_string()
}

struct Harness {
    s: State,
    remote: Remote,
    rx: UnboundedReceiver<Msg>,
}

impl Harness {
    async fn new(base: &str, key: &str) -> Harness {
        let api = Api::new(base, key).unwrap();
        api.check().await.unwrap();
        let (remote, rx) = Remote::new(api);
        let mut h = Harness {
            s: State::new(None, Theme::NoColor),
            remote,
            rx,
        };
        h.remote.spawn(Effect::LoadModels);
        h.remote.spawn(Effect::LoadChats {
            search: String::new(),
        });
        h.until(|s| !s.models.is_empty()).await;
        h
    }

    fn feed(&mut self, m: Msg) -> Vec<Effect> {
        let fx = update(&mut self.s, m);
        for e in &fx {
            self.remote.spawn(e.clone());
        }
        fx
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.feed(press(KeyCode::Char(c)));
        }
    }

    async fn until(&mut self, f: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while !f(&self.s) {
            let m = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .expect("timed out waiting for the TUI state")
                .unwrap();
            if let Msg::Error(e) = &m {
                panic!("a remote call failed: {e}");
            }
            self.feed(m);
        }
    }

    async fn settle(&mut self) {
        while let Ok(Some(m)) =
            tokio::time::timeout(Duration::from_millis(300), self.rx.recv()).await
        {
            if let Msg::Error(e) = &m {
                panic!("a remote call failed: {e}");
            }
            self.feed(m);
        }
    }

    async fn send(&mut self, text: &str) {
        self.typ(text);
        self.feed(press(KeyCode::Enter));
        self.until(|s| s.streaming.is_none()).await;
        self.settle().await;
    }
}

fn ctrl(c: char) -> Msg {
    press_with(KeyCode::Char(c), KeyModifiers::CONTROL)
}

async fn chat_of(s: &Server, token: &str, id: &str) -> Value {
    let r = s.get(&format!("/api/v1/chats/{id}"), token).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_over_the_api_streams_is_titled_branches_and_is_managed() {
    let fake = fake().await;
    let s = server(&fake).await;
    let (token, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    let key = api_key(&s, &token).await;
    let mut h = Harness::new(&s.base, &key).await;
    assert_eq!(h.s.model.as_deref(), Some("fake-model"));

    h.send("hello there").await;
    let id = h.s.chat_id.clone().expect("a chat");
    assert_eq!(h.s.messages.len(), 2);
    assert_eq!(h.s.messages[1].content, "Echo: hello there");
    assert!(h.s.messages[1].done);
    assert_eq!(h.s.title, "hello there");
    assert_eq!(h.s.chats.len(), 1);
    assert_eq!(h.s.chats[0].title, "hello there");
    // stored as the web stores it
    let c = chat_of(&s, &token, &id).await;
    let msgs = c["chat"]["history"]["messages"].as_object().unwrap();
    let (u, a) = (&h.s.messages[0].id, &h.s.messages[1].id);
    assert_eq!(msgs[u]["role"], "user");
    assert_eq!(msgs[u]["childrenIds"], json!([a]));
    assert_eq!(msgs[a]["parentId"], u.as_str());
    assert_eq!(msgs[a]["content"], "Echo: hello there");
    assert_eq!(msgs[a]["done"], true);
    assert_eq!(msgs[a]["model"], "fake-model");
    assert_eq!(c["chat"]["history"]["currentId"], a.as_str());
    assert_eq!(c["chat"]["models"], json!(["fake-model"]));
    // the model saw the user message only once, as the last message
    let sent = fake.requests_to("/v1/chat/completions");
    let last = sent
        .iter()
        .rev()
        .find(|r| r.body["stream"] == true)
        .expect("a streamed request");
    assert_eq!(
        last.body["messages"],
        json!([{"role": "user", "content": "hello there"}])
    );

    // a second turn sends the branch so far
    h.send("and again").await;
    assert_eq!(h.s.messages.len(), 4);
    assert_eq!(h.s.messages[3].content, "Echo: and again");
    let sent = fake.requests_to("/v1/chat/completions");
    let last = sent
        .iter()
        .rev()
        .find(|r| r.body["stream"] == true)
        .unwrap();
    assert_eq!(last.body["messages"].as_array().unwrap().len(), 3);
    assert_eq!(last.body["messages"][1]["content"], "Echo: hello there");

    // regenerate: a sibling answer; Left goes back and is saved
    let first = h.s.messages[3].id.clone();
    h.feed(press(KeyCode::F(5)));
    h.until(|s| s.streaming.is_none()).await;
    h.settle().await;
    assert_eq!(h.s.messages[3].sibling, (2, 2));
    let second = h.s.messages[3].id.clone();
    let c = chat_of(&s, &token, &id).await;
    let user2 = &c["chat"]["history"]["messages"][&h.s.messages[2].id];
    assert_eq!(user2["childrenIds"], json!([first, second]));
    h.feed(press(KeyCode::Tab));
    h.feed(press(KeyCode::Tab));
    assert_eq!(h.s.focus, Focus::Messages);
    h.feed(press(KeyCode::Left));
    h.settle().await;
    assert_eq!(h.s.messages[3].id, first);
    let c = chat_of(&s, &token, &id).await;
    assert_eq!(c["chat"]["history"]["currentId"], first.as_str());
    assert_eq!(
        c["chat"]["history"]["messages"].as_object().unwrap().len(),
        5
    );

    // a second chat; search finds the first
    h.feed(ctrl('n'));
    h.send("soup recipes").await;
    assert_eq!(h.s.chats.len(), 2);
    h.feed(ctrl('f'));
    h.typ("again");
    h.settle().await;
    let titles: Vec<&str> = h.s.chats.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["hello there"]);
    h.feed(press(KeyCode::Esc));
    h.settle().await;
    assert_eq!(h.s.chats.len(), 2);

    // pin, rename, archive, delete from the sidebar
    assert_eq!(h.s.focus, Focus::Sidebar);
    let other = h.s.chats.iter().find(|c| c.id != id).unwrap().id.clone();
    h.s.selected = h.s.chats.iter().position(|c| c.id == other).unwrap();
    h.feed(press(KeyCode::Char('p')));
    h.settle().await;
    assert!(h.s.chats[0].pinned && h.s.chats[0].id == other);
    assert_eq!(chat_of(&s, &token, &other).await["pinned"], true);
    h.s.selected = 0;
    h.feed(press(KeyCode::Char('r')));
    for _ in 0..20 {
        h.feed(press(KeyCode::Backspace));
    }
    h.typ("Soup");
    h.feed(press(KeyCode::Enter));
    h.settle().await;
    assert_eq!(h.s.chats[0].title, "Soup");
    assert_eq!(chat_of(&s, &token, &other).await["title"], "Soup");
    h.feed(press(KeyCode::Char('a')));
    h.settle().await;
    assert_eq!(h.s.chats.len(), 1);
    assert_eq!(chat_of(&s, &token, &other).await["archived"], true);
    h.s.selected = 0;
    h.feed(press(KeyCode::Char('d')));
    assert!(matches!(h.s.mode, Mode::ConfirmDelete(..)));
    h.feed(press(KeyCode::Char('y')));
    h.settle().await;
    assert!(h.s.chats.is_empty());
    let r = s.get(&format!("/api/v1/chats/{id}"), &token).await;
    assert_eq!(r.status, 401, "deleted: {}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_stops_a_remote_answer_and_the_partial_text_is_kept() {
    let fake = fake().await;
    let s = server(&fake).await;
    let (token, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    // a session token works as the key too
    let mut h = Harness::new(&s.base, &token).await;
    let i =
        h.s.models
            .iter()
            .position(|m| m.id == "long-model")
            .unwrap();
    h.feed(press(KeyCode::F(2)));
    h.s.mode = Mode::ModelPicker(i);
    h.feed(press(KeyCode::Enter));
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
    let c = chat_of(&s, &token, &id).await;
    let reply = &c["chat"]["history"]["messages"][&h.s.messages[1].id];
    assert_eq!(reply["content"].as_str(), Some(kept.as_str()));
    assert_eq!(reply["done"], true);
    // the provider request ended with the stream
    assert!(fake.wait_disconnect(Duration::from_secs(2)).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_model_ends_the_turn_with_the_servers_error_and_keeps_the_prompt() {
    let fake = fake().await;
    let s = server(&fake).await;
    let (token, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    let mut h = Harness::new(&s.base, &token).await;
    h.s.model = Some("no-such-model".into());
    h.send("still here?").await;
    assert!(h.s.status.starts_with("error: "), "{}", h.s.status);
    let id = h.s.chat_id.clone().unwrap();
    let c = chat_of(&s, &token, &id).await;
    let msgs = &c["chat"]["history"]["messages"];
    assert_eq!(msgs[&h.s.messages[0].id]["content"], "still here?");
    let reply = &msgs[&h.s.messages[1].id];
    assert!(reply["error"]["content"].as_str().is_some(), "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folders_show_and_fold_over_the_api() {
    let fake = fake().await;
    let s = server(&fake).await;
    let (token, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    let mut h = Harness::new(&s.base, &token).await;
    h.send("in a folder").await;
    let id = h.s.chat_id.clone().unwrap();
    let r = s
        .post("/api/v1/folders/", &token, json!({"name": "Work"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let folder = r.body["id"].as_str().unwrap().to_string();
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/folder"),
            &token,
            json!({"folder_id": folder}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    h.feed(Msg::Info(String::new()));
    h.remote.spawn(Effect::LoadChats {
        search: String::new(),
    });
    h.settle().await;
    let rows: Vec<(&str, Option<bool>)> =
        h.s.chats
            .iter()
            .map(|c| (c.title.as_str(), c.folder))
            .collect();
    assert_eq!(rows, [("Work", Some(false))]);
    // unfold: saved on the server, the chat shows under its folder
    h.feed(press(KeyCode::Tab));
    h.s.selected = 0;
    h.feed(press(KeyCode::Enter));
    h.settle().await;
    let rows: Vec<(&str, u16)> =
        h.s.chats
            .iter()
            .map(|c| (c.title.as_str(), c.depth))
            .collect();
    assert_eq!(rows, [("Work", 0), ("in a folder", 1)]);
    let r = s.get(&format!("/api/v1/folders/{folder}"), &token).await;
    assert_eq!(r.body["is_expanded"], true, "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_checked_and_another_users_chats_stay_out_of_reach() {
    let fake = fake().await;
    let s = server(&fake).await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    // a refused key fails before the screen is taken
    let bad = Api::new(&s.base, "sk-not-a-key").unwrap();
    let e = bad.check().await.unwrap_err().to_string();
    assert!(e.contains("refused the key"), "{e}");
    // nobody listening
    let gone = Api::new("http://127.0.0.1:9", "sk-1").unwrap();
    let e = gone.check().await.unwrap_err().to_string();
    assert!(e.contains("cannot reach"), "{e}");
    // a pending account is told so
    let (pending, pat) = s.add_user(&ada, "Pat", "pat@example.com", "pending").await;
    let e = Api::new(&s.base, &pending)
        .unwrap()
        .check()
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("pending"), "{e}");

    // Ada's chat, and Pat (made a user) trying to reach it
    let mut h = Harness::new(&s.base, &ada).await;
    h.send("private").await;
    let id = h.s.chat_id.clone().unwrap();
    let r = s
        .post(
            &format!("/api/v1/users/{pat}/update"),
            &ada,
            json!({"role": "user", "name": "Pat", "email": "pat@example.com",
                   "profile_image_url": "/user.png"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let api = Api::new(&s.base, &pending).unwrap();
    assert_eq!(api.check().await.unwrap().as_deref(), Some("user"));
    assert!(api.chat(&id).await.is_err());
    let (bob, mut rx) = Remote::new(api.clone());
    let list = owui::tui::effects::remote::chat_list(&api, "")
        .await
        .unwrap();
    assert!(list.is_empty());
    for e in [
        Effect::Delete(id.clone()),
        Effect::TogglePin(id.clone()),
        Effect::Rename {
            id: id.clone(),
            title: "mine".into(),
        },
        Effect::SetCurrent {
            chat_id: id.clone(),
            message_id: "x".into(),
        },
    ] {
        bob.spawn(e);
        let m = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(m, Msg::Error(_)), "{m:?}");
    }
    // a turn into Ada's chat is refused and writes nothing
    bob.spawn(Effect::Send {
        files: vec![],
        chat_id: Some(id.clone()),
        parent: Some(h.s.messages[1].id.clone()),
        user_id: "u-bob".into(),
        reply_id: "r-bob".into(),
        model: "fake-model".into(),
        text: "let me in".into(),
    });
    let m = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(&m, Msg::Done { error: Some(_), .. }), "{m:?}");
    let c = chat_of(&s, &ada, &id).await;
    assert_eq!(c["title"], "private");
    assert_eq!(
        c["chat"]["history"]["messages"].as_object().unwrap().len(),
        2
    );
}
