//! The 云签署 reference backend. `app` builds the whole HTTP surface from a state so that
//! tests drive it with `oneshot` and `main` only parses settings and serves.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use cloudsign_contract::Money;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use clock::{Clock, SystemClock};
use domain::rate_limit::RateLimits;
use domain::sms::SmsPolicy;
use providers::{
    CertificateAuthority, InvoiceProvider, LivenessProvider, Mailer, NoCertificateAuthority,
    NoInvoiceProvider, NoPaymentProvider, NoRealNameProvider, NoSmsProvider, NoWeChatJsApi,
    PaymentProvider, RealNameProvider, SmsProvider, WeChatJsApi,
};
use services::hashing::HashingQueue;

// Translations of the messages, keyed by the Chinese text (`locales/*.yml`).
rust_i18n::i18n!("locales");

/// The Chinese text `$key` in the request's language (see `i18n`), as a `String`, with
/// `%{name}` placeholders filled from `name = value` arguments.
macro_rules! tr {
    ($key:literal $(, $($args:tt)*)?) => {
        rust_i18n::t!($key, locale = $crate::i18n::current().code() $(, $($args)*)?).into_owned()
    };
}

pub mod clock;
pub mod config;
pub mod domain;
mod error;
mod extract;
pub mod i18n;
pub mod observability;
pub mod openapi;
pub mod providers;
mod routes;
pub mod sandbox;
mod security;
pub mod services;
mod spa;
pub mod store;

pub use config::Config;
use store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub sms: Arc<dyn SmsProvider>,
    pub sms_policy: SmsPolicy,
    pub rate_limits: RateLimits,
    pub hashing: HashingQueue,
    /// Content-Security-Policy violations the browsers reported (kept in the sandbox, for the
    /// end-to-end tests to assert that there were none).
    pub csp_reports: Arc<std::sync::Mutex<Vec<String>>>,
    pub real_name: Arc<dyn RealNameProvider>,
    pub liveness: Arc<dyn LivenessProvider>,
    pub payments: Arc<dyn PaymentProvider>,
    pub ca: Arc<dyn CertificateAuthority>,
    /// Where uploaded files live (a directory, or the database for several instances).
    pub files: Arc<dyn providers::files::FileStore>,
    /// Organizations' names, read once (they are configuration).
    pub org_names: Arc<std::sync::RwLock<std::collections::HashMap<String, String>>>,
    pub invoices: Arc<dyn InvoiceProvider>,
    pub mailer: Arc<dyn Mailer>,
    pub wechat: Arc<dyn WeChatJsApi>,
}

impl AppState {
    /// Creates the data directory and opens (and migrates) the database.
    pub async fn open(config: Config) -> anyhow::Result<AppState> {
        AppState::open_with_clock(config, Arc::new(SystemClock)).await
    }

