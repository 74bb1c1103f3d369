//! 实名认证's states, without the browser: an ID card photo from empty to uploaded, and the
//! liveness check from ready through its prompts to a verdict. The components show them.

use cloudsign_contract::real_name::{IdCardSide, LivenessPrompt};

/// Long side and size the photos are brought down to before upload.
pub const PHOTO_MAX_SIDE: u32 = 1600;
pub const PHOTO_TARGET_BYTES: f64 = 500.0 * 1024.0;
/// Frames captured per prompt, their width, and the pause before and between them.
pub const FRAMES_PER_PROMPT: usize = 4;
pub const FRAME_WIDTH: u32 = 320;
pub const SETTLE_MS: i32 = 1200;
pub const FRAME_GAP_MS: i32 = 300;

/// One side of the ID card.
#[derive(Debug, Clone, PartialEq)]
pub enum PhotoStatus {
    Empty,
    /// Being shrunk in the browser.
    Preparing,
    Uploading {
        fraction: f64,
        preview: String,
    },
    Uploaded {
        preview: String,
    },
    Failed {
        message: String,
    },
}

impl PhotoStatus {
    pub fn is_done(&self) -> bool {
        matches!(self, PhotoStatus::Uploaded { .. })
    }

    /// The picture to show, once there is one.
    pub fn preview(&self) -> Option<&str> {
        match self {
            PhotoStatus::Uploading { preview, .. } | PhotoStatus::Uploaded { preview } => {
                Some(preview)
            }
            _ => None,
        }
    }

    /// What the tile says.
    pub fn label(&self, side: IdCardSide) -> String {
        match self {
            PhotoStatus::Empty => tr!("点击拍摄%{side}", side = side.label()),
            PhotoStatus::Preparing => tr!("正在处理图片…").to_owned(),
            PhotoStatus::Uploading { fraction, .. } => {
                tr!(
                    "正在上传 %{percent}%",
                    percent = (fraction.clamp(0.0, 1.0) * 100.0).round()
                )
            }
            PhotoStatus::Uploaded { .. } => tr!("%{side}已上传 · 点击重拍", side = side.label()),
            PhotoStatus::Failed { .. } => tr!("点击重新拍摄").to_owned(),
        }
    }

    /// Progress as the upload reports it; a late report after the end changes nothing.
    pub fn with_progress(self, fraction: f64) -> PhotoStatus {
        match self {
            PhotoStatus::Uploading { preview, .. } => PhotoStatus::Uploading { fraction, preview },
            other => other,
        }
    }
}

/// The liveness check.
#[derive(Debug, Clone, PartialEq)]
pub enum LivenessPhase {
    Ready,
    /// Asking for the prompts and opening the front camera.
    Starting,
    /// Showing a prompt while its frames are taken.
    Prompt(LivenessPrompt),
    /// The frames are with the server.
    Checking,
    Failed(String),
}

impl LivenessPhase {
    pub fn camera_on(&self) -> bool {
        matches!(self, LivenessPhase::Starting | LivenessPhase::Prompt(_))
    }

    /// Running: the button waits.
    pub fn busy(&self) -> bool {
        matches!(
            self,
            LivenessPhase::Starting | LivenessPhase::Prompt(_) | LivenessPhase::Checking
        )
    }

    /// What the face frame says.
    pub fn prompt_text(&self) -> String {
        match self {
            LivenessPhase::Prompt(prompt) => prompt.label(),
            LivenessPhase::Starting => tr!("正在打开摄像头…"),
            LivenessPhase::Checking => tr!("正在认证…"),
            LivenessPhase::Ready | LivenessPhase::Failed(_) => String::new(),
        }
    }

    pub fn button_label(&self) -> String {
        if matches!(self, LivenessPhase::Failed(_)) {
            tr!("重新认证")
        } else {
            tr!("开始刷脸认证")
        }
    }

    pub fn failure(&self) -> Option<&str> {
        match self {
            LivenessPhase::Failed(message) => Some(message),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_goes_from_empty_to_uploaded_with_its_progress() {
        let side = IdCardSide::Portrait;
        assert_eq!(PhotoStatus::Empty.label(side), "点击拍摄人像面");
        let uploading = PhotoStatus::Uploading {
            fraction: 0.0,
            preview: "blob:1".into(),
        };
        let halfway = uploading.with_progress(0.456);
        assert_eq!(halfway.label(side), "正在上传 46%");
        assert_eq!(halfway.preview(), Some("blob:1"));
        assert!(!halfway.is_done());
        let done = PhotoStatus::Uploaded {
            preview: "blob:1".into(),
        };
        assert!(done.is_done());
        assert_eq!(done.label(side), "人像面已上传 · 点击重拍");
        assert_eq!(
            done.clone().with_progress(0.9),
            done,
            "a late report changes nothing"
        );
        let failed = PhotoStatus::Failed {
            message: "图片太大".into(),
        };
        assert_eq!(failed.label(side), "点击重新拍摄");
        assert_eq!(failed.preview(), None);
    }

    #[test]
    fn the_liveness_check_says_what_to_do_at_each_phase() {
        assert!(!LivenessPhase::Ready.busy());
        assert_eq!(LivenessPhase::Ready.button_label(), "开始刷脸认证");
        assert!(LivenessPhase::Starting.camera_on() && LivenessPhase::Starting.busy());
        let blink = LivenessPhase::Prompt(LivenessPrompt::Blink);
        assert!(blink.camera_on());
        assert_eq!(blink.prompt_text(), LivenessPrompt::Blink.label());
        assert!(!LivenessPhase::Checking.camera_on() && LivenessPhase::Checking.busy());
        assert_eq!(LivenessPhase::Checking.prompt_text(), "正在认证…");
        let failed = LivenessPhase::Failed("人脸比对未通过".into());
        assert_eq!(failed.button_label(), "重新认证");
        assert_eq!(failed.failure(), Some("人脸比对未通过"));
        assert!(!failed.busy() && !failed.camera_on());
    }
}
