//! The outside parties, as traits. Each has a sandbox implementation in `crate::sandbox`;
//! a real provider is a second implementation of the same trait.

use async_trait::async_trait;
use cloudsign_contract::rules::Phone;
use cloudsign_contract::sms::SmsPurpose;

/// Delivers a text message.
#[async_trait]
pub trait SmsProvider: Send + Sync {
    async fn send(
        &self,
        phone: &Phone,
        purpose: SmsPurpose,
        code: &str,
        text: &str,
    ) -> anyhow::Result<()>;
}

/// What the server uses when no SMS provider is configured (sandbox off, no real one set up):
/// every send fails, loudly in the log.
pub struct NoSmsProvider;

#[async_trait]
impl SmsProvider for NoSmsProvider {
    async fn send(&self, _: &Phone, _: SmsPurpose, _: &str, _: &str) -> anyhow::Result<()> {
        anyhow::bail!("no SMS provider is configured: start with --sandbox or configure one")
    }
}
