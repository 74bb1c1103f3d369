//! 我的签名: the saved handwritten signature, checked again on the server whatever the app did.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::handwriting::{SaveSignature, SavedSignature};

use crate::AppState;
use crate::domain::handwriting::{check_png, sanitize_svg};
use crate::error::AppError;
use crate::store::UserRow;

/// The seal image of a signing: the person's 我的签名 (base64 PNG) for a personal seal when
/// they have one; none for a unit seal (drawn from the unit's name).
pub async fn seal_image(
    state: &AppState,
    user_id: i64,
    seal: cloudsign_contract::signing::SealKind,
) -> Result<Option<String>, AppError> {
    Ok(match seal {
        cloudsign_contract::signing::SealKind::Personal => state
            .store
            .signature(user_id)
            .await?
            .map(|saved| STANDARD.encode(saved.png)),
        cloudsign_contract::signing::SealKind::Unit => None,
    })
}

pub async fn saved(state: &AppState, user: &UserRow) -> Result<SavedSignature, AppError> {
    let row = state
        .store
        .signature(user.id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("尚未录入签名")))?;
    Ok(SavedSignature {
        png: STANDARD.encode(&row.png),
        svg: row.svg,
        width: row.width.max(0) as u32,
        height: row.height.max(0) as u32,
        updated_at: row.updated_at,
    })
}

/// The pad's 「√」: a real transparent PNG, and the SVG rewritten from an allow-list.
pub async fn save(
    state: &AppState,
    user: &UserRow,
    signature: &SaveSignature,
) -> Result<SavedSignature, AppError> {
    let png = STANDARD
        .decode(signature.png.trim())
        .map_err(|_| AppError::BadRequest(tr!("签名图片格式不正确")))?;
    let size = check_png(&png).map_err(AppError::BadRequest)?;
    let svg = sanitize_svg(&signature.svg).map_err(AppError::BadRequest)?;
    state
        .store
        .save_signature(user.id, &png, &svg, size, state.clock.now())
        .await?;
    saved(state, user).await
}
