//! The window's WebKit, set for a station that shows one screen all shift long.

/// WebKit's default cache model is a web browser's: it keeps resources no page shows any more
/// (every decision's label preview, 800×1200 pixels) up to a share of the machine's memory,
/// hundreds of MB on a desk PC. The station browses nowhere: the document viewer's model keeps
/// none of them (`make soak` shows the difference).
pub fn bound_caches(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        let set = window.with_webview(|webview| {
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(e) = set {
            tracing::warn!(error = %e, "WebKit's caches left as they are");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
