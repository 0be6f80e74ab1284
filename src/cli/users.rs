//! `owui users`: manage accounts on the data directory.

use std::io::BufRead;

use clap::Subcommand;

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::users::{self, NewUser, User, UserPatch};
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List every user, newest first
    List,
    /// Show one user
    Get {
        /// User id or email
        user: String,
    },
    /// Create a user
    Create {
        /// Display name
        #[arg(long)]
        name: String,
        /// Email address (also the sign-in name)
        #[arg(long)]
        email: String,
        /// Password (visible to other local users through the process list;
        /// prefer --password-stdin)
        #[arg(
            long,
            conflicts_with = "password_stdin",
            required_unless_present = "password_stdin"
        )]
        password: Option<String>,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
        /// Role: admin, user or pending
        #[arg(long, default_value = "user", value_parser = ["admin", "user", "pending"])]
        role: String,
    },
    /// Change a user's name, email or role
    Update {
        /// User id or email
        user: String,
        /// New display name
        #[arg(long)]
        name: Option<String>,
        /// New email address
        #[arg(long)]
        email: Option<String>,
        /// New role: admin, user or pending
        #[arg(long, value_parser = ["admin", "user", "pending"])]
        role: Option<String>,
    },
    /// Delete a user and everything they own
    Delete {
        /// User id or email
        user: String,
    },
    /// Set a user's role
    SetRole {
        /// User id or email
        user: String,
        /// admin, user or pending
        #[arg(value_parser = ["admin", "user", "pending"])]
        role: String,
    },
    /// Set a new password; the user's sessions end everywhere
    ResetPassword {
        /// User id or email
        user: String,
        /// New password (prefer --password-stdin)
        #[arg(
            long,
            conflicts_with = "password_stdin",
            required_unless_present = "password_stdin"
        )]
        password: Option<String>,
        /// Read the new password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
}

fn read_password(given: Option<String>, stdin: bool) -> Result<String> {
    if let Some(p) = given {
        return Ok(p);
    }
    debug_assert!(stdin);
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let p = line.trim_end_matches(['\n', '\r']).to_string();
    if p.is_empty() {
        return Err(Error::invalid("no password on standard input"));
    }
    Ok(p)
}

fn show(out: &Out, u: &User) -> Result<()> {
    out.record(
        u,
        &[
            ("id", u.id.clone()),
            ("name", u.name.clone()),
            ("email", u.email.clone()),
            ("role", u.role.to_string()),
            ("created", time(u.created_at)),
            ("last active", time(u.last_active_at)),
        ],
    )
}

pub fn run(cx: &Ctx, out: &Out, cmd: Cmd) -> Result<()> {
    let me = Actor::system();
    match cmd {
        Cmd::List => {
            let list = users::list_all(cx, &me)?;
            out.table(&list, &["ID", "NAME", "EMAIL", "ROLE", "CREATED"], |u| {
                vec![
                    u.id.clone(),
                    u.name.clone(),
                    u.email.clone(),
                    u.role.to_string(),
                    time(u.created_at),
                ]
            })
        }
        Cmd::Get { user } => show(out, &users::lookup(cx, &me, &user)?),
        Cmd::Create {
            name,
            email,
            password,
            password_stdin,
            role,
        } => {
            let password = read_password(password, password_stdin)?;
            let u = users::create(
                cx,
                &me,
                NewUser {
                    name,
                    email,
                    password,
                    role: Some(role.parse()?),
                    profile_image_url: None,
                },
            )?;
            show(out, &u)
        }
        Cmd::Update {
            user,
            name,
            email,
            role,
        } => {
            if name.is_none() && email.is_none() && role.is_none() {
                return Err(Error::invalid(
                    "nothing to change: give --name, --email or --role",
                ));
            }
            let id = users::lookup(cx, &me, &user)?.id;
            let u = users::update(
                cx,
                &me,
                &id,
                UserPatch {
                    name,
                    email,
                    role: role.map(|r| r.parse()).transpose()?,
                    ..Default::default()
                },
            )?;
            show(out, &u)
        }
        Cmd::Delete { user } => {
            let u = users::lookup(cx, &me, &user)?;
            users::delete(cx, &me, &u.id)?;
            out.done(&format!("deleted user {} <{}>", u.name, u.email))
        }
        Cmd::SetRole { user, role } => {
            let id = users::lookup(cx, &me, &user)?.id;
            let u = users::update(
                cx,
                &me,
                &id,
                UserPatch {
                    role: Some(role.parse()?),
                    ..Default::default()
                },
            )?;
            show(out, &u)
        }
        Cmd::ResetPassword {
            user,
            password,
            password_stdin,
        } => {
            let id = users::lookup(cx, &me, &user)?.id;
            let password = read_password(password, password_stdin)?;
            let u = users::update(
                cx,
                &me,
                &id,
                UserPatch {
                    password: Some(password),
                    ..Default::default()
                },
            )?;
            out.done(&format!(
                "password of {} changed; their sessions have ended",
                u.email
            ))
        }
    }
}
