use cloudsign_contract::orders::{CreateOrder, OrderView};
use cloudsign_contract::payment::{PaymentStart, StartPayment};

use super::{ApiError, PublicApi};

impl PublicApi {
    /// 确认信息's 「确定」: the order (the open one if it exists).
    pub async fn create_order(
        &self,
        registration: &str,
        sms_code: &str,
    ) -> Result<OrderView, ApiError> {
        let body = CreateOrder {
            sms_code: sms_code.to_owned(),
        };
        self.post(&format!("/registrations/{registration}/order"), &body)
            .await
    }

    /// The order as the server sees it now (it asks WeChat Pay when no notification came).
    pub async fn order(&self, registration: &str) -> Result<OrderView, ApiError> {
        self.get(&format!("/registrations/{registration}/order"), &[])
            .await
    }

    /// 「取消」
    pub async fn cancel_order(&self, registration: &str) -> Result<OrderView, ApiError> {
        self.post(
            &format!("/registrations/{registration}/order/cancel"),
            &serde_json::json!({}),
        )
        .await
    }

    /// 「支付」: what the channel needs.
    pub async fn start_payment(
        &self,
        registration: &str,
        request: &StartPayment,
    ) -> Result<PaymentStart, ApiError> {
        self.post(&format!("/registrations/{registration}/order/pay"), request)
            .await
    }
}
