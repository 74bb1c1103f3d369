use axum::Json;
use cloudsign_contract::health::Health;

#[utoipa::path(
    get,
    path = "/api/health",
    tag = "operations",
    summary = "Liveness: the process answers",
    responses((status = 200, body = Health), crate::openapi::Failures)
)]
pub(crate) async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
