use cloudsign_contract::real_name::{IdCardSide, LivenessPrompt, LivenessSubmission, PromptFrames};
use cloudsign_contract::registration::RegistrationStep;
use leptos::html::Video;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use wasm_bindgen::JsCast;

use crate::api::{LivenessSubject, PublicApi};
use crate::components::{Button, NavBar, Stepper};
use crate::platform::camera::{self, Facing, use_camera_stream};
use crate::platform::image::{compress_photo, object_url};
use crate::platform::time::sleep;
use crate::routes::Page;
use crate::state::RegistrationToken;

/// Long side and size the photos are brought down to before upload.
const PHOTO_MAX_SIDE: u32 = 1600;
const PHOTO_TARGET_BYTES: f64 = 500.0 * 1024.0;
/// Frames captured per prompt, and the pause before and between them.
const FRAMES_PER_PROMPT: usize = 4;
const SETTLE_MS: i32 = 1200;
const FRAME_GAP_MS: i32 = 300;

#[derive(Debug, Clone, PartialEq)]
enum PhotoStatus {
    Empty,
    Preparing,
    Uploading { fraction: f64, preview: String },
    Uploaded { preview: String },
    Failed { message: String },
}

/// 实名认证: the two sides of the ID card, then the liveness check.
#[component]
pub fn RealName() -> impl IntoView {
    let Some(token) = RegistrationToken::load() else {
        return view! { <Redirect path=Page::Register.path() /> }.into_any();
    };
    let portrait = RwSignal::new(PhotoStatus::Empty);
    let emblem = RwSignal::new(PhotoStatus::Empty);
    let passed = RwSignal::new(false);
    let api = expect_context::<PublicApi>();
    let check_token = token.clone();
    // Reopened after passing: say so instead of asking again.
    let registration = LocalResource::new(move || {
        let token = check_token.clone();
        async move { api.registration(&token).await.ok() }
    });
    let already_passed = move || {
        passed.get()
            || registration.get().flatten().is_some_and(|state| {
                state.step != RegistrationStep::RealName && state.step != RegistrationStep::Identity
            })
    };
    let both_uploaded = move || {
        matches!(portrait.get(), PhotoStatus::Uploaded { .. })
            && matches!(emblem.get(), PhotoStatus::Uploaded { .. })
    };

    view! {
        <NavBar title="实名认证" back=Some(Page::ConfirmIdentity) />
        <div class="page real-name">
            <Stepper current=1 />
            {move || if already_passed() {
                view! {
                    <div class="card result-card" role="status">
                        <p class="result-title">"实名认证通过"</p>
                        <p class="notice-hint">"下一步：返回确认信息，输入验证码并支付证书费用。"</p>
                        <A href=Page::ConfirmIdentity.path() attr:class="btn btn-primary">"返回确认信息"</A>
                    </div>
                }.into_any()
            } else {
                let token = token.clone();
                view! {
                    <section class="card form-card">
                        <h1 class="form-title">"拍摄身份证"</h1>
                        <p class="notice-hint">"请将身份证放在光线充足处，四角完整、字迹清晰。"</p>
                        <div class="photo-tiles">
                            <PhotoTile side=IdCardSide::Portrait status=portrait token=token.clone() />
                            <PhotoTile side=IdCardSide::Emblem status=emblem token=token.clone() />
                        </div>
                    </section>
                    <Show when=both_uploaded>
                        <LivenessCheck subject=LivenessSubject::Registration(token.clone()) on_passed=Callback::new(move |_| passed.set(true)) />
                    </Show>
                }.into_any()
            }}
        </div>
    }
    .into_any()
}

