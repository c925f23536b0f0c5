//! Image: a JPEG or PNG payload (raw, base64 or a `data:` URL, up to
//! 2 MiB) shown through a `blob:` URL, which is revoked when the next image
//! replaces it or the widget goes. A payload that is not an image, or too
//! large, is reported on the card and never shown. `data-state` is
//! `shown`, `none` or `refused`.

use leptos::prelude::*;

use super::Binding;
use crate::model::image::read_image;
use crate::model::Widget;
use crate::web::BlobUrl;

/// The image widget.
#[component]
pub fn Image(widget: Widget, binding: Binding) -> impl IntoView {
    let current = StoredValue::new_local(None::<BlobUrl>);
    let shown = RwSignal::new(Err::<String, String>("no image yet".into()));
    crate::reactive::effect(move || {
        let Some(payload) = binding.sample.with(|sample| sample.as_ref().map(|sample| sample.payload.clone())) else {
            return;
        };
        let url = read_image(&payload)
            .map_err(|problem| problem.to_string())
            .and_then(|image| BlobUrl::new(&image.bytes, image.mime).map_err(|error| error.to_string()));
        match url {
            Ok(url) => {
                shown.set(Ok(url.as_str().to_owned()));
                // Dropping the one it replaces revokes it.
                current.set_value(Some(url));
            }
            Err(problem) => {
                current.set_value(None);
                shown.set(Err(problem));
            }
        }
    });
    let title = widget.display_title();
    let state = move || {
        shown.with(|shown| match shown {
            Ok(_) => "shown",
            Err(_) if binding.sample.with(Option::is_none) => "none",
            Err(_) => "refused",
        })
    };
    view! {
        <figure class="image-widget" data-state=state>
            {move || match shown.get() {
                Ok(url) => view! { <img src=url alt=title.clone() /> }.into_any(),
                Err(problem) => view! { <figcaption class="hint">{problem}</figcaption> }.into_any(),
            }}
        </figure>
    }
}
