//! SQLite storage: one file, WAL, foreign keys, numbered migrations run at
//! start-up.
//!
//! Reads come from a small pool; writes go through one writer connection
//! behind a mutex, so concurrent writers queue instead of failing with
//! "database is locked". Every write runs in one `IMMEDIATE` transaction.
//! Nothing here is async: the server calls it from blocking threads.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use crate::error::{Error, Result};

/// Each migration's SQL, and the Rust step run after it in the same
/// transaction when rows must be rewritten in ways SQL cannot say.
type Hook = fn(&Transaction) -> rusqlite::Result<()>;

const MIGRATIONS: &[(&str, Option<Hook>)] = &[
    (include_str!("migrations/0001_init.sql"), None),
    (include_str!("migrations/0002_chats.sql"), None),
    (include_str!("migrations/0003_folders.sql"), None),
    (include_str!("migrations/0004_models.sql"), None),
    (include_str!("migrations/0005_files.sql"), None),
    (include_str!("migrations/0006_tools_functions.sql"), None),
    (include_str!("migrations/0007_channels.sql"), None),
    (
        include_str!("migrations/0008_chat_sidebar_indexes.sql"),
        None,
    ),
    (include_str!("migrations/0009_prompts.sql"), None),
    (include_str!("migrations/0010_feedback.sql"), None),
    (
        include_str!("migrations/0011_chat_message_splice.sql"),
        Some(crate::core::chats::convert_stored_messages),
    ),
    (
        include_str!("migrations/0012_chat_message_versions.sql"),
        None,
    ),
    (include_str!("migrations/0013_undone_replies.sql"), None),
    (include_str!("migrations/0014_revoked_tokens.sql"), None),
    (include_str!("migrations/0015_vectors.sql"), None),
    (include_str!("migrations/0016_knowledge.sql"), None),
    (include_str!("migrations/0017_memories.sql"), None),
    (
        include_str!("migrations/0018_vector_item_collection.sql"),
        None,
    ),
];

/// The database: a read pool, one writer, and a watcher that notices commits
/// made by any connection (another `owui` process included).
pub struct Db {
    path: PathBuf,
    readers: r2d2::Pool<SqliteConnectionManager>,
    writer: Mutex<Connection>,
    watcher: Mutex<Connection>,
    /// Grows with every commit made here and every change noticed from
    /// other processes: see [`Db::generation`].
    generation: AtomicU64,
}

/// How much of the database file each reader may map.
const READ_MMAP_BYTES: i64 = 256 << 20;

/// Every connection's settings. `synchronous = FULL`: in WAL mode a
/// commit returns only after the log is on disk, so a write owui has
/// acknowledged survives a power loss, not only a crash of the process
/// (`NORMAL` syncs at checkpoints only and may lose the last commits).
fn configure(c: &Connection) -> rusqlite::Result<()> {
    c.busy_timeout(Duration::from_secs(10))?;
    c.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;",
    )
}

fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .map(|(sql, hook)| match *hook {
                Some(h) => M::up_with_hook(sql, move |tx: &Transaction| Ok(h(tx)?)),
                None => M::up(sql),
            })
            .collect(),
    )
}

impl Db {
    /// Open (creating if needed) the database file. Its schema is brought
    /// up to date by [`Db::migrate`], a step of start-up.
    pub fn open(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // a new file is the owner's only (SQLite gives its -wal and -shm
        // files the same mode); an existing one keeps the mode it has
        {
            use std::os::unix::fs::OpenOptionsExt;
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
            {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e.into()),
            }
        }
        let writer = Connection::open(path)?;
        configure(&writer)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        let manager = SqliteConnectionManager::file(path)
            .with_flags(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_init(|c: &mut Connection| {
                configure(c)?;
                // readers map the file: a long chat (megabytes of rows) is
                // read in place instead of copied page by page into a
                // cache too small to keep it, after every write
                c.pragma_update(None, "mmap_size", READ_MMAP_BYTES)
            });
        // a connection to a local file does not go stale: no test query
        // on each checkout
        let readers = r2d2::Pool::builder()
            .max_size(8)
            .min_idle(Some(0))
            .test_on_check_out(false)
            .build_unchecked(manager);
        let watcher = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        Ok(Db {
            path: path.to_owned(),
            readers,
            writer: Mutex::new(writer),
            watcher: Mutex::new(watcher),
            generation: AtomicU64::new(0),
        })
    }