/// One side of the ID card: pick or photograph it, see it shrink, upload with progress.
#[component]
fn PhotoTile(side: IdCardSide, status: RwSignal<PhotoStatus>, token: String) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let camera_open = RwSignal::new(false);
    let upload = Action::new_local(move |file: &web_sys::Blob| {
        let file = file.clone();
        let token = token.clone();
        async move {
            status.set(PhotoStatus::Preparing);
            let photo = match compress_photo(&file, PHOTO_MAX_SIDE, PHOTO_TARGET_BYTES).await {
                Ok(photo) => photo,
                Err(message) => return status.set(PhotoStatus::Failed { message }),
            };
            let preview = object_url(&photo).unwrap_or_default();
            status.set(PhotoStatus::Uploading {
                fraction: 0.0,
                preview: preview.clone(),
            });
            let progress_preview = preview.clone();
            let on_progress = Callback::new(move |fraction: f64| {
                status.set(PhotoStatus::Uploading {
                    fraction,
                    preview: progress_preview.clone(),
                })
            });
            match api.upload_id_photo(&token, side, &photo, on_progress).await {
                Ok(_) => status.set(PhotoStatus::Uploaded { preview }),
                Err(err) => status.set(PhotoStatus::Failed {
                    message: err.message(),
                }),
            }
        }
    });
    let input_id = format!("photo-{}", side.as_str());

    let picker_for = input_id.clone();
    view! {
        <div class="photo-slot">
            <button
                type="button"
                class="photo-tile"
                class:is-done=move || matches!(status.get(), PhotoStatus::Uploaded { .. })
                aria-label=format!("拍摄{}", side.label())
                on:click=move |_| camera_open.set(true)
            >
                {move || match status.get() {
                    PhotoStatus::Empty => view! {
                        <span class="card-frame" aria-hidden="true"></span>
                        <span class="photo-label">{format!("点击拍摄{}", side.label())}</span>
                    }.into_any(),
                    PhotoStatus::Preparing => view! {
                        <span class="card-frame" aria-hidden="true"><span class="spinner"></span></span>
                        <span class="photo-label">"正在处理图片…"</span>
                    }.into_any(),
                    PhotoStatus::Uploading { fraction, preview } => view! {
                        <img class="photo-preview" src=preview alt=side.label() />
                        <progress class="photo-progress" max="1" value=fraction.to_string()></progress>
                        <span class="photo-label">{format!("正在上传 {}%", (fraction * 100.0).round())}</span>
                    }.into_any(),
                    PhotoStatus::Uploaded { preview } => view! {
                        <img class="photo-preview" src=preview alt=side.label() />
                        <span class="photo-label photo-done">{format!("{}已上传 · 点击重拍", side.label())}</span>
                    }.into_any(),
                    PhotoStatus::Failed { message } => view! {
                        <span class="card-frame" aria-hidden="true"></span>
                        <span class="photo-label photo-error" role="alert">{message}</span>
                        <span class="photo-label">"点击重新拍摄"</span>
                    }.into_any(),
                }}
            </button>
            <input
                id=input_id
                class="visually-hidden"
                type="file"
                accept="image/*"
                capture="environment"
                name=side.as_str()
                on:change=move |ev| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    if let Some(file) = input.files().and_then(|files| files.get(0)) {
                        upload.dispatch_local(web_sys::Blob::from(file));
                    }
                    input.set_value("");
                }
            />
            <label class="link photo-picker" for=picker_for>"从相册选择"</label>
            <Show when=move || camera_open.get()>
                <CardCamera
                    side=side
                    on_photo=Callback::new(move |photo: web_sys::Blob| {
                        camera_open.set(false);
                        upload.dispatch_local(photo);
                    })
                    on_close=Callback::new(move |_| camera_open.set(false))
                />
            </Show>
        </div>
    }
}