    /// As `open`, with a clock of the caller's (tests move time with `ManualClock`).
    pub async fn open_with_clock(
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<AppState> {
        std::fs::create_dir_all(&config.data_dir)?;
        let store =
            Store::open_with_connections(&config.database_url(), config.database_connections)
                .await?;
        let sms: Arc<dyn SmsProvider> = if config.sandbox {
            Arc::new(sandbox::sms::SandboxSms {
                store: store.clone(),
                clock: clock.clone(),
            })
        } else {
            Arc::new(NoSmsProvider)
        };
        let payments: Arc<dyn PaymentProvider> = if config.sandbox {
            Arc::new(sandbox::wxpay::SandboxWxPay {
                store: store.clone(),
                clock: clock.clone(),
            })
        } else {
            Arc::new(NoPaymentProvider)
        };
        let (real_name, liveness): (Arc<dyn RealNameProvider>, Arc<dyn LivenessProvider>) =
            if config.sandbox {
                (
                    Arc::new(sandbox::real_name::SandboxRealName),
                    Arc::new(sandbox::real_name::SandboxRealName),
                )
            } else {
                (Arc::new(NoRealNameProvider), Arc::new(NoRealNameProvider))
            };
        if config.sandbox {
            services::seal_clients::register_sandbox(&store, clock.now()).await?;
        }
        let ca: Arc<dyn CertificateAuthority> = if config.sandbox {
            Arc::new(sandbox::ca::SandboxCa::load_or_create(&store, clock.as_ref()).await?)
        } else {
            Arc::new(NoCertificateAuthority)
        };
        let (invoices, mailer): (Arc<dyn InvoiceProvider>, Arc<dyn Mailer>) = if config.sandbox {
            let sandbox = Arc::new(sandbox::invoice::SandboxInvoices {
                store: store.clone(),
                clock: clock.clone(),
            });
            (sandbox.clone(), sandbox)
        } else {
            (Arc::new(NoInvoiceProvider), Arc::new(NoInvoiceProvider))
        };
        let wechat: Arc<dyn WeChatJsApi> = match (
            config.sandbox,
            &config.wechat_app_id,
            &config.wechat_app_secret,
        ) {
            (true, _, _) => Arc::new(sandbox::wechat::SandboxWeChat),
            (false, Some(app_id), Some(app_secret)) => {
                Arc::new(providers::official_account::OfficialAccount {
                    app_id: app_id.clone(),
                    app_secret: app_secret.clone(),
                    api_base: config.wechat_api_base.trim_end_matches('/').to_owned(),
                    store: store.clone(),
                    clock: clock.clone(),
                    http: reqwest::Client::new(),
                })
            }
            _ => Arc::new(NoWeChatJsApi),
        };
        let hashing = HashingQueue::new(config.hashing_workers, config.hashing_queue);
        let files: Arc<dyn providers::files::FileStore> = if config.files == "database" {
            Arc::new(providers::files::DatabaseFiles {
                store: store.clone(),
                clock: clock.clone(),
            })
        } else {
            if store.is_postgres() {
                // PostgreSQL is chosen for several instances, which a local directory breaks
                // unless it is a volume they all mount.
                tracing::warn!(
                    "uploads are kept under the data directory (--files local): with several \
                     instances, use --files database or a volume every instance mounts"
                );
            }
            Arc::new(providers::files::LocalFiles {
                root: config.data_dir.join("uploads"),
            })
        };
        let rate_limits = RateLimits {
            login: domain::rate_limit::Limit {
                per_address: config.login_per_address,
                global: config.login_per_minute,
            },
            ..RateLimits::default()
        };
        Ok(AppState {
            store,
            config: Arc::new(config),
            clock,
            sms,
            sms_policy: SmsPolicy::default(),
            rate_limits,
            hashing,
            csp_reports: Arc::default(),
            real_name,
            liveness,
            payments,
            ca,
            invoices,
            mailer,
            wechat,
            files,
            org_names: Arc::default(),
        })
    }

    pub fn default_cert_fee(&self) -> Money {
        Money {
            fen: self.config.cert_fee_fen,
        }
    }
}

pub fn app(state: AppState) -> Router {
    i18n::install();
    let router = Router::new().nest("/api", routes::api());
    // The sandboxes exist only when switched on: a production server has no /sandbox/.
    let router = if state.config.sandbox {
        router.nest("/sandbox", sandbox::router())
    } else {
        router
    };
    router
        .route("/metrics", axum::routing::get(observability::render))
        .fallback(spa::serve)
        .layer(axum::middleware::from_fn(i18n::request_locale))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(CompressionLayer::new())
        // Every answer carries the request's id (the client's `x-request-id`, or a new one), and
        // so does every log line written while it is handled.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            let path = observability::loggable_path(request.uri().path());
            tracing::info_span!("request", method = %request.method(), path = %path, request_id = %id)
        })
        // One line per answer (status and latency): the access log.
        .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)))
        .layer(SetRequestIdLayer::x_request_id(observability::RandomRequestId))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish and closes the database.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let sweeper = spawn_background_work(state.clone());
    // The peer address reaches handlers (the rate limits count per client).
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let result = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    store.close().await;
    result
}

/// The instance's background work (the order sweeper); every instance runs its own, and the
/// database decides which of them acts on a row.
pub fn spawn_background_work(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(close_expired_orders(state))
}

/// Closes unpaid orders whose time is up (at WeChat Pay first), every few seconds, so that an
/// order left alone is closed even if nobody looks at it (every read checks too); and forgets
/// old rate-limit windows.
async fn close_expired_orders(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        match services::orders::close_expired(&state).await {
            Ok(0) => {}
            Ok(closed) => tracing::info!(closed, "closed unpaid orders at expiry"),
            Err(err) => tracing::warn!(error = %err, "closing expired orders failed"),
        }
        let an_hour_ago = state.clock.now() - 3600;
        if let Err(err) = state.store.purge_rate_limits(an_hour_ago).await {
            tracing::warn!(error = %err, "purging old rate-limit windows failed");
        }
    }
}
