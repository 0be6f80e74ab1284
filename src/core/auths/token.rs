//! Session tokens: HS256 JWTs with upstream's claims.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Claims {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_stamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
}

/// Parse a lifetime like `4w`, `1d12h`, `30m`, `500ms`; `-1` or `0` (or
/// anything negative) means tokens never expire (`None`).
pub fn parse_expiry(s: &str) -> Result<Option<i64>> {
    let s = s.trim();
    if s == "-1" || s == "0" {
        return Ok(None);
    }
    let bad = || Error::invalid(format!("invalid token lifetime `{s}` (e.g. 4w, 1d12h, -1)"));
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let n_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let n: f64 = rest[..n_end].parse().map_err(|_| bad())?;
        rest = &rest[n_end..];
        let (unit, len) = if rest.starts_with("ms") {
            (0.001, 2)
        } else {
            let mult = match rest.chars().next() {
                Some('s') => 1.0,
                Some('m') => 60.0,
                Some('h') => 3600.0,
                Some('d') => 86400.0,
                Some('w') => 604800.0,
                _ => return Err(bad()),
            };
            (mult, 1)
        };
        total += n * unit;
        rest = &rest[len..];
    }
    if neg {
        return Ok(None);
    }
    Ok(Some(total as i64))
}

/// Sign a session token for a user.
pub fn issue(
    secret: &[u8],
    user_id: &str,
    session_stamp: Option<String>,
    lifetime: Option<i64>,
    auth_method: Option<&str>,
) -> Result<(String, Claims)> {
    let t = now();
    let claims = Claims {
        id: user_id.to_string(),
        typ: Some("session".into()),
        auth_method: auth_method.map(str::to_string),
        auth_time: auth_method.map(|_| t),
        session_stamp,
        mfa_verified: auth_method.map(|_| false),
        exp: lifetime.map(|l| t + l),
        jti: Some(new_id()),
        iat: Some(t),
    };
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .map_err(Error::internal)?;
    Ok((token, claims))
}

/// Check signature and expiry; any failure is unauthenticated, in
/// upstream's words (`401 Unauthorized`).
pub fn decode(secret: &[u8], token: &str) -> Result<Claims> {
    let mut v = Validation::new(Algorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = true;
    v.leeway = 0;
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(secret), &v)
        .map(|d| d.claims)
        .map_err(|_| Error::unauthenticated(msg::UNAUTHORIZED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes() {
        assert_eq!(parse_expiry("4w").unwrap(), Some(4 * 604800));
        assert_eq!(parse_expiry("1d12h").unwrap(), Some(86400 + 12 * 3600));
        assert_eq!(parse_expiry("30m").unwrap(), Some(1800));
        assert_eq!(parse_expiry("-1").unwrap(), None);
        assert_eq!(parse_expiry("0").unwrap(), None);
        assert!(parse_expiry("4x").is_err());
        assert!(parse_expiry("").is_err());
        assert!(parse_expiry("w").is_err());
    }

    #[test]
    fn round_trip_and_tamper() {
        let (t, c) = issue(b"k", "u1", Some("s".into()), Some(60), Some("password")).unwrap();
        assert_eq!(decode(b"k", &t).unwrap(), c);
        assert!(decode(b"other", &t).is_err());
        let (t, _) = issue(b"k", "u1", None, None, None).unwrap();
        assert_eq!(decode(b"k", &t).unwrap().exp, None);
    }

    #[test]
    fn expired_is_rejected() {
        let claims = Claims {
            id: "u".into(),
            typ: Some("session".into()),
            auth_method: None,
            auth_time: None,
            session_stamp: None,
            mfa_verified: None,
            exp: Some(now() - 10),
            jti: None,
            iat: None,
        };
        let t = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(b"k"),
        )
        .unwrap();
        assert!(decode(b"k", &t).is_err());
    }
}