    /// Run the migrations the file has not seen yet, in one go.
    pub fn migrate(&self) -> Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        migrations()
            .to_latest(&mut writer)
            .map_err(|e| Error::internal(anyhow::anyhow!("migrating {}: {e}", self.path.display())))
    }

    /// Run the migrations up to `version` only (tests of old databases).
    #[cfg(test)]
    pub fn migrate_to(&self, version: usize) -> Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        migrations()
            .to_version(&mut writer, version)
            .map_err(|e| Error::internal(anyhow::anyhow!("migrating to {version}: {e}")))
    }

    /// How commits reach the disk: `FULL` (the default of every connection,
    /// see `configure`) or `NORMAL`, where the writer syncs the log only at
    /// checkpoints: faster writes, and the last ones may be lost on a power
    /// loss (never on a crash of the process).
    pub fn set_synchronous(&self, full: bool) -> Result<()> {
        let writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        writer.pragma_update(None, "synchronous", if full { "FULL" } else { "NORMAL" })?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run `f` on a pooled read connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.readers.get()?;
        f(&conn)
    }

    /// Run `f` in one write transaction; it commits when `f` returns `Ok`.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        self.generation.fetch_add(1, Ordering::Release);
        Ok(out)
    }

    /// A number that changes after every commit made through this `Db`
    /// and, once [`Db::note_outside_change`] is called, after commits by
    /// other processes: memoised reads stay valid while it stays the same.
    /// Reading it costs an atomic load, no database call.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Another connection committed (seen through [`Db::data_version`]).
    pub fn note_outside_change(&self) {
        self.generation.fetch_add(1, Ordering::Release);
    }

    /// A number that changes whenever any connection commits a write.
    pub fn data_version(&self) -> Result<i64> {
        let conn = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// `SELECT 1`, for `/health/db`.
    pub fn ping(&self) -> Result<()> {
        self.read(|c| Ok(c.query_row("SELECT 1", [], |_| Ok(()))?))
    }
}

/// A JSON-text column (upstream's `JSONField`) as a value; unparsable
/// text reads as absent.
pub fn json_col(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<serde_json::Value>> {
    let s: Option<String> = r.get(i)?;
    Ok(s.and_then(|s| serde_json::from_str(&s).ok()))
}

/// A value for a JSON-text column.
pub fn json_text(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(serde_json::Value::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn writers_queue_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        let db = std::sync::Arc::new(Db::open(&dir.path().join("t.db")).unwrap());
        db.write(|tx| Ok(tx.execute_batch("CREATE TABLE t (n INTEGER)")?))
            .unwrap();
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let db = db.clone();
                std::thread::spawn(move || {
                    for j in 0..50 {
                        db.write(|tx| {
                            tx.execute("INSERT INTO t (n) VALUES (?1)", [i * 100 + j])?;
                            Ok(())
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 400);
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        db.write(|tx| Ok(tx.execute_batch("CREATE TABLE t (n INTEGER)")?))
            .unwrap();
        let r: Result<()> = db.write(|tx| {
            tx.execute("INSERT INTO t (n) VALUES (1)", [])?;
            Err(Error::invalid("stop"))
        });
        assert!(r.is_err());
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn commits_are_synced_unless_told_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let mode = |db: &Db| -> i64 {
            db.write(|tx| Ok(tx.pragma_query_value(None, "synchronous", |r| r.get(0))?))
                .unwrap()
        };
        assert_eq!(mode(&db), 2, "FULL");
        db.set_synchronous(false).unwrap();
        assert_eq!(mode(&db), 1, "NORMAL");
    }

    #[test]
    fn readers_map_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let mapped: i64 = db
            .read(|c| Ok(c.pragma_query_value(None, "mmap_size", |r| r.get(0))?))
            .unwrap();
        assert_eq!(mapped, READ_MMAP_BYTES);
    }

    #[test]
    fn data_version_sees_commits() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let v0 = db.data_version().unwrap();
        db.write(|tx| Ok(tx.execute_batch("CREATE TABLE t (n INTEGER)")?))
            .unwrap();
        assert_ne!(db.data_version().unwrap(), v0);
    }
}
