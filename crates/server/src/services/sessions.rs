//! Sessions: opened by 设置签署密码 (and by login), read by every call that needs a person.

use cloudsign_contract::auth::{LoginRequest, Me, Session};
use cloudsign_contract::rules::{Phone, mask_name};

use crate::AppState;
use crate::domain::sessions::{new_token, token_hash};
use crate::error::AppError;
use crate::services::credentials::check_password;
use crate::store::UserRow;

/// A new session for the person.
pub async fn open(state: &AppState, user: &UserRow) -> Result<Session, AppError> {
    let token = new_token();
    let now = state.clock.now();
    let expires_at = now + state.config.session_ttl_secs;
    state
        .store
        .insert_session(&token_hash(&token), user.id, now, expires_at)
        .await?;
    Ok(Session {
        token,
        expires_at,
        me: me(state, user).await?,
    })
}

/// The person whose session this token opens, or `unauthorized`.
pub async fn authenticate(state: &AppState, token: &str) -> Result<UserRow, AppError> {
    state
        .store
        .session_user(&token_hash(token), state.clock.now())
        .await?
        .ok_or(AppError::Unauthorized)
}

/// 退出登录
pub async fn close(state: &AppState, token: &str) -> Result<(), AppError> {
    Ok(state.store.delete_session(&token_hash(token)).await?)
}

pub async fn me(state: &AppState, user: &UserRow) -> Result<Me, AppError> {
    let org_name = crate::services::orgs::name(state, &user.org_id).await?;
    let masked_phone = Phone::parse(&user.phone)
        .map(|phone| phone.masked())
        .unwrap_or_default();
    Ok(Me {
        masked_name: mask_name(&user.name),
        masked_phone,
        unit_name: user.unit_name.clone(),
        org_id: user.org_id.clone(),
        org_name,
    })
}

/// The person with this number at this organization, or `not_registered` naming it.
pub async fn find_person(state: &AppState, org_id: &str, phone: &str) -> Result<UserRow, AppError> {
    let phone = Phone::parse(phone).map_err(|err| AppError::BadRequest(err.message()))?;
    let org = state
        .store
        .find_org(org_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("机构不存在，请重新选择机构")))?;
    state
        .store
        .find_user(&org.id, &phone)
        .await?
        .ok_or(AppError::NotRegistered(org.name))
}

/// 登录: the number, then the signing password.
pub async fn log_in(state: &AppState, request: &LoginRequest) -> Result<Session, AppError> {
    let user = find_person(state, &request.org_id, &request.phone).await?;
    if request.password.is_empty() {
        return Err(AppError::BadRequest(tr!("请输入签署密码")));
    }
    check_password(state, user.id, &request.password).await?;
    open(state, &user).await
}
