//! 实名认证: the ID card's two sides, then the liveness check, then the real-name check.

use base64::Engine;
use cloudsign_contract::real_name::{
    IdCardSide, LivenessChallenge, LivenessPrompt, LivenessSubmission, PhotoReceipt,
};
use cloudsign_contract::registration::{RegistrationState, RegistrationStep};

use crate::AppState;
use crate::domain::images::{ID_PHOTO, LIVENESS_FRAME, check_image};
use crate::domain::liveness::{
    CHALLENGE_LIFETIME, MAX_FRAMES, MIN_FRAMES, best_frame, decode_prompts, encode_prompts,
    new_prompts,
};
use crate::domain::registration::new_registration_id;
use crate::error::AppError;
use crate::providers::{IdentityToCheck, IdentityVerdict, LivenessVerdict};
use crate::services::registration;
use crate::store::{IdentityVerdictRecord, RealNamePassed, RegistrationRow, StoredPhoto};

async fn at_real_name_step(
    state: &AppState,
    registration_id: &str,
) -> Result<RegistrationRow, AppError> {
    let row = registration::find(state, registration_id).await?;
    match row.step() {
        RegistrationStep::RealName => Ok(row),
        RegistrationStep::Identity => Err(AppError::WrongStep(tr!("请先确认姓名与身份证号"))),
        _ => Err(AppError::WrongStep(tr!("实名认证已完成"))),
    }
}

/// Stores one side's photo after checking that it is a real image within the limits.
pub async fn upload_photo(
    state: &AppState,
    registration_id: &str,
    side: IdCardSide,
    bytes: &[u8],
) -> Result<PhotoReceipt, AppError> {
    let row = at_real_name_step(state, registration_id).await?;
    let info = check_image(bytes, ID_PHOTO).map_err(AppError::BadRequest)?;
    let path = format!("{}/{}.{}", row.id, side.as_str(), info.format.extension());
    state.files.put(&path, bytes).await?;
    let sha256 = sha256_hex(bytes);
    let photo = StoredPhoto {
        registration_id: &row.id,
        side,
        path: &path,
        width: info.width,
        height: info.height,
        bytes: bytes.len() as u64,
        sha256: &sha256,
    };
    state.store.save_id_photo(photo, state.clock.now()).await?;
    Ok(PhotoReceipt {
        side,
        width: info.width,
        height: info.height,
        bytes: bytes.len() as u64,
    })
}

/// The prompts of a new liveness check; both photos must be there first.
pub async fn new_challenge(
    state: &AppState,
    registration_id: &str,
) -> Result<LivenessChallenge, AppError> {
    let row = at_real_name_step(state, registration_id).await?;
    for side in IdCardSide::BOTH {
        if state.store.id_photo_path(&row.id, side).await?.is_none() {
            return Err(AppError::WrongStep(tr!(
                "请先上传身份证%{side}",
                side = side.label()
            )));
        }
    }
    let prompts = new_prompts();
    let challenge_id = new_registration_id();
    state
        .store
        .insert_challenge(
            &challenge_id,
            &row.id,
            &encode_prompts(&prompts),
            state.clock.now(),
        )
        .await?;
    Ok(LivenessChallenge {
        challenge_id,
        prompts,
    })
}

