//! `owui feedback`: the ratings users gave answers, for admins, straight
//! in the data directory.

use clap::Subcommand;

use super::Out;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::evaluations;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Print every rating as JSON, last changed first, with the chat it
    /// rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only
    Export {
        /// Only ratings of this model
        #[arg(long, value_name = "ID")]
        model: Option<String>,
    },
    /// The models ranked by Elo rating from users' comparisons of answers;
    /// admins only
    Leaderboard,
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::Export { model } => out.json(&evaluations::export(cx, me, model.as_deref())?),
        Cmd::Leaderboard => {
            let board = evaluations::leaderboard(cx, me, None)?;
            if out.json {
                return out.json(&board);
            }
            out.table(
                &board.entries,
                &["MODEL", "RATING", "WON", "LOST", "TAGS"],
                |e| {
                    vec![
                        e.model_id.clone(),
                        e.rating.to_string(),
                        e.won.to_string(),
                        e.lost.to_string(),
                        e.top_tags
                            .iter()
                            .map(|t| t.tag.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]
                },
            )
        }
    }
}
