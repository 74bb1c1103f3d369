use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in 分 (0.01 元). Amounts travel and are stored as integers so that no rounding
/// ever happens between the price list, the order and the payment provider.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(transparent)]
pub struct Money {
    pub fen: u64,
}

// On the wire a bare integer of 分 (`serde(transparent)`), which the derive does not see.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Money {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(0))
            .description(Some("An amount in 分 (0.01 元): 13000 is ¥130.00."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Money {}

impl Money {
    pub const fn from_yuan(yuan: u64) -> Self {
        Money { fen: yuan * 100 }
    }
}

/// `¥130.00`, the way the guide writes prices (`¥0.01/1年`).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}.{:02}", self.fen / 100, self.fen % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_yuan_with_two_decimals() {
        assert_eq!(Money::from_yuan(130).to_string(), "¥130.00");
        assert_eq!(Money { fen: 1 }.to_string(), "¥0.01");
        assert_eq!(Money { fen: 12345 }.to_string(), "¥123.45");
    }

    #[test]
    fn travels_as_a_plain_integer_of_fen() {
        assert_eq!(
            serde_json::to_string(&Money::from_yuan(130)).unwrap(),
            "13000"
        );
    }
}
