use cloudsign_contract::{CertProduct, Money, Org};

use crate::store::OrgRow;

pub const PRODUCT_NAME: &str = "个人移动证书";
const MAX_QUERY_CHARS: usize = 30;

/// A search of the organization list: the words a person typed, trimmed and bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgQuery(String);

impl OrgQuery {
    pub fn new(raw: Option<&str>) -> OrgQuery {
        let text: String = raw
            .unwrap_or("")
            .trim()
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect();
        OrgQuery(text)
    }

    /// A LIKE pattern matching the text anywhere, with LIKE's own wildcards escaped so that
    /// `%` or `_` typed by a person match only themselves.
    pub fn like_pattern(&self) -> String {
        let mut pattern = String::with_capacity(self.0.len() + 2);
        pattern.push('%');
        for c in self.0.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        pattern
    }
}

/// The wire form of an organization, with its fee or the configured default.
pub fn org_from_row(row: OrgRow, default_fee: Money) -> Org {
    let fee = row
        .cert_fee_fen
        .and_then(|fen| u64::try_from(fen).ok())
        .map(|fen| Money { fen })
        .unwrap_or(default_fee);
    Org {
        id: row.id,
        name: row.name,
        region: row.region,
        product: CertProduct {
            name: crate::i18n::stored_text(PRODUCT_NAME),
            fee,
            period_years: 1,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_trimmed_bounded_and_escaped() {
        assert_eq!(OrgQuery::new(None).like_pattern(), "%%");
        assert_eq!(OrgQuery::new(Some("  惠州 ")).like_pattern(), "%惠州%");
        assert_eq!(
            OrgQuery::new(Some("100%_a\\")).like_pattern(),
            "%100\\%\\_a\\\\%"
        );
        let long = "惠".repeat(100);
        assert_eq!(
            OrgQuery::new(Some(&long)).0.chars().count(),
            MAX_QUERY_CHARS
        );
    }

    #[test]
    fn an_org_without_its_own_fee_takes_the_default() {
        let row = |fee| OrgRow {
            id: "x".into(),
            name: "n".into(),
            region: "r".into(),
            cert_fee_fen: fee,
        };
        assert_eq!(
            org_from_row(row(None), Money::from_yuan(130)).product.fee,
            Money::from_yuan(130)
        );
        assert_eq!(
            org_from_row(row(Some(1)), Money::from_yuan(130))
                .product
                .fee,
            Money { fen: 1 }
        );
    }
}
