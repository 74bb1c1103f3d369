use serde::{Deserialize, Serialize};

use crate::Money;

/// A trading centre that the backend serves (`GET /api/orgs?q=`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Org {
    /// Stable identifier, safe in URLs and storage (`huizhou`).
    pub id: String,
    /// 惠州市公共资源交易中心
    pub name: String,
    /// 广东省惠州市, shown under the name to tell similar names apart.
    pub region: String,
    pub product: CertProduct,
}

/// The certificate a person buys through this organization.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertProduct {
    /// 个人移动证书
    pub name: String,
    /// Price of one period.
    pub fee: Money,
    /// Length of one period in years (the guide's `/1年`).
    pub period_years: u32,
}

impl CertProduct {
    /// `¥130.00/1年`, as on the guide's fee card.
    pub fn price_label(&self) -> String {
        tr!(
            "%{amount}/%{years}年",
            amount = self.fee,
            years = self.period_years
        )
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgList {
    pub orgs: Vec<Org>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_label_matches_the_guide() {
        let product = CertProduct {
            name: "个人移动证书".into(),
            fee: Money { fen: 1 },
            period_years: 1,
        };
        assert_eq!(product.price_label(), "¥0.01/1年");
    }
}
