use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Settings of the reference backend, from flags or the environment.
#[derive(Parser, Debug, Clone)]
#[command(name = "cloudsign-server", version, about = "云签署 reference backend")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "CLOUDSIGN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Directory for the database and uploaded files; created when missing.
    #[arg(long = "data", env = "CLOUDSIGN_DATA", default_value = ".data")]
    pub data_dir: PathBuf,

    /// Database URL: `postgres://user@host/db` for PostgreSQL (several instances on one
    /// database), `sqlite://path`, or by default an SQLite file `cloudsign.db` inside the data
    /// directory. Migrations run at start on either.
    #[arg(long, env = "CLOUDSIGN_DATABASE_URL")]
    pub database_url: Option<String>,

    /// At most this many connections to the database per instance (by default 16 on
    /// PostgreSQL, 8 on SQLite). With N instances PostgreSQL's `max_connections` must exceed
    /// N times this.
    #[arg(long, env = "CLOUDSIGN_DATABASE_CONNECTIONS")]
    pub database_connections: Option<u32>,

    /// The built SPA (trunk's `dist/`), served at `/` with client routes falling back to index.html.
    #[arg(long, env = "CLOUDSIGN_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// The app's public address (`https://sign.example.com`), for the links the sealing
    /// clients' QR codes carry; by default the address the client called.
    #[arg(long, env = "CLOUDSIGN_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// A bearer token that lets others than the loopback read `/metrics`; without it only
    /// the loopback can (a sidecar or the host's agent).
    #[arg(long, env = "CLOUDSIGN_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Log lines as `text` (for people) or `json` (one object a line, for a log pipeline).
    #[arg(long, env = "CLOUDSIGN_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,

    /// Where uploaded files (ID card photos until the verdict) live: `local` (under the data
    /// directory; one instance, or a volume all instances share) or `database`.
    #[arg(long, env = "CLOUDSIGN_FILES", default_value = "local", value_parser = ["local", "database"])]
    pub files: String,

    /// Mount the sandboxes of the outside parties under `/sandbox/` and use them as providers.
    #[arg(long, env = "CLOUDSIGN_SANDBOX", default_value_t = false, action = clap::ArgAction::Set)]
    pub sandbox: bool,

    /// Yearly fee of the 个人移动证书 in 分, for organizations without a fee of their own
    /// (GDCA charges 130 元 a year).
    #[arg(long, env = "CLOUDSIGN_CERT_FEE_FEN", default_value_t = 13_000)]
    pub cert_fee_fen: u64,

    /// How long an unpaid order stays open, in seconds (tests set it short).
    #[arg(long, env = "CLOUDSIGN_ORDER_TTL_SECS", default_value_t = 600)]
    pub order_ttl_secs: i64,

    /// How long a login lasts, in seconds (7 days). Signing always asks for the password anyway.
    #[arg(long, env = "CLOUDSIGN_SESSION_TTL_SECS", default_value_t = 7 * 24 * 60 * 60)]
    pub session_ttl_secs: i64,

    /// How long a signing QR code can be used, in seconds (5 minutes; tests set it short).
    #[arg(long, env = "CLOUDSIGN_SIGNING_TTL_SECS", default_value_t = 5 * 60)]
    pub signing_ttl_secs: i64,

    /// Take the client's address from the last `X-Forwarded-For` entry (set this only behind a
    /// proxy that appends it); otherwise the socket's peer address counts.
    #[arg(long, env = "CLOUDSIGN_TRUST_FORWARDED_FOR", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_forwarded_for: bool,

    /// Let the sandboxes run on an address other than loopback (a shared test machine). Off by
    /// default: a sandbox fakes payments, SMS and identity checks and must not face a network.
    #[arg(long, env = "CLOUDSIGN_SANDBOX_ALLOW_PUBLIC", default_value_t = false, action = clap::ArgAction::Set)]
    pub sandbox_allow_public: bool,

    /// argon2id runs at once (0: one per core).
    #[arg(long, env = "CLOUDSIGN_HASHING_WORKERS", default_value_t = 0)]
    pub hashing_workers: usize,

    /// Password checks that may wait for an argon2 worker; more are answered 503 `busy`.
    #[arg(long, env = "CLOUDSIGN_HASHING_QUEUE", default_value_t = 64)]
    pub hashing_queue: usize,

    /// 登录 attempts a minute, from one address and from all together (more are answered 429).
    /// The defaults keep guessing slow; a trading center raises them for a bid deadline's
    /// surge, and the load benchmark to measure argon2 itself.
    #[arg(long, env = "CLOUDSIGN_LOGIN_PER_ADDRESS", default_value_t = 20)]
    pub login_per_address: u32,
    #[arg(long, env = "CLOUDSIGN_LOGIN_PER_MINUTE", default_value_t = 1_200)]
    pub login_per_minute: u32,

    /// Origins of the official account's JS-safe domains (`https://qs.example.cn`, comma
    /// separated): only their pages get a JS-SDK configuration. Empty: none (the sandbox allows
    /// this machine's loopback addresses).
    #[arg(long, env = "CLOUDSIGN_WECHAT_JS_ORIGINS", value_delimiter = ',')]
    pub wechat_js_origins: Vec<String>,

    /// The official account's app id and secret, for WeChat's JS-SDK (its scanner and share
    /// card inside WeChat). Without them (and without the sandbox) the JS-SDK is not offered.
    #[arg(long, env = "CLOUDSIGN_WECHAT_APP_ID")]
    pub wechat_app_id: Option<String>,

    #[arg(long, env = "CLOUDSIGN_WECHAT_APP_SECRET", hide_env_values = true)]
    pub wechat_app_secret: Option<String>,

    /// WeChat's API (tests point it at a stand-in).
    #[arg(
        long,
        env = "CLOUDSIGN_WECHAT_API_BASE",
        default_value = "https://api.weixin.qq.com"
    )]
    pub wechat_api_base: String,

    /// 我的证书 offers 续期 this many days before expiry (90).
    #[arg(long, env = "CLOUDSIGN_RENEWAL_WINDOW_DAYS", default_value_t = 90)]
    pub renewal_window_days: i64,
}

