use cloudsign_contract::registration::{
    CreateRegistration, RegistrationState, ValidRegistrationForm,
};
use cloudsign_contract::rules::{IdNumber, mask_id_number};
use cloudsign_contract::sms::SmsPurpose;

use crate::AppState;
use crate::domain::calendar::china_date;
use crate::domain::registration::{may_confirm_identity, new_registration_id};
use crate::domain::sms::CodeCheck;
use crate::error::AppError;
use crate::services::sms::redeem_code;
use crate::store::RegistrationRow;

/// 注册's 「确定」: checks every rule, uses up the SMS code, and starts the phone's
/// registration with the organization, restarts one that has not passed 实名认证, or resumes one
/// that has (paid or not) as it stands.
pub async fn create(
    state: &AppState,
    form: &CreateRegistration,
) -> Result<RegistrationState, AppError> {
    let form = ValidRegistrationForm::check(form).map_err(AppError::BadRequest)?;
    let org = state
        .store
        .find_org(&form.org_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("机构不存在，请重新选择机构")))?;
    if !state.store.role_exists(&form.role).await? {
        return Err(AppError::BadRequest(tr!("请选择用户角色")));
    }
    if state.store.find_user(&org.id, &form.phone).await?.is_some() {
        return Err(AppError::AlreadyRegistered(tr!(
            "该手机号已在%{org}注册，请直接登录",
            org = org.name
        )));
    }
    match redeem_code(state, &form.phone, SmsPurpose::Register, &form.sms_code).await? {
        CodeCheck::Accepted => {}
        refused => return Err(AppError::InvalidCode(refused.message())),
    }
    let now = state.clock.now();
    let id = match state.store.open_registration(&org.id, &form.phone).await? {
        // Before the real-name check passed, the form sent again replaces the old one. The
        // update is conditional on the step: one that moved on meanwhile is resumed instead.
        Some(open) if may_confirm_identity(open.step()) => {
            state
                .store
                .restart_registration(&open.id, &form, now)
                .await?;
            open.id
        }
        // Verified, paying or paid: the person continues where they stand (a paid registration
        // at 设置签署密码) and never pays twice.
        Some(open) => {
            tracing::info!(registration = %open.id, step = %open.step, "registration resumed by its phone");
            open.id
        }
        None => {
            let id = new_registration_id();
            state.store.insert_registration(&id, &form, now).await?;
            id
        }
    };
    load(state, &id).await
}

/// 用户角色 for the 注册 form.
pub async fn roles(
    state: &AppState,
) -> Result<Vec<cloudsign_contract::registration::Role>, AppError> {
    let mut roles = state.store.roles().await?;
    for role in &mut roles {
        role.name = crate::i18n::stored_text(&role.name);
    }
    Ok(roles)
}

/// Where a registration stands, for the app to resume it.
pub async fn load(state: &AppState, id: &str) -> Result<RegistrationState, AppError> {
    let row = find(state, id).await?;
    Ok(view(row))
}

/// 确认信息: the ID number, checked against today's date in China.
pub async fn confirm_identity(
    state: &AppState,
    id: &str,
    id_number: &str,
) -> Result<RegistrationState, AppError> {
    let row = find(state, id).await?;
    if !may_confirm_identity(row.step()) {
        return Err(AppError::WrongStep(tr!(
            "实名认证已完成，身份信息不能再修改"
        )));
    }
    let now = state.clock.now();
    let id_number = IdNumber::parse(id_number, china_date(now))
        .map_err(|err| AppError::BadRequest(err.message()))?;
    if !state
        .store
        .set_registration_identity(&row.id, id_number.as_str(), now)
        .await?
    {
        return Err(AppError::WrongStep(tr!(
            "实名认证已完成，身份信息不能再修改"
        )));
    }
    load(state, id).await
}

/// The registration with this id, or `not_found` in words for the person.
pub(crate) async fn find(state: &AppState, id: &str) -> Result<RegistrationRow, AppError> {
    state
        .store
        .find_registration(id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("注册信息不存在或已失效，请重新注册")))
}

/// The registration that made the person: the name, ID number and unit that were verified
/// (the unit is the one the certificate names; units added later are the person's statement).
pub(crate) async fn of_user(state: &AppState, user_id: i64) -> Result<RegistrationRow, AppError> {
    let registration_id = state
        .store
        .registration_of_user(user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {user_id} has no registration"))?;
    find(state, &registration_id).await
}

fn view(row: RegistrationRow) -> RegistrationState {
    let step = row.step();
    let id_number_masked = row.id_number.as_deref().map(mask_id_number);
    RegistrationState {
        id: row.id,
        step,
        org_id: row.org_id,
        role: row.role,
        unit_name: row.unit_name,
        name: row.name,
        phone: row.phone,
        id_number_masked,
    }
}