/// Judges the frames; when they pass, the real-name service checks in one call that the name
/// and ID number belong together and that the live face is that person's (against the ID card's
/// portrait and the authority's photo). A match moves the registration on to payment, keeps the
/// verdict with hashes of the images, and deletes the ID card photos.
pub async fn submit_liveness(
    state: &AppState,
    registration_id: &str,
    submission: &LivenessSubmission,
) -> Result<RegistrationState, AppError> {
    let row = at_real_name_step(state, registration_id).await?;
    let now = state.clock.now();
    let challenge = state
        .store
        .find_challenge(&submission.challenge_id)
        .await?
        .filter(|challenge| challenge.registration_id == row.id)
        .ok_or_else(|| AppError::BadRequest(tr!("活体检测已失效，请重新开始")))?;
    if challenge.used_at.is_some() || now > challenge.created_at + CHALLENGE_LIFETIME {
        return Err(AppError::BadRequest(tr!("活体检测已失效，请重新开始")));
    }
    let decoded = decode_frames(&decode_prompts(&challenge.prompts), submission)?;
    // One attempt per challenge: a failed one needs new prompts.
    if !state.store.use_challenge(&challenge.id, now).await? {
        return Err(AppError::BadRequest(tr!("活体检测已失效，请重新开始")));
    }
    if let LivenessVerdict::Failed(message) = state.liveness.judge(&decoded).await? {
        return Err(AppError::LivenessFailed(message));
    }
    let live_face =
        best_frame(&decoded).ok_or_else(|| AppError::BadRequest(tr!("未采集到画面，请重试")))?;
    let (portrait_path, portrait_sha256) = photo_of(state, &row.id, IdCardSide::Portrait).await?;
    let (_, emblem_sha256) = photo_of(state, &row.id, IdCardSide::Emblem).await?;
    let portrait_photo = state.files.get(&portrait_path).await?;
    let id_number = row
        .id_number
        .as_deref()
        .ok_or_else(|| AppError::WrongStep(tr!("请先确认姓名与身份证号")))?;
    let verdict = state
        .real_name
        .verify(IdentityToCheck {
            name: &row.name,
            id_number,
            portrait_photo: Some(&portrait_photo),
            live_face,
        })
        .await?;
    let face_sha256 = sha256_hex(live_face);
    let record = IdentityVerdictRecord {
        subject_kind: "registration",
        subject_id: &row.id,
        verdict: verdict.as_str(),
        portrait_sha256: Some(&portrait_sha256),
        emblem_sha256: Some(&emblem_sha256),
        face_sha256: &face_sha256,
        checked_at: now,
    };
    if verdict != IdentityVerdict::Match {
        // The photos stay for the retry the person is offered; the verdict is kept.
        state.store.record_identity_verdict(&record).await?;
        return Err(verdict_error(verdict));
    }
    let passed = RealNamePassed {
        registration_id: &row.id,
        name: &row.name,
        id_number,
        verdict: record,
        now,
    };
    if !state.store.pass_real_name(passed).await? {
        return Err(AppError::WrongStep(tr!(
            "注册信息已修改，请重新确认信息后再认证"
        )));
    }
    delete_id_photos(state, &row.id).await;
    registration::load(state, &row.id).await
}

/// What the person is told when the real-name service did not find a match.
pub(crate) fn verdict_error(verdict: IdentityVerdict) -> AppError {
    match verdict {
        IdentityVerdict::IdentityMismatch => AppError::RealNameMismatch(tr!(
            "实名信息不一致：请确认姓名、身份证号与身份证照片属于本人，修改后重新认证"
        )),
        IdentityVerdict::FaceMismatch | IdentityVerdict::Match => AppError::FaceMismatch(tr!(
            "人脸比对未通过：请本人正对镜头、光线充足，重新刷脸认证"
        )),
    }
}

async fn photo_of(
    state: &AppState,
    registration_id: &str,
    side: IdCardSide,
) -> Result<(String, String), AppError> {
    state
        .store
        .id_photo_path(registration_id, side)
        .await?
        .ok_or_else(|| AppError::WrongStep(tr!("请先上传身份证%{side}", side = side.label())))
}

/// The ID card photos are not needed once the verdict is stored (个人信息保护法's minimum):
/// their files go; their hashes stay with the verdict.
async fn delete_id_photos(state: &AppState, registration_id: &str) {
    if let Err(err) = state.files.delete_all(registration_id).await {
        tracing::error!(registration_id, error = %err, "deleting ID card photos failed");
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// Each prompt with the images taken while it was shown.
pub(crate) type DecodedFrames = Vec<(LivenessPrompt, Vec<Vec<u8>>)>;

/// The frames of a liveness submission, checked against the prompts that were asked (order,
/// count, real images) and decoded.
pub(crate) fn decode_frames(
    expected: &[LivenessPrompt],
    submission: &LivenessSubmission,
) -> Result<DecodedFrames, AppError> {
    let sent: Vec<LivenessPrompt> = submission
        .frames
        .iter()
        .map(|frames| frames.prompt)
        .collect();
    if sent != expected {
        return Err(AppError::BadRequest(tr!("请按提示的顺序完成动作")));
    }
    let mut decoded = Vec::with_capacity(submission.frames.len());
    for frames in &submission.frames {
        if !(MIN_FRAMES..=MAX_FRAMES).contains(&frames.images.len()) {
            return Err(AppError::BadRequest(tr!("采集的画面数量不正确，请重试")));
        }
        let mut images = Vec::with_capacity(frames.images.len());
        for image in &frames.images {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(image)
                .map_err(|_| AppError::BadRequest(tr!("采集的画面已损坏，请重试")))?;
            check_image(&bytes, LIVENESS_FRAME).map_err(AppError::BadRequest)?;
            images.push(bytes);
        }
        decoded.push((frames.prompt, images));
    }
    Ok(decoded)
}
