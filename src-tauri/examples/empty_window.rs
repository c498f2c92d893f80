//! An empty Tauri window (the station's Tauri build, config and window size, on an empty page):
//! the floor `make soak` measures the station's memory against, in the same run. The page comes
//! from a scheme of its own: WebKit starts no web process for about:blank, and data: URLs need a
//! Tauri feature the station does not build with.

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    let page = match "empty://localhost/".parse() {
        Ok(url) => tauri::WebviewUrl::CustomProtocol(url),
        Err(e) => {
            eprintln!("the empty page's address is not a URL: {e}");
            std::process::exit(1);
        }
    };
    // REDOCK_EMPTY_INPUT=1: a focused text field on the page, to tell what typing alone costs.
    let body: &'static [u8] = if std::env::var_os("REDOCK_EMPTY_INPUT").is_some() {
        b"<!doctype html><title>empty</title><input autofocus>"
    } else {
        b"<!doctype html><title>empty</title>"
    };
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol("empty", move |_ctx, _request| {
            tauri::http::Response::builder()
                .header("content-type", "text/html")
                .body(body.to_vec())
                .unwrap_or_default()
        })
        .setup(move |app| {
            tauri::WebviewWindowBuilder::new(app, "main", page)
                .title("Redock (empty)")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("the empty window could not run: {e}");
        std::process::exit(1);
    }
}
