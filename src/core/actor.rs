//! The caller of a core function, made by each frontend: HTTP from the
//! token, the CLI as the local administrator.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, msg};

/// A user's role, lowercase on the wire and in the database as upstream
/// keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Signed up, not yet let in by an admin.
    Pending,
    User,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Pending, Role::User, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pending => "pending",
            Role::User => "user",
            Role::Admin => "admin",
        }
    }

    /// `user` or `admin`.
    pub fn is_verified(self) -> bool {
        matches!(self, Role::User | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is none of `pending`, `user`, `admin`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown role `{}` (expected pending, user or admin)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRole {}

impl From<UnknownRole> for Error {
    fn from(e: UnknownRole) -> Self {
        Error::Invalid(e.to_string())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> std::result::Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// A stored role owui does not know (a database from elsewhere) reads as
/// `pending`: upstream lets only `user` and `admin` in, so the account keeps
/// exactly the rights it had there, and stays listed for an admin to fix.
/// New roles are refused on the way in (`FromStr`).
impl rusqlite::types::FromSql for Role {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Role> {
        let s = v.as_str()?;
        Ok(s.parse().unwrap_or_else(|e: UnknownRole| {
            tracing::warn!("{e}: read as pending");
            Role::Pending
        }))
    }
}

impl rusqlite::types::ToSql for Role {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

/// How the caller proved who they are.
#[derive(Clone, Debug)]
pub enum Via {
    /// A session JWT (the raw token and its claims).
    Session {
        token: String,
        claims: Box<crate::core::auths::token::Claims>,
    },
    /// An `sk-` API key.
    ApiKey,
    /// The local administrator: whoever runs `owui` on the data directory.
    System,
    /// A user chosen on the command line (`--as`).
    Local,
}

#[derive(Clone, Debug)]
pub struct Actor {
    pub id: String,
    pub role: Role,
    pub name: String,
    pub email: String,
    pub via: Via,
}

impl Actor {
    /// The local administrator used by the CLI, who may do anything.
    pub fn system() -> Actor {
        Actor {
            id: String::new(),
            role: Role::Admin,
            name: "owui".into(),
            email: String::new(),
            via: Via::System,
        }
    }

    pub fn is_system(&self) -> bool {
        matches!(self.via, Via::System)
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// `user` or `admin` (not `pending`).
    pub fn is_verified(&self) -> bool {
        self.role.is_verified()
    }

    pub fn require_admin(&self) -> Result<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(Error::RoleTooLow {
                needed: Role::Admin,
            })
        }
    }

    pub fn require_verified(&self) -> Result<()> {
        if self.is_verified() {
            Ok(())
        } else {
            Err(Error::RoleTooLow { needed: Role::User })
        }
    }

    /// A JWT session of a person (not an API key).
    pub fn require_human_session(&self) -> Result<()> {
        match &self.via {
            Via::Session { claims, .. }
                if claims.typ.as_deref().unwrap_or("session") == "session" =>
            {
                Ok(())
            }
            _ => Err(Error::forbidden(msg::HUMAN_SESSION_REQUIRED)),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn roles_read_and_write_as_upstream_spells_them() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
            assert_eq!(serde_json::to_value(r).unwrap(), json!(r.as_str()));
            assert_eq!(
                serde_json::from_value::<Role>(json!(r.as_str())).unwrap(),
                r
            );
        }
        assert_eq!(
            "superuser".parse::<Role>().unwrap_err().to_string(),
            "unknown role `superuser` (expected pending, user or admin)"
        );
        assert!("Admin".parse::<Role>().is_err());
        assert!(serde_json::from_value::<Role>(json!("superuser")).is_err());
        assert!(Role::User.is_verified() && Role::Admin.is_verified());
        assert!(!Role::Pending.is_verified());
    }

    #[test]
    fn an_unknown_role_in_the_database_reads_as_pending() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let back: Role = c
            .query_row("SELECT ?1", [Role::Admin], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Role::Admin);
        let back: Role = c.query_row("SELECT 'superuser'", [], |r| r.get(0)).unwrap();
        assert_eq!(back, Role::Pending);
    }
}
