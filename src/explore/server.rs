//! The explorer's server (axum): the page and its JSON, on the loopback
//! interface only. Requests naming another host are refused (a web page
//! elsewhere cannot reach it through a name that points here), bodies are
//! at most [`MOST_BODY`] bytes, every bad request gets a 4xx with its
//! problems as JSON, and appraisals run on worker threads, at most
//! [`AT_ONCE`] at a time, while the server keeps answering.

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::{Explorer, Refusal, View};

/// The largest request body accepted, bytes.
pub const MOST_BODY: usize = 64 * 1024;
/// Appraisals worked out at once; further requests wait their turn.
pub const AT_ONCE: usize = 2;
/// The page's content security policy: its own inline style and script,
/// requests to this server only, nothing from anywhere else.
const POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

struct Shared {
    explorer: Explorer,
    /// The setup, as JSON.
    setup: String,
    /// The page.
    page: String,
    work: Semaphore,
    /// The `Host` headers accepted.
    hosts: [String; 2],
}

/// Binds `port` (0: any free port) on 127.0.0.1.
///
/// # Errors
/// When the port cannot be bound.
pub async fn bind(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await
}

/// Serves `explorer` on `listener` until `shutdown` completes.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    explorer: Explorer,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    let setup = serde_json::to_string(&explorer.setup()).map_err(std::io::Error::other)?;
    let shared = Arc::new(Shared {
        explorer,
        setup,
        page: super::page::page().into_string(),
        work: Semaphore::new(AT_ONCE),
        hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
    });
    let app = Router::new()
        .route("/", get(page))
        .route("/api/setup", get(setup_json))
        .route("/api/view", post(view))
        .route("/api/zones", post(zones))
        .route("/api/search", get(search))
        .route("/api/export", post(export))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MOST_BODY))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            loopback_host,
        ))
        .with_state(shared);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// A JSON answer with `status`.
fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// `{"errors": [...]}` with `status`.
fn errors(status: StatusCode, problems: &[String]) -> Response {
    let body = serde_json::json!({ "errors": problems }).to_string();
    json(status, body)
}

fn refused(r: Refusal) -> Response {
    match r {
        Refusal::Bad(p) => errors(StatusCode::BAD_REQUEST, &p),
        Refusal::NotFound(m) => errors(StatusCode::NOT_FOUND, &[m]),
        Refusal::Failed(m) => errors(StatusCode::INTERNAL_SERVER_ERROR, &[m]),
    }
}

fn rejected(status: StatusCode, message: String) -> Response {
    errors(status, &[message])
}

/// Refuses a request whose `Host` is not this server on the loopback
/// interface.
async fn loopback_host(State(s): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !s.hosts.iter().any(|h| h == host) {
        return rejected(
            StatusCode::FORBIDDEN,
            format!(
                "host \"{}\": this server answers only as {} or {}",
                crate::error::inert(host),
                s.hosts[0],
                s.hosts[1]
            ),
        );
    }
    next.run(request).await
}

async fn page(State(s): State<Arc<Shared>>) -> Response {
    let mut r = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        s.page.clone(),
    )
        .into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    r
}

async fn setup_json(State(s): State<Arc<Shared>>) -> Response {
    json(StatusCode::OK, s.setup.clone())
}

async fn not_found() -> Response {
    rejected(
        StatusCode::NOT_FOUND,
        "no such page; the explorer serves / and /api/{setup,view,zones,search,export}".to_string(),
    )
}

/// Runs `work` on a worker thread once a place is free.
async fn blocking<T: Send + 'static>(
    s: &Arc<Shared>,
    work: impl FnOnce(&Explorer) -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    let _permit = s
        .work
        .acquire()
        .await
        .map_err(|e| Refusal::Failed(e.to_string()))?;
    let shared = s.clone();
    tokio::task::spawn_blocking(move || work(&shared.explorer))
        .await
        .map_err(|e| Refusal::Failed(e.to_string()))?
}

/// Answers the JSON request `b` with `work` on a worker thread: its
/// answer as JSON, or why not.
async fn answer<Q: Send + 'static>(
    s: Arc<Shared>,
    b: Result<Json<Q>, JsonRejection>,
    work: impl FnOnce(&Explorer, Q) -> Result<String, Refusal> + Send + 'static,
) -> Response {
    let q = match b {
        Ok(Json(q)) => q,
        Err(e) => return rejected(e.status(), e.body_text()),
    };
    match blocking(&s, move |e| work(e, q)).await {
        Ok(j) => json(StatusCode::OK, j),
        Err(r) => refused(r),
    }
}

/// `x` as JSON.
fn to_json(x: &impl serde::Serialize) -> Result<String, Refusal> {
    serde_json::to_string(x).map_err(|e| Refusal::Failed(e.to_string()))
}

async fn view(State(s): State<Arc<Shared>>, b: Result<Json<View>, JsonRejection>) -> Response {
    answer(s, b, |e, v| e.compute(&v).map(|c| c.json.clone())).await
}

/// A map's request: the view and one of its options.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZonesRequest {
    view: View,
    option: String,
}

async fn zones(
    State(s): State<Arc<Shared>>,
    b: Result<Json<ZonesRequest>, JsonRejection>,
) -> Response {
    answer(s, b, |e, q| to_json(&e.zones(&q.view, &q.option)?)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    q: String,
}

async fn search(
    State(s): State<Arc<Shared>>,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    let q = match q {
        Ok(Query(q)) => q,
        Err(e) => return rejected(e.status(), e.body_text()),
    };
    match crate::area::find(&s.explorer.base.loaded.dataset, &q.q) {
        Ok(a) => json(
            StatusCode::OK,
            serde_json::json!({ "name": a.name, "district": a.district, "zones": a.zones })
                .to_string(),
        ),
        Err(e) => rejected(StatusCode::NOT_FOUND, e.to_string()),
    }
}

/// "Export this view": the view and the new folder's name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportRequest {
    view: View,
    folder: String,
}

async fn export(
    State(s): State<Arc<Shared>>,
    b: Result<Json<ExportRequest>, JsonRejection>,
) -> Response {
    answer(s, b, |e, q| to_json(&e.export(&q.view, &q.folder)?)).await
}
