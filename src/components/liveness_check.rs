use cloudsign_contract::real_name::{LivenessSubmission, PromptFrames};
use leptos::html::Video;
use leptos::prelude::*;

use super::Button;
use crate::api::{LivenessSubject, PublicApi};
use crate::platform::camera::{Facing, capture_jpeg_base64, use_camera};
use crate::platform::time::sleep;
use crate::real_name::{FRAME_GAP_MS, FRAME_WIDTH, FRAMES_PER_PROMPT, LivenessPhase, SETTLE_MS};

/// 刷脸认证: the front camera, the server's prompts in turn, a few frames each, then the
/// server's verdict (liveness, and the face against the person). Used by 实名认证 and by
/// 重置签署密码 (`subject`); `on_passed` when the server accepts.
#[component]
pub fn LivenessCheck(subject: LivenessSubject, on_passed: Callback<()>) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let phase = RwSignal::new(LivenessPhase::Ready);
    let video = NodeRef::<Video>::new();
    let camera = use_camera(video);

    let run = Action::new_local(move |_: &()| {
        let (subject, camera) = (subject.clone(), camera.clone());
        async move {
            phase.set(LivenessPhase::Starting);
            let challenge = match api.liveness_challenge_for(&subject).await {
                Ok(challenge) => challenge,
                Err(err) => return phase.set(LivenessPhase::Failed(err.message())),
            };
            if let Err(message) = camera.open(Facing::User).await {
                // The page may be gone by now (the camera answered late): nothing to show then.
                phase.try_set(LivenessPhase::Failed(message.to_owned()));
                return;
            }
            let Some(element) = video.get_untracked() else {
                return;
            };
            let mut frames = Vec::new();
            for prompt in challenge.prompts {
                phase.set(LivenessPhase::Prompt(prompt));
                sleep(SETTLE_MS).await;
                let mut images = Vec::new();
                while images.len() < FRAMES_PER_PROMPT {
                    if let Some(image) = capture_jpeg_base64(&element, FRAME_WIDTH) {
                        images.push(image);
                    }
                    sleep(FRAME_GAP_MS).await;
                }
                frames.push(PromptFrames { prompt, images });
            }
            camera.stop();
            phase.set(LivenessPhase::Checking);
            let submission = LivenessSubmission {
                challenge_id: challenge.challenge_id,
                frames,
            };
            match api.submit_liveness_for(&subject, &submission).await {
                Ok(_) => on_passed.run(()),
                Err(err) => phase.set(LivenessPhase::Failed(err.message())),
            }
        }
    });

    view! {
        <section class="card form-card liveness">
            <h2 class="form-title">{tr!("刷脸认证")}</h2>
            <div class="face-frame" class:is-active=move || phase.with(LivenessPhase::camera_on)>
                <video node_ref=video class="face-video" autoplay=true playsinline=true muted=true></video>
                <div class="face-prompt" aria-live="assertive">{move || phase.with(LivenessPhase::prompt_text)}</div>
            </div>
            <p class="notice-hint">{tr!("请正对手机，保持光线充足，按屏幕提示完成动作。")}</p>
            {move || phase.with(|p| p.failure().map(str::to_owned)).map(|message| view! {
                <div class="notice notice-warn" role="alert"><p>{message}</p></div>
            })}
            <Button
                label=Signal::derive(move || phase.with(LivenessPhase::button_label).to_owned())
                loading=Signal::derive(move || phase.with(LivenessPhase::busy))
                on_click=Callback::new(move |_| { run.dispatch(()); })
            />
        </section>
    }
}
