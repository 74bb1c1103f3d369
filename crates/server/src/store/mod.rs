//! Everything SQL lives here. Handlers and the domain speak to `Store`, never to the pool.

use std::str::FromStr;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

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
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating when missing) the database and brings its schema up to date.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the database answers (the readiness check).
    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// The pool's connections: (open, idle).
    pub fn pool_use(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }
}
