//! Everything SQL lives here. Handlers and the domain speak to `Store`, never to the pool.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

/// Runs `$body` with `$pool` bound to the store's pool, whichever backend it is. The body is
/// written once and compiled once per backend, so each runs on its own driver with its own
/// types; sqlx's `Any` driver would instead convert every value at run time and has no way to
/// say BLOB or BOOLEAN. The SQL in the bodies is what both dialects share: `$1` placeholders,
/// `ON CONFLICT`, `RETURNING`.
macro_rules! on_db {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}

mod certificates;
mod credentials;
mod enrolment;
mod files;
mod handwriting;
mod invoices;
mod orders;
mod orgs;
mod password_resets;
mod rate_limits;
mod real_name;
mod registrations;
mod resume_links;
mod sandbox_ca;
mod sandbox_wxpay;
mod seal_clients;
mod sessions;
mod signing;
mod sms;
mod units;
mod users;
mod wechat;

pub use certificates::{CertificateRow, NewCertificate};
pub use credentials::PasswordAttempt;
pub use enrolment::Enrolment;
pub use handwriting::SignatureRow;
pub use invoices::{InvoiceRow, NewInvoice, PaidOrderRow};
pub use orders::{NewOrder, OrderRow};
pub use orgs::OrgRow;
pub use password_resets::PasswordResetRow;
pub use real_name::{ChallengeRow, IdentityVerdictRecord, RealNamePassed, StoredPhoto};
pub use registrations::RegistrationRow;
pub use resume_links::Redeemed;
pub use sandbox_wxpay::SandboxPrepay;
pub use seal_clients::SealClientRow;
pub use signing::{NewSigningDocument, NewSigningSession, SigningDocumentRow, SigningSessionRow};
pub use sms::{SandboxSms, TriedCode};
pub use units::UnitRow;
pub use users::{NewUser, UserRow};

#[derive(Clone)]
pub struct Store {
    db: Db,
}

/// The database the store speaks to: SQLite, the embedded default, or PostgreSQL, for a
/// deployment of several instances.
#[derive(Clone)]
enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Store {
    /// Opens the database and brings its schema up to date: PostgreSQL for a `postgres://`
    /// URL, otherwise SQLite (creating the file when missing).
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        Store::open_with_connections(url, None).await
    }

    /// As `open`, with at most `connections` in the pool (by default 16 on PostgreSQL, 8 on
    /// SQLite).
    pub async fn open_with_connections(
        url: &str,
        connections: Option<u32>,
    ) -> anyhow::Result<Store> {
        let db = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(connections.unwrap_or(16))
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Db::Postgres(pool)
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(connections.unwrap_or(8))
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            Db::Sqlite(pool)
        };
        Ok(Store { db })
    }

    /// Whether this is PostgreSQL (chosen for several instances) rather than SQLite.
    pub fn is_postgres(&self) -> bool {
        matches!(self.db, Db::Postgres(_))
    }

    pub async fn close(&self) {
        on_db!(self, |pool| pool.close().await)
    }

    /// Whether the database answers (the readiness check).
    pub async fn ping(&self) -> sqlx::Result<()> {
        on_db!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Takes a connection from the pool and keeps it for `duration` (tests open connections
    /// with it before racing requests).
    pub async fn hold_connection(&self, duration: std::time::Duration) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            let connection = pool.acquire().await?;
            tokio::time::sleep(duration).await;
            drop(connection);
            Ok(())
        })
    }

    /// The pool's connections: (open, idle).
    pub fn pool_use(&self) -> (u32, usize) {
        on_db!(self, |pool| (pool.size(), pool.num_idle()))
    }
}
