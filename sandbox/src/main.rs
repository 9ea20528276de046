//! `trackingmore-sandbox`: a local, stateful emulation of the TrackingMore API, v2 and v4.
//!
//! It is a second, independent implementation of the API (it does not use the client crate), so
//! that a misreading of the API in one is caught by the other. See the README for flags and the
//! `/_sandbox/*` control API.

mod api;
mod clock;
mod config;
mod data;
mod endpoints;
mod envelope;
mod faults;
mod ratelimit;
mod store;
mod timeline;
mod v4;
mod webhook;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let cfg = match config::parse(std::env::args().skip(1)) {
        Ok(config::Parsed::Run(c)) => *c,
        Ok(config::Parsed::Help) => {
            print!("{}", config::USAGE);
            return;
        }
        Err(e) => {
            eprintln!("trackingmore-sandbox: {e}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((cfg.host.as_str(), cfg.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "trackingmore-sandbox: cannot listen on {}:{}: {e}",
                cfg.host, cfg.port
            );
            std::process::exit(1);
        }
    };
    let app = match api::App::new(cfg) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("trackingmore-sandbox: cannot read the state file: {e}");
            std::process::exit(1);
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    // The first line of stdout names the address (tests start it with --port 0 and read this).
    println!("trackingmore-sandbox listening on http://{addr}");
    eprintln!(
        "sandbox: API at http://{addr}/v2 and /v4, {} account(s), rate limits {}/{}/{} req/s (general/realtime/list), v4 {}/{} (each endpoint/create), errors as {}",
        app.cfg.keys.len(),
        app.cfg.rate,
        app.cfg.realtime_rate,
        app.cfg.list_rate,
        app.cfg.v4_rate,
        app.cfg.v4_create_rate,
        if app.cfg.http_status { "HTTP status = meta code" } else { "HTTP 200" }
    );

    spawn_background(app.clone());

    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                // As HTTP servers do: without it, an answer written in two parts waits for the
                // client's delayed ACK of the first (Nagle's algorithm), a 40 ms stall on Linux.
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req| api::handle(app.clone(), req));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                });
            }
            _ = &mut shutdown => break,
        }
    }
    app.persist();
}

/// State saving and webhooks run on timers.
fn spawn_background(app: Arc<api::App>) {
    if app.cfg.state.is_some() {
        let a = app.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                let a2 = a.clone();
                let _ = tokio::task::spawn_blocking(move || a2.persist()).await;
            }
        });
    }
    let (v2_url, v4_url) = (app.cfg.webhook_url.clone(), app.cfg.webhook_v4_url.clone());
    if v2_url.is_some() || v4_url.is_some() {
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let due = api::due_webhooks(&app);
                if due.is_empty() {
                    continue;
                }
                let (in_data, now) = (app.cfg.webhook_in_data, app.clock.now());
                let secret = app.cfg.webhook_secret.clone();
                let (v2_url, v4_url) = (v2_url.clone(), v4_url.clone());
                let _ = tokio::task::spawn_blocking(move || {
                    for (email, v2, v4) in due {
                        if let Some(url) = &v2_url {
                            let body = webhook::body(v2, &email, now, in_data);
                            if let Err(e) = webhook::send(url, &body) {
                                eprintln!("sandbox: webhook to {url} failed: {e}");
                            }
                        }
                        if let Some(url) = &v4_url {
                            if let Err(e) = webhook::send_v4(url, &webhook::v4(v4, &secret, now)) {
                                eprintln!("sandbox: v4 webhook to {url} failed: {e}");
                            }
                        }
                    }
                })
                .await;
            }
        });
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
