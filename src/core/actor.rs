//! The caller of a core function, made by each frontend: HTTP from the
//! token, the CLI as the local administrator.

use crate::error::{Error, Result, msg};

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
    pub role: String,
    pub name: String,
    pub email: String,
    pub via: Via,
}

impl Actor {
    /// The local administrator used by the CLI, who may do anything.
    pub fn system() -> Actor {
        Actor {
            id: String::new(),
            role: "admin".into(),
            name: "owui".into(),
            email: String::new(),
            via: Via::System,
        }
    }

    pub fn is_system(&self) -> bool {
        matches!(self.via, Via::System)
    }

    pub fn is_admin(&self) -> bool {
        self.role == "admin"
    }

    /// `user` or `admin` (not `pending`).
    pub fn is_verified(&self) -> bool {
        self.role == "admin" || self.role == "user"
    }

    /// Upstream answers 401 (not 403) to a role that is too low.
    pub fn require_admin(&self) -> Result<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(Error::Unauthorized(msg::ACCESS_PROHIBITED.into()))
        }
    }

    pub fn require_verified(&self) -> Result<()> {
        if self.is_verified() {
            Ok(())
        } else {
            Err(Error::Unauthorized(msg::ACCESS_PROHIBITED.into()))
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