impl Config {
    /// Defaults with the given data and dist directories: what tests start from.
    pub fn with_dirs(data_dir: impl Into<PathBuf>, dist: impl Into<PathBuf>) -> Config {
        let mut config = Config::parse_from(["cloudsign-server"]);
        config.data_dir = data_dir.into();
        config.dist = dist.into();
        config
    }

    /// Refuses settings that must not go together: the sandboxes on a non-loopback address
    /// unless explicitly allowed.
    pub fn validate(&self) -> Result<(), String> {
        if self.sandbox && !self.addr.ip().is_loopback() && !self.sandbox_allow_public {
            return Err(format!(
                "refusing to run the sandboxes on {}: they fake payments, SMS and identity checks. \
                 Listen on 127.0.0.1, or set CLOUDSIGN_SANDBOX_ALLOW_PUBLIC=true on a closed test network",
                self.addr
            ));
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("cloudsign.db").display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_stays_on_loopback_unless_allowed() {
        let mut config = Config::with_dirs("data", "dist");
        config.sandbox = true;
        assert!(config.validate().is_ok(), "127.0.0.1 by default");
        config.addr = "0.0.0.0:8080".parse().unwrap();
        let refused = config.validate().unwrap_err();
        assert!(
            refused.contains("CLOUDSIGN_SANDBOX_ALLOW_PUBLIC"),
            "{refused}"
        );
        config.sandbox_allow_public = true;
        assert!(config.validate().is_ok());
        config.sandbox_allow_public = false;
        config.sandbox = false;
        assert!(config.validate().is_ok(), "no sandbox, any address");
        config.addr = "[::1]:8080".parse().unwrap();
        config.sandbox = true;
        assert!(config.validate().is_ok(), "IPv6 loopback");
    }
}
