//! `owui groups`: manage groups and memberships on the data directory.

use clap::Subcommand;
use serde_json::{Value, json};

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::groups::{self, Group, GroupForm, GroupPatch};
use crate::core::users;
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List every group
    List,
    /// Show one group and its direct members
    Get {
        /// Group id or name
        group: String,
    },
    /// Create a group
    Create {
        /// Group name
        #[arg(long)]
        name: String,
        /// What the group is for
        #[arg(long, default_value = "")]
        description: String,
        /// Parent group (id or name): members of this group count as
        /// members of the parent too
        #[arg(long)]
        parent: Option<String>,
        /// Permissions this group adds, as JSON (e.g.
        /// '{"workspace":{"models":true}}')
        #[arg(long)]
        permissions: Option<String>,
    },
    /// Change a group
    Update {
        /// Group id or name
        group: String,
        /// New name
        #[arg(long)]
        name: Option<String>,
        /// New description
        #[arg(long)]
        description: Option<String>,
        /// New parent (id or name); "" makes it a top-level group
        #[arg(long)]
        parent: Option<String>,
        /// Permissions this group adds, as JSON (replaces the old ones)
        #[arg(long)]
        permissions: Option<String>,
    },
    /// Delete a group (its children move to its parent)
    Delete {
        /// Group id or name
        group: String,
    },
    /// Add users to a group
    AddMember {
        /// Group id or name
        group: String,
        /// User ids or emails
        #[arg(required = true)]
        users: Vec<String>,
    },
    /// Remove users from a group
    RemoveMember {
        /// Group id or name
        group: String,
        /// User ids or emails
        #[arg(required = true)]
        users: Vec<String>,
    },
}

fn parse_json(s: Option<String>) -> Result<Option<Value>> {
    s.map(|s| {
        serde_json::from_str::<Value>(&s)
            .ok()
            .filter(Value::is_object)
            .ok_or_else(|| Error::invalid("--permissions must be a JSON object"))
    })
    .transpose()
}

fn user_ids(cx: &Ctx, me: &Actor, list: &[String]) -> Result<Vec<String>> {
    list.iter()
        .map(|u| users::lookup(cx, me, u).map(|u| u.id))
        .collect()
}

fn show(cx: &Ctx, out: &Out, g: &Group) -> Result<()> {
    let me = Actor::system();
    let members = groups::users(cx, &me, &g.id)?;
    let v = json!({"group": g, "members": members});
    if out.json {
        return out.json(&v);
    }
    // the store keeps no order among members: sort them for people
    let mut emails: Vec<&str> = members.iter().map(|m| m.email.as_str()).collect();
    emails.sort_unstable();
    out.record(
        &v,
        &[
            ("id", g.id.clone()),
            ("name", g.name.clone()),
            ("description", g.description.clone()),
            ("parent", g.parent_group_id.clone().unwrap_or_default()),
            (
                "permissions",
                g.permissions
                    .as_ref()
                    .map(Value::to_string)
                    .unwrap_or_default(),
            ),
            ("created", time(g.created_at)),
            ("members", emails.join(", ")),
        ],
    )
}

pub fn run(cx: &Ctx, out: &Out, cmd: Cmd) -> Result<()> {
    let me = Actor::system();
    match cmd {
        Cmd::List => {
            let list = groups::list(cx, &me, None)?;
            out.table(&list, &["ID", "NAME", "MEMBERS", "PARENT"], |g| {
                vec![
                    g.id.clone(),
                    g.name.clone(),
                    g.member_count.to_string(),
                    g.parent_group_id.clone().unwrap_or_default(),
                ]
            })
        }
        Cmd::Get { group } => show(cx, out, &groups::lookup(cx, &me, &group)?),
        Cmd::Create {
            name,
            description,
            parent,
            permissions,
        } => {
            let parent = parent
                .map(|p| groups::lookup(cx, &me, &p).map(|g| json!(g.id)))
                .transpose()?;
            let g = groups::create(
                cx,
                &me,
                GroupForm {
                    name,
                    description,
                    parent_group_id: Some(parent),
                    permissions: parse_json(permissions)?,
                    data: None,
                },
            )?;
            show(cx, out, &g)
        }
        Cmd::Update {
            group,
            name,
            description,
            parent,
            permissions,
        } => {
            let id = groups::lookup(cx, &me, &group)?.id;
            let parent = match parent {
                None => None,
                Some(p) if p.is_empty() => Some(None),
                Some(p) => Some(Some(json!(groups::lookup(cx, &me, &p)?.id))),
            };
            let g = groups::update(
                cx,
                &me,
                &id,
                GroupPatch {
                    name,
                    description,
                    parent_group_id: parent,
                    permissions: parse_json(permissions)?,
                    data: None,
                },
            )?;
            show(cx, out, &g)
        }
        Cmd::Delete { group } => {
            let g = groups::lookup(cx, &me, &group)?;
            groups::delete(cx, &me, &g.id)?;
            out.done(&format!("deleted group {}", g.name))
        }
        Cmd::AddMember { group, users } => {
            let id = groups::lookup(cx, &me, &group)?.id;
            let ids = user_ids(cx, &me, &users)?;
            let g = groups::add_members(cx, &me, &id, &ids)?;
            show(cx, out, &g)
        }
        Cmd::RemoveMember { group, users } => {
            let id = groups::lookup(cx, &me, &group)?.id;
            let ids = user_ids(cx, &me, &users)?;
            let g = groups::remove_members(cx, &me, &id, &ids)?;
            show(cx, out, &g)
        }
    }
}
