//! The SMS sandbox: messages go to an outbox (`GET /sandbox/sms?phone=`) and the log.

use async_trait::async_trait;
use axum::Json;
use axum::extract::State;
use cloudsign_contract::rules::Phone;
use cloudsign_contract::sms::SmsPurpose;
use serde::Deserialize;

use crate::AppState;
use crate::clock::Clock;
use crate::error::AppError;
use crate::extract::Query;
use crate::providers::SmsProvider;
use crate::store::{SandboxSms as OutboxMessage, Store};

pub struct SandboxSms {
    pub store: Store,
    pub clock: std::sync::Arc<dyn Clock>,
}

#[async_trait]
impl SmsProvider for SandboxSms {
    async fn send(
        &self,
        phone: &Phone,
        purpose: SmsPurpose,
        code: &str,
        text: &str,
    ) -> anyhow::Result<()> {
        tracing::info!(phone = %phone, purpose = purpose.as_str(), code, "sandbox SMS: {text}");
        let message = OutboxMessage {
            phone: phone.to_string(),
            purpose: purpose.as_str().to_owned(),
            code: code.to_owned(),
            text: text.to_owned(),
            sent_at: self.clock.now(),
        };
        self.store.record_sandbox_sms(&message).await?;
        Ok(())
    }
}

#[derive(Deserialize)]
pub struct OutboxQuery {
    phone: String,
}

/// Every message the sandbox sent to a phone, newest first: `[{purpose, code, sent_at, …}]`.
pub async fn outbox(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> Result<Json<Vec<OutboxMessage>>, AppError> {
    let phone = Phone::parse(&query.phone).map_err(|err| AppError::BadRequest(err.message()))?;
    Ok(Json(state.store.sandbox_sms_for(phone.as_str()).await?))
}
