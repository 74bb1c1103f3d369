//! The payment order for the certificate (确认信息's 「确定」 creates it).

use serde::{Deserialize, Serialize};

use crate::Money;

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Waiting for WeChat Pay, until `expires_at`.
    Unpaid,
    /// 已完成
    Paid,
    /// Cancelled by the person or expired unpaid: it can never be paid.
    Closed,
}

impl OrderStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Unpaid => "unpaid",
            OrderStatus::Paid => "paid",
            OrderStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<OrderStatus> {
        [OrderStatus::Unpaid, OrderStatus::Paid, OrderStatus::Closed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// 订单状态 as the guide words it.
    pub fn label(self) -> String {
        match self {
            OrderStatus::Unpaid => tr!("待支付"),
            OrderStatus::Paid => tr!("已完成"),
            OrderStatus::Closed => tr!("已关闭"),
        }
    }
}

/// `POST /api/registrations/{id}/order`: the SMS code sent for `confirm`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrder {
    pub sms_code: String,
}

/// An order as the app shows it. Times are Unix seconds of the server's clock; `server_now`
/// lets the page count down by the server's clock, not the phone's.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    /// 订单号, e.g. `wechat202204201046112960090240`
    pub order_no: String,
    /// 证书
    pub product_name: String,
    /// 金额 / 收费价格
    pub amount: Money,
    pub status: OrderStatus,
    pub created_at: i64,
    pub expires_at: i64,
    pub paid_at: Option<i64>,
    pub server_now: i64,
    /// A 续期 order (after registration), not the registration's own.
    #[serde(default)]
    pub renewal: bool,
}

impl OrderView {
    /// Seconds left to pay, by the server's clock at the time of the answer.
    pub fn seconds_left(&self) -> i64 {
        match self.status {
            OrderStatus::Unpaid => (self.expires_at - self.server_now).max(0),
            _ => 0,
        }
    }
}

/// `mm:ss`, as the 支付 page counts down.
pub fn countdown_label(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_reads_minutes_and_seconds() {
        assert_eq!(countdown_label(600), "10:00");
        assert_eq!(countdown_label(61), "01:01");
        assert_eq!(countdown_label(0), "00:00");
        assert_eq!(countdown_label(-5), "00:00");
    }

    #[test]
    fn only_an_unpaid_order_has_time_left() {
        let order = OrderView {
            order_no: "wechat1".into(),
            product_name: "个人移动证书".into(),
            amount: Money::from_yuan(130),
            status: OrderStatus::Unpaid,
            created_at: 1000,
            expires_at: 1600,
            paid_at: None,
            server_now: 1100,
            renewal: false,
        };
        assert_eq!(order.seconds_left(), 500);
        assert_eq!(
            OrderView {
                status: OrderStatus::Paid,
                ..order.clone()
            }
            .seconds_left(),
            0
        );
        assert_eq!(
            OrderView {
                server_now: 1700,
                ..order
            }
            .seconds_left(),
            0
        );
        assert_eq!(OrderStatus::Paid.label(), "已完成");
    }
}
