use serde::{Deserialize, Serialize};

/// `GET /api/health`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub status: String,
    pub version: String,
}