/// The rear camera full screen, with the ID card's outline to line the card up in.
#[component]
fn CardCamera(
    side: IdCardSide,
    on_photo: Callback<web_sys::Blob>,
    on_close: Callback<()>,
) -> impl IntoView {
    let stream = use_camera_stream();
    let video = NodeRef::<Video>::new();
    let failure = RwSignal::new(None::<&'static str>);
    let open = Action::new_local(move |_: &()| async move {
        match camera::open_camera(Facing::Environment).await {
            Ok(camera_stream) => {
                if let Some(video) = video.get_untracked() {
                    camera::attach(&video, &camera_stream);
                }
                stream.set(Some(camera_stream));
            }
            Err(message) => failure.set(Some(message)),
        }
    });
    open.dispatch_local(());
    let shoot = Action::new_local(move |_: &()| async move {
        let Some(video) = video.get_untracked() else {
            return;
        };
        if let Some(photo) = camera::capture_blob(&video).await {
            on_photo.run(photo);
        }
    });
    let picker_for = format!("photo-{}", side.as_str());

    view! {
        <div class="camera-overlay" role="dialog" aria-label=format!("拍摄身份证{}", side.label())>
            <video node_ref=video class="camera-video" autoplay=true playsinline=true muted=true></video>
            <div class="camera-guide" aria-hidden="true"><span class="camera-card"></span></div>
            <p class="camera-hint">{format!("请将身份证{}置于框内，保持清晰", side.label())}</p>
            {move || failure.get().map(|message| view! {
                <div class="camera-failure" role="alert">
                    <p>{message}</p>
                    <label class="btn btn-primary" for=picker_for.clone() on:click=move |_| on_close.run(())>"从相册选择"</label>
                </div>
            })}
            <div class="camera-actions">
                <button type="button" class="btn btn-secondary camera-cancel" on:click=move |_| on_close.run(())>"取消"</button>
                <button
                    type="button"
                    class="camera-shutter"
                    aria-label="拍照"
                    disabled=move || failure.get().is_some() || stream.with(Option::is_none) || shoot.pending().get()
                    on:click=move |_| { shoot.dispatch_local(()); }
                ></button>
            </div>
        </div>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum LivenessPhase {
    Ready,
    Starting,
    Prompt(LivenessPrompt),
    Checking,
    Failed(String),
}

/// The liveness check: front camera, the server's prompts in turn, a few frames each.
#[component]
pub(crate) fn LivenessCheck(subject: LivenessSubject, on_passed: Callback<()>) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let phase = RwSignal::new(LivenessPhase::Ready);
    let stream = use_camera_stream();
    let video = NodeRef::<Video>::new();

    let run = Action::new_local(move |_: &()| {
        let subject = subject.clone();
        async move {
            phase.set(LivenessPhase::Starting);
            let challenge = match api.liveness_challenge_for(&subject).await {
                Ok(challenge) => challenge,
                Err(err) => return phase.set(LivenessPhase::Failed(err.message())),
            };
            let camera_stream = match camera::open_camera(Facing::User).await {
                Ok(camera_stream) => camera_stream,
                Err(message) => return phase.set(LivenessPhase::Failed(message.to_owned())),
            };
            stream.set(Some(camera_stream.clone()));
            let Some(video) = video.get_untracked() else {
                return;
            };
            let video: web_sys::HtmlVideoElement = video.unchecked_into();
            camera::attach(&video, &camera_stream);

            let mut frames = Vec::new();
            for prompt in challenge.prompts {
                phase.set(LivenessPhase::Prompt(prompt));
                sleep(SETTLE_MS).await;
                let mut images = Vec::new();
                while images.len() < FRAMES_PER_PROMPT {
                    if let Some(image) = camera::capture_jpeg_base64(&video, 320) {
                        images.push(image);
                    }
                    sleep(FRAME_GAP_MS).await;
                }
                frames.push(PromptFrames { prompt, images });
            }
            camera::stop_camera(&camera_stream);
            camera::detach(&video);
            stream.set(None);
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
    let camera_on = move || {
        matches!(
            phase.get(),
            LivenessPhase::Starting | LivenessPhase::Prompt(_)
        )
    };

    view! {
        <section class="card form-card liveness">
            <h2 class="form-title">"刷脸认证"</h2>
            <div class="face-frame" class:is-active=camera_on>
                <video node_ref=video class="face-video" autoplay=true playsinline=true muted=true></video>
                <div class="face-prompt" aria-live="assertive">
                    {move || match phase.get() {
                        LivenessPhase::Prompt(prompt) => prompt.label().to_owned(),
                        LivenessPhase::Starting => "正在打开摄像头…".to_owned(),
                        LivenessPhase::Checking => "正在认证…".to_owned(),
                        _ => String::new(),
                    }}
                </div>
            </div>
            <p class="notice-hint">"请正对手机，保持光线充足，按屏幕提示完成动作。"</p>
            {move || match phase.get() {
                LivenessPhase::Failed(message) => Some(view! { <div class="notice notice-warn" role="alert"><p>{message}</p></div> }),
                _ => None,
            }}
            <Button
                label=Signal::derive(move || if matches!(phase.get(), LivenessPhase::Failed(_)) { "重新认证".to_owned() } else { "开始刷脸认证".to_owned() })
                loading=Signal::derive(move || matches!(phase.get(), LivenessPhase::Starting | LivenessPhase::Prompt(_) | LivenessPhase::Checking))
                on_click=Callback::new(move |_| { run.dispatch(()); })
            />
        </section>
    }
}
