//! 切换单位: the units a person signs for. A unit added here is the person's own statement: it is
//! shown and used on the unit seal (marked as such), and never enters a certificate.

use cloudsign_contract::account::{AddUnit, Unit, UnitList};
use cloudsign_contract::rules::UnitName;

use crate::AppState;
use crate::error::AppError;
use crate::store::UserRow;

/// 切换单位: the person's units, the current one marked.
pub async fn units(state: &AppState, user: &UserRow) -> Result<UnitList, AppError> {
    let units = state
        .store
        .units(user.id)
        .await?
        .into_iter()
        .map(|row| Unit {
            current: row.unit_name == user.unit_name,
            id: row.id,
            name: row.unit_name,
            role: row.role,
            role_name: crate::i18n::stored_text(&row.role_name),
        })
        .collect();
    Ok(UnitList { units })
}

/// 添加单位 (name and role), checked as on 注册.
pub async fn add_unit(
    state: &AppState,
    user: &UserRow,
    request: &AddUnit,
) -> Result<UnitList, AppError> {
    let name = UnitName::parse(&request.name).map_err(|err| AppError::BadRequest(err.message()))?;
    if !state.store.role_exists(&request.role).await? {
        return Err(AppError::BadRequest(tr!("请选择用户角色")));
    }
    if !state
        .store
        .add_unit(user.id, name.as_str(), &request.role, state.clock.now())
        .await?
    {
        return Err(AppError::BadRequest(tr!("该单位已添加")));
    }
    units(state, user).await
}

/// Makes a unit the current one: shown on 首页 and used when signing.
pub async fn switch_unit(
    state: &AppState,
    user: &UserRow,
    unit_id: i64,
) -> Result<UnitList, AppError> {
    if !state.store.switch_unit(user.id, unit_id).await? {
        return Err(AppError::NotFound(tr!("单位不存在")));
    }
    let user = state
        .store
        .find_user_by_id(user.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user vanished"))?;
    units(state, &user).await
}
