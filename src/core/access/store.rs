//! Every SQL statement on `access_grant`.

use rusqlite::{Connection, params};

use super::{Grant, GrantSpec};
use crate::error::Result;
use crate::util::new_id;

/// `(principal_type, principal_id)` of the grants of a resource with
/// exactly `permission`.
pub fn principals_with(
    c: &Connection,
    resource_type: &str,
    resource_id: &str,
    permission: &str,
) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT principal_type, principal_id FROM access_grant
         WHERE resource_type = ?1 AND resource_id = ?2 AND permission = ?3",
    )?;
    let rows = st
        .query_map(params![resource_type, resource_id, permission], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The grants of a resource, oldest first.
pub fn grants(c: &Connection, resource_type: &str, resource_id: &str) -> Result<Vec<Grant>> {
    let mut st = c.prepare_cached(
        "SELECT id, resource_type, resource_id, principal_type, principal_id, permission, created_at
         FROM access_grant WHERE resource_type = ?1 AND resource_id = ?2 ORDER BY created_at, id",
    )?;
    let v = st
        .query_map(params![resource_type, resource_id], |r| {
            Ok(Grant {
                id: r.get(0)?,
                resource_type: r.get(1)?,
                resource_id: r.get(2)?,
                principal_type: r.get(3)?,
                principal_id: r.get(4)?,
                permission: r.get(5)?,
                created_at: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// `(resource_id, permission, principal_type, principal_id)` of every grant
/// of a resource type, oldest first.
pub fn grants_of_type(
    c: &Connection,
    resource_type: &str,
) -> Result<Vec<(String, String, String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT resource_id, permission, principal_type, principal_id FROM access_grant
         WHERE resource_type = ?1 ORDER BY created_at, id",
    )?;
    let rows = st
        .query_map(params![resource_type], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Delete the grants of a resource and insert `specs` in their place.
pub fn replace(
    c: &Connection,
    resource_type: &str,
    resource_id: &str,
    specs: &[GrantSpec],
    t: i64,
) -> Result<()> {
    delete_for_resource(c, resource_type, resource_id)?;
    for s in specs {
        c.execute(
            "INSERT INTO access_grant (id, resource_type, resource_id, principal_type, principal_id, permission, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![new_id(), resource_type, resource_id, s.principal_type, s.principal_id, s.permission, t],
        )?;
    }
    Ok(())
}

pub fn delete_for_principal(
    c: &Connection,
    principal_type: &str,
    principal_id: &str,
) -> Result<()> {
    c.execute(
        "DELETE FROM access_grant WHERE principal_type = ?1 AND principal_id = ?2",
        params![principal_type, principal_id],
    )?;
    Ok(())
}

pub fn delete_for_resource(c: &Connection, resource_type: &str, resource_id: &str) -> Result<()> {
    c.execute(
        "DELETE FROM access_grant WHERE resource_type = ?1 AND resource_id = ?2",
        params![resource_type, resource_id],
    )?;
    Ok(())
}
