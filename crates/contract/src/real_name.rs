//! 实名认证: the ID card photos and the liveness check.

use serde::{Deserialize, Serialize};

/// Which side of the resident ID card a photo shows.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdCardSide {
    /// 人像面
    Portrait,
    /// 国徽面
    Emblem,
}

impl IdCardSide {
    pub const BOTH: [IdCardSide; 2] = [IdCardSide::Portrait, IdCardSide::Emblem];

    pub const fn as_str(self) -> &'static str {
        match self {
            IdCardSide::Portrait => "portrait",
            IdCardSide::Emblem => "emblem",
        }
    }

    pub fn label(self) -> String {
        match self {
            IdCardSide::Portrait => tr!("人像面"),
            IdCardSide::Emblem => tr!("国徽面"),
        }
    }

    pub fn parse(text: &str) -> Option<IdCardSide> {
        IdCardSide::BOTH
            .into_iter()
            .find(|side| side.as_str() == text)
    }
}

/// `PUT /api/registrations/{id}/id-card/{side}` (the body is the JPEG or PNG itself).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoReceipt {
    pub side: IdCardSide,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// An action the person performs in front of the front camera.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LivenessPrompt {
    Blink,
    OpenMouth,
    ShakeHead,
}

impl LivenessPrompt {
    pub const ALL: [LivenessPrompt; 3] = [
        LivenessPrompt::Blink,
        LivenessPrompt::OpenMouth,
        LivenessPrompt::ShakeHead,
    ];

    /// What the screen says.
    pub fn label(self) -> String {
        match self {
            LivenessPrompt::Blink => tr!("眨眨眼"),
            LivenessPrompt::OpenMouth => tr!("张张嘴"),
            LivenessPrompt::ShakeHead => tr!("左右摇头"),
        }
    }
}

/// `POST /api/registrations/{id}/liveness/challenge`: the prompts, in the order to perform them.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LivenessChallenge {
    pub challenge_id: String,
    pub prompts: Vec<LivenessPrompt>,
}

/// The frames captured while one prompt was shown, each a base64 JPEG.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PromptFrames {
    pub prompt: LivenessPrompt,
    pub images: Vec<String>,
}

/// `POST /api/registrations/{id}/liveness`: answered with the registration, or with
/// `liveness_failed` / `real_name_mismatch` and what to do.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LivenessSubmission {
    pub challenge_id: String,
    pub frames: Vec<PromptFrames>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_and_prompts_have_wire_names_and_labels() {
        for side in IdCardSide::BOTH {
            assert_eq!(IdCardSide::parse(side.as_str()), Some(side));
        }
        assert_eq!(
            serde_json::to_string(&LivenessPrompt::OpenMouth).unwrap(),
            "\"open_mouth\""
        );
        assert_eq!(LivenessPrompt::ShakeHead.label(), "左右摇头");
        assert_eq!(IdCardSide::Emblem.label(), "国徽面");
    }
}
