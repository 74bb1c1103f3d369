use clap::{Parser, Subcommand};
use cloudsign_server::{AppState, Config, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("seal-client") {
        init_logs("text");
        return seal_client_command(SealClientCommand::parse_from(std::env::args().skip(1))).await;
    }
    let config = Config::parse();
    init_logs(&config.log_format);
    config.validate().map_err(anyhow::Error::msg)?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!(data = %config.data_dir.display(), dist = %config.dist.display(), sandbox = config.sandbox, "starting");
    let state = AppState::open(config).await?;
    println!("云签署 is running at http://{addr}/");
    serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Text for people, or JSON (one object a line, with the request's span and its id) for a log
/// pipeline.
fn init_logs(format: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if format == "json" {
        logs.json().with_current_span(true).init();
    } else {
        logs.init();
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// `cloudsign-server seal-client add|list|revoke`: the sealing clients that may open signing
/// sessions, in the same database as the server (the same `--data` / `--database-url`).
#[derive(Parser, Debug)]
#[command(name = "cloudsign-server seal-client")]
struct SealClientCommand {
    #[arg(long = "data", env = "CLOUDSIGN_DATA", default_value = ".data")]
    data_dir: std::path::PathBuf,
    #[arg(long, env = "CLOUDSIGN_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    action: SealClientAction,
}

#[derive(Subcommand, Debug)]
enum SealClientAction {
    /// Registers a client; prints `client_id=…` and `client_secret=…` (shown only now).
    Add {
        #[arg(long)]
        name: String,
    },
    /// Every client, with when it was added and whether it is revoked.
    List,
    /// Refuses the client's requests from now on.
    Revoke { client_id: String },
}

async fn seal_client_command(command: SealClientCommand) -> anyhow::Result<()> {
    use cloudsign_server::services::seal_clients;
    let mut config = Config::with_dirs(&command.data_dir, "dist");
    config.database_url = command.database_url;
    std::fs::create_dir_all(&config.data_dir)?;
    let store = cloudsign_server::store::Store::open(&config.database_url()).await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    match command.action {
        SealClientAction::Add { name } => {
            let registered = seal_clients::register(&store, &name, now).await?;
            println!("client_id={}", registered.client_id);
            println!("client_secret={}", registered.client_secret);
        }
        SealClientAction::List => {
            for client in store.seal_clients().await? {
                let state = match client.revoked_at {
                    Some(at) => format!("revoked at {at}"),
                    None => "active".to_owned(),
                };
                println!(
                    "{}\t{}\tadded at {}\t{state}",
                    client.id, client.name, client.created_at
                );
            }
        }
        SealClientAction::Revoke { client_id } => {
            if !store.revoke_seal_client(&client_id, now).await? {
                anyhow::bail!("no active client {client_id}");
            }
            println!("revoked {client_id}");
        }
    }
    store.close().await;
    Ok(())
}
