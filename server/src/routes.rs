//! The HTTP surface: pages (GET, and POST for their forms), server
//! functions under `/api`, static files, `/health`, and the layers every
//! response passes through.

use app::api::context::Caller;
use app::error::AppError;
use app::pages::FormSubmission;
use app::services::AppState;
use app::{App, shell};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list, render_app_async_with_context};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (a whole plan section of long answers fits
/// many times over).
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Most fields a posted form may have: every page's form has far fewer.
/// Counted before anything is kept, so a post of 100,000 names costs nothing.
pub const MOST_FORM_FIELDS: usize = 100;
/// How often ended sessions and old sign-in attempts are deleted.
const CLEAN_UP_EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// The app's routes, listed once per process.
///
/// Listing them runs the whole app with a process-wide switch on that makes
/// every resource whose future is first polled meanwhile wait for ever
/// (leptos_server's `SuppressResourceLoad`, never checked again). A second
/// router listing routes while a first serves pages would stall some of
/// that server's renders for good, as whole-server tests running several
/// servers in one process did; listed once, before any router exists,
/// nothing can be rendering.
static ROUTES: std::sync::LazyLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::LazyLock::new(|| generate_route_list(App));

/// Builds the router with every layer.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = ROUTES.clone();
    // Which build's files pages link to: found once, not per page.
    let assets = std::sync::Arc::new(app::assets::Assets::find(&options.site_root, &options.site_pkg_dir, &options.output_name));
    let context = {
        let state = state.clone();
        let assets = assets.clone();
        move || {
            provide_context(state.clone());
            provide_context(assets.clone());
        }
    };
    let page_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };

    let mut router: Router<LeptosOptions> = Router::new()
        .route(
            "/health",
            get({
                let state = state.clone();
                move || health(state.clone())
            }),
        )
        .route(
            app::paths::MY_DATA,
            get({
                let state = state.clone();
                move |req: Request| my_data_file(state.clone(), req)
            }),
        )
        .route(
            app::paths::FIGURES_CSV,
            get({
                let state = state.clone();
                move |req: Request| figures_file(state.clone(), req)
            }),
        )
        .route(
            "/worker/referral/{id}/package.json",
            get({
                let state = state.clone();
                move |axum::extract::Path(id): axum::extract::Path<String>, req: Request| referral_file(state.clone(), id, req)
            }),
        )
        .leptos_routes_with_context(&options, routes.clone(), context.clone(), page_shell);

    // Every page also answers a POST of its own form (see `app::pages`).
    let pages = std::sync::Arc::new(Pages {
        state: state.clone(),
        paths: routes.iter().map(|listing| listing.path().to_owned()).collect(),
        options: options.clone(),
    });
    for listing in &routes {
        let pages = pages.clone();
        let context = context.clone();
        router = router.route(listing.path(), post(move |req: Request| form_post(context.clone(), pages.clone(), req)));
    }

    // Built assets: sent precompressed when the build left .br/.gz copies.
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    router = router.nest_service(
        &format!("/{}", options.site_pkg_dir),
        tower_http::services::ServeDir::new(pkg).precompressed_br().precompressed_gzip(),
    );

    let hsts = state.settings.secure_cookies;
    let router = router
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .layer(middleware::from_fn_with_state(state, resolve_caller))
        .layer(middleware::from_fn(api_content_type))
        .layer(middleware::from_fn(api_error_status))
        .layer(middleware::from_fn(same_origin_writes))
        .layer(middleware::from_fn(cache_rules))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, default_csp()))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .layer(CompressionLayer::new());
    // Over HTTPS, browsers are told never to try plain HTTP again.
    let router = if hsts {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router.layer(DefaultBodyLimit::max(BODY_LIMIT)).layer(RequestBodyLimitLayer::new(BODY_LIMIT)).layer(
        TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The path only: query strings can carry one-time tokens.
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }),
    )
}

/// A refused download: the error's status and its own message only.
fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(error)).into_response()
}

/// Who is asking, as `resolve_caller` found them for this request.
fn caller_of(req: &Request) -> Result<Option<app::views::accounts::UserView>, AppError> {
    match req.extensions().get::<Caller>() {
        Some(Caller(caller)) => caller.clone(),
        None => Err(AppError::Internal),
    }
}

