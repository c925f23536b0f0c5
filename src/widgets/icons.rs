//! The built-in state icons, as inline SVG paths on a 24×24 grid (no
//! downloads, no fonts). Drawn in the state's colour through the `stroke`
//! attribute, so a colour from a file is never CSS.

use leptos::prelude::*;

use crate::model::dashboard::Icon;

/// The outline of `icon`.
fn icon_path(icon: Icon) -> &'static str {
    match icon {
        Icon::Lamp => "M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.6.6 1 1.5 1 2.5h6c0-1 .4-1.9 1-2.5A6 6 0 0 0 12 3z",
        Icon::Lock => "M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4M12 15v2",
        Icon::Door => "M4 21h16M7 21V3h10v18M14 12h.5",
        Icon::Window => "M4 4h16v16H4zM12 4v16M4 12h16",
        Icon::Power => "M12 3v9M6.3 7a8 8 0 1 0 11.4 0",
        Icon::Fan => "M12 10c0-4 1-7 4-7 2 0 2 3-4 7zM14 12c4 0 7 1 7 4 0 2-3 2-7-4zM12 14c0 4-1 7-4 7-2 0-2-3 4-7zM10 12c-4 0-7-1-7-4 0-2 3-2 7 4z",
        Icon::Alarm => "M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 21h4",
        Icon::Plug => "M9 3v5M15 3v5M6 8h12v3a6 6 0 0 1-12 0zM12 17v4",
        Icon::Thermometer => "M10 14V5a2 2 0 0 1 4 0v9a4 4 0 1 1-4 0z",
        Icon::Droplet => "M12 3l5.5 8a6.5 6.5 0 1 1-11 0z",
    }
}

/// `icon` in `color` (the text colour when absent), hidden from screen
/// readers: the state's label says what it means.
#[component]
pub fn StateIcon(icon: Icon, #[prop(into)] color: Signal<Option<String>>) -> impl IntoView {
    view! {
        <svg class="state-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" fill="none"
            stroke=move || color.get().unwrap_or_else(|| "currentColor".into()) stroke-width="2"
            stroke-linecap="round" stroke-linejoin="round" data-icon=icon.name()>
            <path d=icon_path(icon) />
        </svg>
    }
}
