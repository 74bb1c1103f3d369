//! Bringing a registration into another browser: a short-lived, single-use resume link (for
//! WeChat Pay's return and the desktop's 「在手机上继续」), or the phone number and an SMS code.
//! Neither carries a login or the signing password: only the registration, which is also all
//! the app keeps of it.

use cloudsign_contract::registration::{
    ContinueRegistration, RegistrationState, ResumeLink, ResumeTarget, Resumed,
};
use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;

use crate::AppState;
use crate::domain::orgs::org_from_row;
use crate::domain::sessions::{new_token, token_hash};
use crate::domain::sms::CodeCheck;
use crate::error::AppError;
use crate::services::registration;
use crate::services::sms::redeem_code;
use crate::store::Redeemed;

/// How long a resume link works: longer than an order stays open (10 minutes), so that the
/// return from WeChat Pay always finds it.
pub const RESUME_LINK_TTL_SECS: i64 = 20 * 60;

fn target_str(target: ResumeTarget) -> &'static str {
    match target {
        ResumeTarget::PayResult => "pay_result",
        ResumeTarget::Step => "step",
    }
}

/// A new link for the registration (whoever holds its id may ask).
pub async fn create_link(
    state: &AppState,
    registration_id: &str,
    target: ResumeTarget,
) -> Result<ResumeLink, AppError> {
    let row = registration::find(state, registration_id).await?;
    let (token, now) = (new_token(), state.clock.now());
    let expires_at = now + RESUME_LINK_TTL_SECS;
    state
        .store
        .insert_resume_link(
            &token_hash(&token),
            &row.id,
            target_str(target),
            now,
            expires_at,
        )
        .await?;
    Ok(ResumeLink { token, expires_at })
}

/// Opens a link: once, in time.
pub async fn redeem(state: &AppState, token: &str) -> Result<Resumed, AppError> {
    let now = state.clock.now();
    let (registration_id, target) = match state
        .store
        .redeem_resume_link(&token_hash(token), now)
        .await?
    {
        Redeemed::Registration(id, target) => (id, target),
        Redeemed::Used => {
            return Err(AppError::WrongStep(tr!(
                "该链接已使用过，请用手机号和验证码继续办理"
            )));
        }
        Redeemed::Expired => {
            return Err(AppError::Expired(tr!(
                "该链接已过期，请用手机号和验证码继续办理"
            )));
        }
        Redeemed::Unknown => {
            return Err(AppError::NotFound(tr!(
                "链接无效，请用手机号和验证码继续办理"
            )));
        }
    };
    let target = if target == "pay_result" {
        ResumeTarget::PayResult
    } else {
        ResumeTarget::Step
    };
    resumed(state, &registration_id, target).await
}

/// 继续办理: the phone's registration in progress, once its `register` code is right.
pub async fn continue_by_phone(
    state: &AppState,
    request: &ContinueRegistration,
) -> Result<Resumed, AppError> {
    let phone = Phone::parse(&request.phone).map_err(|err| AppError::BadRequest(err.message()))?;
    let code =
        SmsCode::parse(&request.sms_code).map_err(|err| AppError::BadRequest(err.message()))?;
    let org = state
        .store
        .find_org(&request.org_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("机构不存在，请重新选择机构")))?;
    match redeem_code(state, &phone, SmsPurpose::Register, &code).await? {
        CodeCheck::Accepted => {}
        refused => return Err(AppError::InvalidCode(refused.message())),
    }
    if let Some(open) = state.store.open_registration(&org.id, &phone).await? {
        return resumed(state, &open.id, ResumeTarget::Step).await;
    }
    if state.store.find_user(&org.id, &phone).await?.is_some() {
        return Err(AppError::AlreadyRegistered(tr!(
            "该手机号已在%{org}注册，请直接登录",
            org = org.name
        )));
    }
    Err(AppError::NotFound(tr!(
        "该手机号没有进行中的注册，请重新注册"
    )))
}

async fn resumed(
    state: &AppState,
    registration_id: &str,
    target: ResumeTarget,
) -> Result<Resumed, AppError> {
    let registration: RegistrationState = registration::load(state, registration_id).await?;
    let org = state
        .store
        .find_org(&registration.org_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("registration {registration_id} without organization"))?;
    Ok(Resumed {
        registration,
        org: org_from_row(org, state.default_cert_fee()),
        target,
    })
}
