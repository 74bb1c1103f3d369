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

    /// Database URL; by default an SQLite file `cloudsign.db` inside the data directory.
    #[arg(long, env = "CLOUDSIGN_DATABASE_URL")]
    pub database_url: Option<String>,

    /// The built SPA (trunk's `dist/`), served at `/` with client routes falling back to index.html.
    #[arg(long, env = "CLOUDSIGN_DIST", default_value = "dist")]
    pub dist: PathBuf,

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
