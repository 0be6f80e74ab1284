//! The leaderboard as upstream computes it: Elo over pairwise matches
//! (each rated answer against each sibling model), top tags per rated
//! model, and a model's daily wins and losses.

use std::collections::HashMap;

use chrono::{Days, Local, NaiveDate, TimeZone};
use serde_json::Value;

use super::model::{HistoryDay, LeaderboardEntry, TagCount};
use crate::error::{Error, Result};

const K_FACTOR: f64 = 32.0;
const INITIAL: f64 = 1000.0;
const TOP_TAGS: usize = 5;

/// `str(data.get('rating', ''))` when it is `"1"` or `"-1"`: true for a win.
fn outcome(d: &Value) -> Option<bool> {
    let r = match d.get("rating") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return None,
    };
    match r.as_str() {
        "1" => Some(true),
        "-1" => Some(false),
        _ => None,
    }
}

fn rated_model(d: &Value) -> Option<&str> {
    d.get("model_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn strings(v: Option<&Value>) -> impl Iterator<Item = &str> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

struct Stats {
    rating: f64,
    won: i64,
    lost: i64,
}

/// Elo ratings in first-seen order. `weights` (feedback id → weight)
/// scales both deltas; an empty map means no weighting.
pub fn elo(
    feedbacks: &[(String, Option<Value>)],
    weights: &HashMap<String, f64>,
) -> Vec<(String, f64, i64, i64)> {
    let mut order: Vec<String> = Vec::new();
    let mut stats: HashMap<String, Stats> = HashMap::new();
    let mut slot = |id: &str, order: &mut Vec<String>| {
        if !stats.contains_key(id) {
            order.push(id.to_string());
            stats.insert(
                id.to_string(),
                Stats {
                    rating: INITIAL,
                    won: 0,
                    lost: 0,
                },
            );
        }
    };
    let mut matches = Vec::new();
    for (id, data) in feedbacks {
        let Some(d) = data else { continue };
        let (Some(winner), Some(won)) = (rated_model(d), outcome(d)) else {
            continue;
        };
        let w = if weights.is_empty() {
            1.0
        } else {
            weights.get(id).copied().unwrap_or(1.0)
        };
        for opponent in strings(d.get("sibling_model_ids")) {
            slot(winner, &mut order);
            slot(opponent, &mut order);
            matches.push((winner.to_string(), opponent.to_string(), won, w));
        }
    }
    for (a, b, won, w) in matches {
        let ra = stats[&a].rating;
        let rb = stats[&b].rating;
        let expected = 1.0 / (1.0 + 10f64.powf((rb - ra) / 400.0));
        let (sa, sb) = if won { (1.0, 0.0) } else { (0.0, 1.0) };
        if let Some(s) = stats.get_mut(&a) {
            s.rating += K_FACTOR * (sa - expected) * w;
            if won {
                s.won += 1;
            } else {
                s.lost += 1;
            }
        }
        if let Some(s) = stats.get_mut(&b) {
            s.rating += K_FACTOR * (sb - (1.0 - expected)) * w;
            if won {
                s.lost += 1;
            } else {
                s.won += 1;
            }
        }
    }
    order
        .into_iter()
        .map(|id| {
            let s = &stats[&id];
            (id.clone(), s.rating, s.won, s.lost)
        })
        .collect()
}

/// The most frequent tags of each rated model (ties in first-seen order).
pub fn top_tags(feedbacks: &[(String, Option<Value>)]) -> HashMap<String, Vec<TagCount>> {
    let mut counts: HashMap<String, Vec<TagCount>> = HashMap::new();
    for (_, data) in feedbacks {
        let Some(d) = data else { continue };
        let Some(model) = rated_model(d) else {
            continue;
        };
        let tags = counts.entry(model.to_string()).or_default();
        for tag in strings(d.get("tags")) {
            match tags.iter_mut().find(|t| t.tag == tag) {
                Some(t) => t.count += 1,
                None => tags.push(TagCount {
                    tag: tag.to_string(),
                    count: 1,
                }),
            }
        }
    }
    for tags in counts.values_mut() {
        tags.sort_by_key(|t| std::cmp::Reverse(t.count));
        tags.truncate(TOP_TAGS);
    }
    counts
}

/// Entries sorted by rounded rating, highest first (stable).
pub fn entries(feedbacks: &[(String, Option<Value>)]) -> Vec<LeaderboardEntry> {
    let mut tags = top_tags(feedbacks);
    let mut out: Vec<LeaderboardEntry> = elo(feedbacks, &HashMap::new())
        .into_iter()
        .map(|(model_id, rating, won, lost)| LeaderboardEntry {
            top_tags: tags.remove(&model_id).unwrap_or_default(),
            model_id,
            rating: rating.round_ties_even() as i64,
            won,
            lost,
            count: won + lost,
        })
        .collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.rating));
    out
}

fn local_date(t: i64) -> Option<NaiveDate> {
    Local.timestamp_opt(t, 0).earliest().map(|d| d.date_naive())
}

/// Daily wins and losses of `model_id` from `(created_at, data)` rows:
/// `days` days ending `today`, or (`days == 0`) from its first rated day.
pub fn history(
    rows: &[(i64, Option<Value>)],
    model_id: &str,
    days: i64,
    today: NaiveDate,
) -> Result<Vec<HistoryDay>> {
    let mut daily: HashMap<NaiveDate, (i64, i64)> = HashMap::new();
    let mut first: Option<NaiveDate> = None;
    for (created_at, data) in rows {
        let Some(d) = data else { continue };
        if d.get("model_id").and_then(Value::as_str) != Some(model_id) {
            continue;
        }
        let Some(won) = outcome(d) else { continue };
        let Some(date) = local_date(*created_at) else {
            continue;
        };
        let e = daily.entry(date).or_default();
        if won {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
        first = Some(first.map_or(date, |f| f.min(date)));
    }
    let overflow = || Error::internal(anyhow::anyhow!("date out of range"));
    let (start, n) = match (days, first) {
        (0, Some(f)) => (f, (today - f).num_days() + 1),
        (d, _) if d > 0 => (
            today
                .checked_sub_days(Days::new((d - 1) as u64))
                .ok_or_else(overflow)?,
            d,
        ),
        _ => return Ok(vec![]),
    };
    let mut out = Vec::new();
    let mut day = start;
    for _ in 0..n {
        let (won, lost) = daily.get(&day).copied().unwrap_or((0, 0));
        out.push(HistoryDay {
            date: day.format("%Y-%m-%d").to_string(),
            won,
            lost,
        });
        day = day.checked_add_days(Days::new(1)).ok_or_else(overflow)?;
    }
    Ok(out)
}

/// Today in the server's time zone.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}
