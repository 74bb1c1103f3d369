//! The real-name and liveness sandbox. Its rules, so that tests can reach every branch:
//! - a name containing 不一致 (e.g. 李不一致) is reported as 实名信息不一致;
//! - a live face whose image carries the bytes `sandbox:face-mismatch` (in a JPEG comment or a
//!   PNG text chunk, say) is someone else's face: 人脸比对不通过; any other face matches;
//! - a prompt passes when its frames are not all the same picture (a still photo held up to
//!   the camera fails); Chromium's fake camera, which moves, passes.

use async_trait::async_trait;
use cloudsign_contract::real_name::LivenessPrompt;

use crate::providers::{
    IdentityToCheck, IdentityVerdict, LivenessProvider, LivenessVerdict, RealNameProvider,
};

pub struct SandboxRealName;

/// Carried by a live face that the sandbox treats as someone else's.
pub const FACE_MISMATCH_MARK: &[u8] = b"sandbox:face-mismatch";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[async_trait]
impl RealNameProvider for SandboxRealName {
    async fn verify(&self, identity: IdentityToCheck<'_>) -> anyhow::Result<IdentityVerdict> {
        tracing::info!(
            photo_bytes = identity.portrait_photo.map_or(0, <[u8]>::len),
            face_bytes = identity.live_face.len(),
            "sandbox real-name check"
        );
        Ok(if identity.name.contains("不一致") {
            IdentityVerdict::IdentityMismatch
        } else if contains(identity.live_face, FACE_MISMATCH_MARK) {
            IdentityVerdict::FaceMismatch
        } else {
            IdentityVerdict::Match
        })
    }
}

#[async_trait]
impl LivenessProvider for SandboxRealName {
    async fn judge(
        &self,
        frames: &[(LivenessPrompt, Vec<Vec<u8>>)],
    ) -> anyhow::Result<LivenessVerdict> {
        for (prompt, images) in frames {
            let still = images.windows(2).all(|pair| pair[0] == pair[1]);
            if still {
                return Ok(LivenessVerdict::Failed(format!(
                    "未检测到“{}”动作，请正对镜头、光线充足，按提示重试",
                    prompt.label()
                )));
            }
        }
        Ok(LivenessVerdict::Alive)
    }
}