/// A file to download: its type and name, never cached.
fn attachment(content_type: &'static str, disposition: &'static str, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static(disposition)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// "Download my data": everything held about the signed-in carer as a JSON file.
async fn my_data_file(state: AppState, req: Request) -> Response {
    let caller = match caller_of(&req) {
        Ok(caller) => caller,
        Err(error) => return refuse(error),
    };
    match app::services::data::my_data_file(&state, caller.as_ref()).await {
        Ok(file) => attachment("application/json", "attachment; filename=\"my-carerspace-data.json\"", file),
        Err(error) => refuse(error),
    }
}

/// The managers' figures as a CSV file.
async fn figures_file(state: AppState, req: Request) -> Response {
    let caller = match caller_of(&req) {
        Ok(caller) => caller,
        Err(error) => return refuse(error),
    };
    match app::services::figures::csv(&state, caller.as_ref()).await {
        Ok(csv) => attachment("text/csv; charset=utf-8", "attachment; filename=\"carerspace-figures.csv\"", csv),
        Err(error) => refuse(error),
    }
}

/// A referral package as a JSON file, for the worker whose plan it is, on
/// the same terms (and logged the same way) as its printable page.
async fn referral_file(state: AppState, id: String, req: Request) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else { return refuse(AppError::NotFound) };
    let caller = match caller_of(&req) {
        Ok(caller) => caller,
        Err(error) => return refuse(error),
    };
    match app::services::referral::package(&state, caller.as_ref(), id).await {
        Ok(package) => {
            attachment("application/json", "attachment; filename=\"referral.json\"", Json(app::services::referral::document(&package)))
        }
        Err(error) => refuse(error),
    }
}

/// `/health`: the server is up and its database answers.
async fn health(state: AppState) -> Response {
    let holidays = match app::services::worker::holidays_missing(&state) {
        Some(missing) => {
            tracing::error!("{missing}");
            serde_json::json!({ "status": "missing", "message": missing })
        }
        None => serde_json::json!({ "status": "ok" }),
    };
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok", "database": "ok", "holidays": holidays })).into_response(),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable" }))).into_response()
        }
    }
}

/// What answering a page's form needs besides the request.
struct Pages {
    state: AppState,
    /// Every page's path, as axum writes them (`/plan/area/{id}`).
    paths: Vec<String>,
    options: LeptosOptions,
}

/// Pages a carried form is never sent on to: they are about signing in
/// itself, and never refuse someone for not being signed in.
const ACCOUNT_PAGES: &[&str] =
    &[app::paths::SIGN_IN, app::paths::REGISTER, app::paths::SET_PASSWORD, app::paths::SIGN_OUT, app::paths::SIGNED_OUT];

/// Most characters of a carried form: it goes back to the sign-in page in
/// a hidden field, urlencoded once more, and that post too must fit in
/// [`BODY_LIMIT`] with room for the sign-in fields.
const MOST_CARRIED: usize = BODY_LIMIT - 16 * 1024;

impl Pages {
    /// True when `path` is a page of the route table that a form may be
    /// carried on to: a local path only (never another site), segment by
    /// segment, and not one of the [`ACCOUNT_PAGES`].
    fn carries_to(&self, path: &str) -> bool {
        let plain = path.len() <= 200
            && path.starts_with('/')
            && !path.starts_with("//")
            && path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
            && !path.split('/').any(|segment| segment == "." || segment == "..");
        if !plain || ACCOUNT_PAGES.contains(&path) {
            return false;
        }
        let wanted: Vec<&str> = path.split('/').collect();
        self.paths.iter().any(|pattern| {
            let pattern: Vec<&str> = pattern.split('/').collect();
            pattern.len() == wanted.len() && pattern.iter().zip(&wanted).all(|(p, w)| (p.starts_with('{') && !w.is_empty()) || p == w)
        })
    }
}

/// The fields of a form that may be carried through a sign-in (no
/// password), urlencoded, when they fit.
fn carry(fields: &[(String, String)]) -> Option<String> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields.iter().filter(|(name, _)| app::pages::Carried::may_carry(name)) {
        form.append_pair(name, value);
    }
    let form = form.finish();
    let sent_again: usize = form_urlencoded::byte_serialize(form.as_bytes()).map(str::len).sum();
    (sent_again <= MOST_CARRIED).then_some(form)
}

/// A form's fields, once the request is known to be a form of a size and
/// shape any page could send.
async fn form_fields(parts: &axum::http::request::Parts, body: Body) -> Result<Vec<(String, String)>, Refused> {
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, "Forms must be sent as application/x-www-form-urlencoded."));
    }
    let bytes: Bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return Err((StatusCode::PAYLOAD_TOO_LARGE, "The form was too large to send.")),
    };
    fields_of(&bytes)
}

