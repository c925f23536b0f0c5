//! Plain DOM building for read-only lists that are rebuilt whole, like a
//! topic's history and its diff. A `view!` compiles each distinct element
//! tree into its own build, rebuild and mount code; a list built here costs
//! a few calls into the browser and no code per shape, which keeps the
//! bundle within its budget. Text always goes in as text
//! (`textContent`), never as markup, so a payload cannot inject elements.

use wasm_bindgen::JsCast;

/// An element being built.
pub struct Element(web_sys::Element);

impl Element {
    /// A new `<tag>`; None only if the page has no document.
    pub fn new(tag: &str) -> Option<Element> {
        let document = web_sys::window()?.document()?;
        document.create_element(tag).ok().map(Element)
    }

    /// With the attribute `name="value"`.
    pub fn attr(self, name: &str, value: &str) -> Element {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// With `text` as its content (as text, never as markup).
    pub fn text(self, text: &str) -> Element {
        self.0.set_text_content(Some(text));
        self
    }

    /// With `child` appended (nothing when the child could not be made).
    pub fn child(self, child: Option<Element>) -> Element {
        if let Some(child) = child {
            let _ = self.0.append_child(&child.0);
        }
        self
    }

    /// With every element of `children` appended.
    pub fn children(self, children: impl IntoIterator<Item = Option<Element>>) -> Element {
        children.into_iter().fold(self, Element::child)
    }

    /// The element, to place in the page.
    pub fn into_node(self) -> web_sys::Node {
        self.0.unchecked_into()
    }
}

/// `<tag class="class">text</tag>` (no class attribute when `class` is empty).
pub fn text_element(tag: &str, class: &str, text: &str) -> Option<Element> {
    let element = Element::new(tag)?.text(text);
    Some(if class.is_empty() { element } else { element.attr("class", class) })
}

/// The closest element at or above the target of `event` that carries the
/// attribute `name`, and that attribute's value: how a list built here
/// hears which of its buttons was pressed, with one listener for all.
pub fn target_attribute(event: &web_sys::Event, name: &str) -> Option<String> {
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    target.closest(&format!("[{name}]")).ok().flatten()?.get_attribute(name)
}
