use cloudsign_contract::real_name::IdCardSide;
use cloudsign_contract::registration::RegistrationStep;
use leptos::html::Video;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};

use crate::api::{LivenessSubject, PublicApi};
use crate::components::{LivenessCheck, NavBar, Stepper};
use crate::platform::camera::{Facing, capture_blob, use_camera};
use crate::platform::focus::use_modal_focus;
use crate::platform::image::{compress_photo, object_url};
use crate::real_name::{PHOTO_MAX_SIDE, PHOTO_TARGET_BYTES, PhotoStatus};
use crate::routes::Page;
use crate::state::RegistrationToken;

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
    let both_uploaded =
        move || portrait.with(PhotoStatus::is_done) && emblem.with(PhotoStatus::is_done);

    view! {
        <NavBar title=tr!("实名认证") back=Some(Page::ConfirmIdentity) />
        <div class="page real-name">
            <Stepper current=1 />
            {move || if already_passed() {
                view! {
                    <div class="card result-card" role="status">
                        <p class="result-title">{tr!("实名认证通过")}</p>
                        <p class="notice-hint">{tr!("下一步：返回确认信息，输入验证码并支付证书费用。")}</p>
                        <A href=Page::ConfirmIdentity.path() attr:class="btn btn-primary">{tr!("返回确认信息")}</A>
                    </div>
                }.into_any()
            } else {
                let token = token.clone();
                view! {
                    <section class="card form-card">
                        <h2 class="form-title">{tr!("拍摄身份证")}</h2>
                        <p class="notice-hint">{tr!("请将身份证放在光线充足处，四角完整、字迹清晰。")}</p>
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
            let on_progress = Callback::new(move |fraction: f64| {
                status.update(|s| *s = s.clone().with_progress(fraction))
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
                class:is-done=move || status.with(PhotoStatus::is_done)
                aria-label=tr!("拍摄%{side}", side = side.label())
                on:click=move |_| camera_open.set(true)
            >
                {move || {
                    let current = status.get();
                    let label = current.label(side);
                    match current {
                        PhotoStatus::Empty => view! {
                            <span class="card-frame" aria-hidden="true"></span>
                            <span class="photo-label">{label}</span>
                        }.into_any(),
                        PhotoStatus::Preparing => view! {
                            <span class="card-frame" aria-hidden="true"><span class="spinner"></span></span>
                            <span class="photo-label">{label}</span>
                        }.into_any(),
                        PhotoStatus::Uploading { fraction, preview } => view! {
                            <img class="photo-preview" src=preview alt=side.label() />
                            <progress class="photo-progress" max="1" value=fraction.to_string()></progress>
                            <span class="photo-label">{label}</span>
                        }.into_any(),
                        PhotoStatus::Uploaded { preview } => view! {
                            <img class="photo-preview" src=preview alt=side.label() />
                            <span class="photo-label photo-done">{label}</span>
                        }.into_any(),
                        PhotoStatus::Failed { message } => view! {
                            <span class="card-frame" aria-hidden="true"></span>
                            <span class="photo-label photo-error" role="alert">{message}</span>
                            <span class="photo-label">{label}</span>
                        }.into_any(),
                    }
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
            <label class="link photo-picker" for=picker_for>{tr!("从相册选择")}</label>
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
    let video = NodeRef::<Video>::new();
    let camera = use_camera(video);
    let failure = camera.error;
    let live = camera.live;
    Effect::new(move || {
        if video.get().is_some() {
            let camera = camera.clone();
            leptos::task::spawn_local(async move {
                let _ = camera.open(Facing::Environment).await;
            });
        }
    });
    let shoot = Action::new_local(move |_: &()| async move {
        let Some(video) = video.get_untracked() else {
            return;
        };
        if let Some(photo) = capture_blob(&video).await {
            on_photo.run(photo);
        }
    });
    let picker_for = format!("photo-{}", side.as_str());
    let overlay = NodeRef::<leptos::html::Div>::new();
    let on_keydown = use_modal_focus(move || overlay.get().map(Into::into), on_close);

    view! {
        <div class="camera-overlay" node_ref=overlay on:keydown=on_keydown role="dialog" aria-modal="true"
            aria-label=tr!("拍摄身份证%{side}", side = side.label())>
            <video node_ref=video class="camera-video" autoplay=true playsinline=true muted=true></video>
            <div class="camera-guide" aria-hidden="true"><span class="camera-card"></span></div>
            <p class="camera-hint">{tr!("请将身份证%{side}置于框内，保持清晰", side = side.label())}</p>
            {move || failure.get().map(|message| view! {
                <div class="camera-failure" role="alert">
                    <p>{message}</p>
                    <label class="btn btn-primary" for=picker_for.clone() on:click=move |_| on_close.run(())>{tr!("从相册选择")}</label>
                </div>
            })}
            <div class="camera-actions">
                <button type="button" class="btn btn-secondary camera-cancel" on:click=move |_| on_close.run(())>{tr!("取消")}</button>
                <button
                    type="button"
                    class="camera-shutter"
                    aria-label=tr!("拍照")
                    disabled=move || failure.get().is_some() || !live.get() || shoot.pending().get()
                    on:click=move |_| { shoot.dispatch_local(()); }
                ></button>
            </div>
        </div>
    }
}