/// A form refused before any page sees it: the status and why.
type Refused = (StatusCode, &'static str);

/// Reads urlencoded fields, refusing more than any page's form has before
/// keeping any.
fn fields_of(bytes: &[u8]) -> Result<Vec<(String, String)>, Refused> {
    if form_urlencoded::parse(bytes).nth(MOST_FORM_FIELDS).is_some() {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "This form has more answers than any page of CarerSpace sends."));
    }
    Ok(form_urlencoded::parse(bytes).into_owned().collect())
}

/// A page's form, posted without help from JavaScript: the fields go to
/// the page as a [`FormSubmission`] and the page is rendered in answer.
///
/// A form sent by someone whose session has ended is answered with the
/// sign-in page, which carries it (see `app::pages::Carried`); nothing of
/// it is kept here. When that sign-in succeeds, the carried form is sent to
/// its page as the new session, exactly as if it had been posted there
/// (so a plan's version check decides: saved, or the usual choice when it
/// changed meanwhile), and the answer is that page's.
async fn form_post(context: impl Fn() + Clone + Send + Sync + 'static, pages: std::sync::Arc<Pages>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let fields = match form_fields(&parts, body).await {
        Ok(fields) => fields,
        Err(refused) => return refused.into_response(),
    };
    let path = parts.uri.path();
    let carried = if path == app::paths::SIGN_IN {
        None
    } else {
        carry(&fields).map(|form| {
            let owner = app::api::context::owner_in(&parts.headers, &pages.state.settings).map(|id| id.to_string());
            app::pages::Carried { path: path.to_owned(), form, owner }
        })
    };
    // A sign-in that carries a form, to a page it may be carried to.
    let replay = if path == app::paths::SIGN_IN {
        let find = |name: &str| fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        app::pages::Carried::posted(&find).filter(|c| pages.carries_to(&c.path))
    } else {
        None
    };
    let signed_in = app::api::context::SignedInNow::default();
    let again = replay.as_ref().map(|_| parts.clone());
    let answer = render_form(context.clone(), &pages.options, parts, fields, carried, Some(signed_in.clone())).await;
    let (Some(replay), Some(mut parts), Some(token)) = (replay, again, signed_in.take()) else {
        return answer;
    };
    // Signed in: the carried form goes to its page as the new session.
    let fields = match fields_of(replay.form.as_bytes()) {
        Ok(fields) => fields.into_iter().filter(|(name, _)| app::pages::Carried::may_carry(name)).collect(),
        Err(_) => return answer,
    };
    let Ok(uri) = replay.path.parse::<axum::http::Uri>() else { return answer };
    let cookie = format!("{}={}", app::api::context::session_cookie_name(&pages.state.settings), token.expose());
    let Ok(cookie) = HeaderValue::from_str(&cookie) else { return answer };
    parts.uri = uri;
    parts.headers.insert(header::COOKIE, cookie);
    parts.headers.remove(header::CONTENT_LENGTH);
    let caller = Caller::resolve(&pages.state, &parts.headers).await;
    // Only for the person who wrote it: at a shared computer the next
    // person may sign in over someone else's carried answers.
    let theirs = matches!(&caller.0, Ok(Some(user)) if replay.owner.as_deref() == Some(user.id.to_string().as_str()));
    if !theirs {
        tracing::info!("a carried form was not sent on: it was written in another account's session");
        return answer;
    }
    parts.extensions.insert(caller);
    tracing::info!("a form carried through signing in was sent on to its page");
    let mut replayed = render_form(context, &pages.options, parts, fields, None, None).await;
    // The new session's cookie, set by the sign-in.
    for cookie in answer.headers().get_all(header::SET_COOKIE) {
        replayed.headers_mut().append(header::SET_COOKIE, cookie.clone());
    }
    replayed
}

/// Renders the page a form was posted to, with its fields (and the form
/// as it may be carried, should the page refuse for want of a session).
async fn render_form(
    context: impl Fn() + Clone + Send + Sync + 'static,
    options: &LeptosOptions,
    parts: axum::http::request::Parts,
    fields: Vec<(String, String)>,
    carried: Option<app::pages::Carried>,
    signed_in: Option<app::api::context::SignedInNow>,
) -> Response {
    let fields = FormSubmission(fields);
    let options = options.clone();
    let render = render_app_async_with_context(
        move || {
            context();
            provide_context(fields.clone());
            if let Some(carried) = carried.clone() {
                provide_context(carried);
            }
            if let Some(slot) = signed_in.clone() {
                provide_context(slot);
            }
        },
        move || shell(options.clone()),
    );
    render(Request::from_parts(parts, Body::empty())).await
}

