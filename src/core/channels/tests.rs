use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

fn exec(cx: &Ctx, sql: &str, p: &[&dyn rusqlite::ToSql]) {
    cx.db
        .write(|tx| {
            tx.execute(sql, p)?;
            Ok(())
        })
        .unwrap();
}

fn channel(cx: &Ctx, id: &str, owner: &str, kind: Option<&str>) {
    exec(
        cx,
        "INSERT INTO channel (id, user_id, type, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?1, 1, 1)",
        &[&id, &owner, &kind],
    );
}

fn member(cx: &Ctx, channel: &str, user: &str, active: bool, last_read: Option<i64>) {
    exec(
        cx,
        "INSERT INTO channel_member (id, channel_id, user_id, is_active, last_read_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[&new_id(), &channel, &user, &active, &last_read],
    );
}

fn message(cx: &Ctx, channel: &str, user: &str, parent: Option<&str>, at: i64) {
    exec(
        cx,
        "INSERT INTO message (id, user_id, channel_id, parent_id, content, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'x', ?5, ?5)",
        &[&new_id(), &user, &channel, &parent, &at],
    );
}

/// Channels switched on as an older database may have them (`set`
/// refuses to turn on a feature owui does not run).
fn enable(cx: &Ctx) {
    crate::core::configs::save(
        cx,
        &std::collections::BTreeMap::from([(
            "channels.enable".to_string(),
            serde_json::json!(true),
        )]),
    )
    .unwrap();
}

fn ids(v: &[ChannelListItem]) -> Vec<&str> {
    v.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn the_gate_refuses_when_channels_are_off_or_not_permitted() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@x.io", Role::Admin);
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    assert!(matches!(list(&cx, &admin), Err(Error::Disabled(m)) if m == "Channels is disabled"));
    enable(&cx);
    assert!(list(&cx, &admin).unwrap().is_empty());
    // `features.channels` is on by default for users
    assert!(list(&cx, &ada).is_ok());
}

#[test]
fn members_see_their_groups_and_dms_and_readers_their_standard_channels() {
    let (_d, cx) = test_ctx();
    enable(&cx);
    let admin = fixtures::user(&cx, "a@x.io", Role::Admin);
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    channel(&cx, "grp", &bob.id, Some("group"));
    member(&cx, "grp", &ada.id, true, Some(5));
    member(&cx, "grp", &bob.id, true, None);
    channel(&cx, "closed", &bob.id, Some("dm"));
    member(&cx, "closed", &ada.id, false, None);
    channel(&cx, "dm", &bob.id, Some("dm"));
    member(&cx, "dm", &ada.id, true, None);
    member(&cx, "dm", &bob.id, true, None);
    channel(&cx, "public", &admin.id, None);
    channel(&cx, "hidden", &admin.id, Some(""));
    let everyone = access::GrantSpec {
        id: None,
        principal_type: "user".into(),
        principal_id: "*".into(),
        permission: "read".into(),
    };
    cx.db
        .write(|tx| access::replace_grants_tx(tx, "channel", "public", &[everyone]))
        .unwrap();
    message(&cx, "grp", &bob.id, None, 4);
    message(&cx, "grp", &bob.id, None, 6);
    message(&cx, "grp", &ada.id, None, 7);
    message(&cx, "grp", &bob.id, Some("x"), 9);
    let v = list(&cx, &ada).unwrap();
    assert_eq!(ids(&v), ["grp", "dm", "public"]);
    assert_eq!(v[0].unread_count, 1);
    assert_eq!(v[0].last_message_at, Some(9));
    assert!(v[0].users.is_none());
    assert_eq!(
        v[1].user_ids.as_ref().unwrap(),
        &vec![ada.id.clone(), bob.id.clone()]
    );
    assert_eq!(v[2].access_grants.len(), 1);
    assert_eq!(ids(&list(&cx, &admin).unwrap()), ["public", "hidden"]);
    assert!(readable_by(&cx, "grp", &ada.id).unwrap());
    assert!(!readable_by(&cx, "closed", &ada.id).unwrap());
    assert!(!readable_by(&cx, "hidden", &ada.id).unwrap());
}
