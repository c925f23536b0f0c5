//! Entry point of the browser app: mounts [`mqtt_deck::app::App`].

fn main() {
    console_error_panic_hook_install();
    leptos::mount::mount_to_body(mqtt_deck::app::App);
}

/// Panics abort in release (`panic = "abort"`); show them in the console in
/// debug builds, where they unwind.
fn console_error_panic_hook_install() {
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
}