/// Looks up who is asking, once, before any page or server function runs;
/// they all read the answer from the request (`app::api::context::Caller`).
/// Static files and `/health` never touch the session.
async fn resolve_caller(axum::extract::State(state): axum::extract::State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let needs_caller = !(path.starts_with("/pkg/") || path == "/health" || path.starts_with("/favicon"));
    let mut erased = false;
    if needs_caller {
        let mut caller = Caller::resolve(&state, req.headers()).await;
        // A cookie that finds no session may be one an erasure or a
        // deactivation ended: then its browser forgets what it kept (unsent
        // drafts) and the cookie, and a page still open there (its autosave
        // calling a server function) is told the account closed, so it
        // stops and takes what it showed off the screen.
        if matches!(caller.0, Ok(None))
            && let Some(token) = app::api::context::token_in(req.headers(), &state.settings)
        {
            erased = app::services::accounts::forget_if_erased(&state, &token).await;
            if erased && path.starts_with("/api/") {
                caller = Caller(Err(app::error::AppError::AccountClosed));
            }
        }
        req.extensions_mut().insert(caller);
    }
    let mut response = next.run(req).await;
    if erased {
        let headers = response.headers_mut();
        headers.insert(HeaderName::from_static("clear-site-data"), HeaderValue::from_static("\"storage\""));
        for ended in [app::api::context::ended_session_cookie(&state.settings), app::api::context::ended_owner_cookie(&state.settings)] {
            if let Ok(cookie) = HeaderValue::from_str(&ended) {
                headers.append(header::SET_COOKIE, cookie);
            }
        }
    }
    response
}

/// Server functions take JSON and nothing else: any other body is refused
/// before it is read (on top of the same-origin check).
async fn api_content_type(req: Request, next: Next) -> Response {
    let is_api_post = req.method() == Method::POST && req.uri().path().starts_with("/api/");
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if is_api_post && !is_json {
        let body = serde_json::to_vec(&AppError::BadRequest).unwrap_or_default();
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    next.run(req).await
}

/// Deletes ended sessions and old attempts every few minutes, for as long as
/// the server runs (each instance does; doing it twice is harmless).
pub async fn clean_up_forever(state: AppState) {
    let mut every = tokio::time::interval(CLEAN_UP_EVERY);
    loop {
        every.tick().await;
        if let Err(error) = app::services::accounts::remove_expired(&state).await {
            tracing::warn!(?error, "could not remove ended sessions");
        }
        // The first tick is at start-up: an erasure the last run left
        // half-done is finished before anything else.
        if let Err(error) = app::services::deletion::finish_pending(&state).await {
            tracing::warn!(?error, "could not finish pending erasures");
        }
        if let Err(error) = app::services::notify::remind_reviews(&state).await {
            tracing::warn!(?error, "could not send review reminders");
        }
    }
}

/// Server-function errors are answered with the status their `AppError`
/// names (a malformed body is a 400, not a 500), and never with more text
/// than the error's own message.
async fn api_error_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    let error: AppError = serde_json::from_slice(&bytes).unwrap_or(AppError::Internal);
    parts.status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&error).unwrap_or_default();
    Response::from_parts(parts, Body::from(body))
}

/// Refuses writes sent from another site's pages (cookies are SameSite=Lax
/// already; this closes the gap for top-level POSTs from old browsers).
async fn same_origin_writes(req: Request, next: Next) -> Response {
    if req.method() == Method::GET || req.method() == Method::HEAD {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let cross_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "cross-site");
    let foreign_origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| *o != "null")
        .is_some_and(|origin| origin.split("://").nth(1) != Some(host));
    if cross_site || foreign_origin {
        tracing::warn!("refused a write from another site");
        return (StatusCode::FORBIDDEN, "Forms can only be sent from CarerSpace itself.").into_response();
    }
    next.run(req).await
}

/// Pages and answers hold personal data: never stored by browsers or
/// proxies. A built file named after its contents' hash never changes, so
/// browsers keep it for a year without asking again: a repeat visit on a
/// weak signal paints with no request for CSS, JavaScript or WebAssembly.
/// Other static files may be kept but are checked each time.
async fn cache_rules(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let fingerprinted = path.strip_prefix("/pkg/").is_some_and(|name| !name.contains('/') && app::assets::is_fingerprinted(name));
    let is_asset = path.starts_with("/pkg/") || path.starts_with("/favicon");
    let mut response = next.run(req).await;
    let value = if fingerprinted && response.status() == StatusCode::OK {
        "public, max-age=31536000, immutable"
    } else if is_asset {
        "no-cache"
    } else {
        "no-store"
    };
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(value));
    response
}

/// The policy for responses that are not pages (no inline scripts at all).
fn default_csp() -> HeaderValue {
    HeaderValue::from_str(&app::content_security_policy(None)).unwrap_or(HeaderValue::from_static("default-src 'self'"))
}
