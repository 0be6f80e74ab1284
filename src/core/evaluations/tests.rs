use chrono::{NaiveDate, TimeZone};
use serde_json::{Value, json};

use super::*;
use crate::core::actor::Role;
use crate::core::users::fixtures;

fn form(v: Value) -> FeedbackForm {
    serde_json::from_value(v).unwrap()
}

fn rows(items: &[Value]) -> Vec<(String, Option<Value>)> {
    items
        .iter()
        .enumerate()
        .map(|(i, d)| (i.to_string(), Some(d.clone())))
        .collect()
}

/// Six ratings whose Elo was computed with upstream's `_calculate_elo`:
/// A 982.598171113783, B 972.2019264298855, C 1045.1999024563315.
fn known_set() -> Vec<(String, Option<Value>)> {
    rows(&[
        json!({"model_id": "A", "sibling_model_ids": ["B"], "rating": 1, "tags": ["code", "math"]}),
        json!({"model_id": "A", "sibling_model_ids": ["B", "C"], "rating": -1, "tags": ["code"]}),
        json!({"model_id": "C", "sibling_model_ids": ["B"], "rating": "1", "tags": ["poem"]}),
        json!({"model_id": "B", "sibling_model_ids": ["A"], "rating": 0}),
        json!({"model_id": "D", "rating": 1, "tags": ["solo"]}),
        json!({"model_id": "B", "sibling_model_ids": ["C"], "rating": -1}),
    ])
}

#[test]
fn elo_matches_upstream() {
    let stats = leaderboard::elo(&known_set(), &Default::default());
    let want = [
        ("A", 982.598171113783, 1, 2),
        ("B", 972.2019264298855, 1, 3),
        ("C", 1045.1999024563315, 3, 0),
    ];
    assert_eq!(stats.len(), 3);
    for ((id, r, w, l), (wid, wr, ww, wl)) in stats.iter().zip(want) {
        assert_eq!((id.as_str(), *w, *l), (wid, ww, wl));
        assert!((r - wr).abs() < 1e-9, "{id}: {r} vs {wr}");
    }
}

#[test]
fn entries_are_sorted_with_top_tags() {
    let e = leaderboard::entries(&known_set());
    let got: Vec<_> = e
        .iter()
        .map(|e| (e.model_id.as_str(), e.rating, e.count))
        .collect();
    assert_eq!(got, [("C", 1045, 3), ("A", 983, 3), ("B", 972, 4)]);
    assert_eq!(
        serde_json::to_value(&e[1].top_tags).unwrap(),
        json!([{"tag": "code", "count": 2}, {"tag": "math", "count": 1}])
    );
    assert_eq!(e[2].top_tags, vec![]);
}

#[test]
fn history_fills_gaps_and_counts_only_the_rated_model() {
    let today = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    let at = |d: u32| {
        chrono::Local
            .from_local_datetime(
                &NaiveDate::from_ymd_opt(2026, 1, d)
                    .unwrap()
                    .and_hms_opt(12, 0, 0)
                    .unwrap(),
            )
            .unwrap()
            .timestamp()
    };
    let r = vec![
        (at(8), Some(json!({"model_id": "A", "rating": 1}))),
        (at(8), Some(json!({"model_id": "A", "rating": "-1"}))),
        (
            at(9),
            Some(json!({"model_id": "B", "rating": 1, "sibling_model_ids": ["A"]})),
        ),
        (at(10), Some(json!({"model_id": "A", "rating": 1}))),
        (at(10), Some(json!({"model_id": "A", "rating": 0}))),
    ];
    let h = leaderboard::history(&r, "A", 3, today).unwrap();
    assert_eq!(
        serde_json::to_value(&h).unwrap(),
        json!([{"date": "2026-01-08", "won": 1, "lost": 1},
               {"date": "2026-01-09", "won": 0, "lost": 0},
               {"date": "2026-01-10", "won": 1, "lost": 0}])
    );
    assert_eq!(leaderboard::history(&r, "A", 0, today).unwrap().len(), 3);
    assert_eq!(leaderboard::history(&r, "Z", 0, today).unwrap(), vec![]);
    assert_eq!(leaderboard::history(&r, "Z", 2, today).unwrap().len(), 2);
}

#[test]
fn owners_and_admins() {
    let (_dir, cx) = crate::core::ctx::test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let alice = fixtures::user(&cx, "alice@example.com", Role::User);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let f = create(
        &cx,
        &alice,
        form(
            json!({"type": "rating", "data": {"rating": 1, "model_id": "m", "x": 1}, "id": "mine"}),
        ),
    )
    .unwrap();
    assert_ne!(f.id, "mine");
    assert_eq!(
        f.data,
        Some(
            json!({"rating": 1, "model_id": "m", "sibling_model_ids": null, "reason": null, "comment": null, "x": 1})
        )
    );
    assert!(matches!(get(&cx, &bob, &f.id), Err(Error::NotFound(_))));
    assert!(matches!(delete(&cx, &bob, &f.id), Err(Error::NotFound(_))));
    assert!(get(&cx, &admin, &f.id).is_ok());
    assert!(list(&cx, &alice, &ListQuery::default()).is_err());
    assert_eq!(list_mine(&cx, &bob, None).unwrap().total, 0);
    assert_eq!(list_mine(&cx, &alice, None).unwrap().total, 1);
    assert!(delete(&cx, &admin, &f.id).unwrap());
    assert!(!delete_mine(&cx, &alice).unwrap());
}
