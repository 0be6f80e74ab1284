//! Models in use right now: clients streaming an answer report the model
//! every second (socket.io `usage`); a report counts for 3 s.
//! `GET /api/usage` lists them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one report keeps a model in use.
pub const USAGE_TTL: Duration = Duration::from_secs(3);

/// model id → (socket id → last report).
#[derive(Default)]
pub struct Usage {
    by_model: Mutex<HashMap<String, HashMap<String, Instant>>>,
}

impl Usage {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, HashMap<String, Instant>>> {
        self.by_model.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A socket reports that it uses a model.
    pub fn mark(&self, model_id: &str, sid: &str) {
        self.mark_at(model_id, sid, Instant::now());
    }

    fn mark_at(&self, model_id: &str, sid: &str, at: Instant) {
        let mut g = self.lock();
        expire(&mut g, Instant::now());
        g.entry(model_id.to_string())
            .or_default()
            .insert(sid.to_string(), at);
    }

    /// A socket went away: its reports no longer count.
    pub fn forget(&self, sid: &str) {
        let mut g = self.lock();
        g.retain(|_, by_sid| {
            by_sid.remove(sid);
            !by_sid.is_empty()
        });
    }

    /// The models in use, sorted, once each.
    pub fn in_use(&self) -> Vec<String> {
        let mut g = self.lock();
        expire(&mut g, Instant::now());
        let mut ids: Vec<String> = g.keys().cloned().collect();
        ids.sort();
        ids
    }
}

fn expire(m: &mut HashMap<String, HashMap<String, Instant>>, now: Instant) {
    m.retain(|_, by_sid| {
        by_sid.retain(|_, at| now.saturating_duration_since(*at) <= USAGE_TTL);
        !by_sid.is_empty()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_expire_and_models_are_listed_once() {
        let u = Usage::default();
        u.mark("m1", "s1");
        u.mark("m1", "s2");
        u.mark("m2", "s1");
        assert_eq!(u.in_use(), ["m1", "m2"]);
        let old = Instant::now()
            .checked_sub(USAGE_TTL + Duration::from_millis(10))
            .unwrap();
        u.mark_at("m3", "s3", old);
        assert_eq!(u.in_use(), ["m1", "m2"]);
        u.forget("s1");
        assert_eq!(u.in_use(), ["m1"]);
        u.forget("s2");
        assert!(u.in_use().is_empty());
    }
}
