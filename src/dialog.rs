//! In-app dialogs instead of `window.confirm`: a question in plain words
//! ("Open the garage door?") with buttons named by their action, shown in a
//! modal `<dialog>` (focus stays inside, the page behind is inert). Escape
//! or Cancel runs nothing. One dialog at a time: a new question replaces an
//! unanswered one, which is then cancelled.

use crate::reactive::handler;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;

/// One button of a question: its name and what it does.
#[derive(Clone)]
pub struct Choice {
    /// The button's text: the action ("Open", "Delete", "Keep both").
    pub label: String,
    /// Styled as destructive.
    pub danger: bool,
    /// Run when pressed.
    pub run: Rc<dyn Fn()>,
}

impl Choice {
    /// A choice named `label` that runs `run`.
    pub fn new(label: impl Into<String>, run: impl Fn() + 'static) -> Self {
        Choice { label: label.into(), danger: false, run: Rc::new(run) }
    }

    /// The same choice, styled as destructive.
    pub fn danger(self) -> Self {
        Choice { danger: true, ..self }
    }
}

/// A question waiting for an answer.
#[derive(Clone)]
pub struct Question {
    /// The question itself, the dialog's name.
    pub title: String,
    /// More words, if the title needs them.
    pub detail: Option<String>,
    /// The answers besides Cancel, the first one focused.
    pub choices: Vec<Choice>,
}

/// The app's dialog, provided by context.
#[derive(Clone, Copy)]
pub struct Dialogs(RwSignal<Option<Question>, LocalStorage>);

impl Dialogs {
    /// No question yet.
    pub fn new() -> Self {
        Dialogs(RwSignal::new_local(None))
    }

    /// Shows `question`.
    pub fn ask(&self, question: Question) {
        self.0.set(Some(question));
    }

    /// Asks `title` with one action besides Cancel.
    pub fn confirm(&self, title: impl Into<String>, detail: Option<String>, action: Choice) {
        self.ask(Question { title: title.into(), detail, choices: vec![action] });
    }

    /// Whether a question is on screen.
    pub fn is_open(&self) -> bool {
        self.0.with(Option::is_some)
    }
}

impl Default for Dialogs {
    fn default() -> Self {
        Self::new()
    }
}

/// The `<dialog>` element that shows the current question.
#[component]
pub fn DialogHost() -> impl IntoView {
    let dialogs = expect_context::<Dialogs>();
    let element = NodeRef::<html::Dialog>::new();
    crate::reactive::effect(move || {
        let open = dialogs.is_open();
        let Some(dialog) = element.get() else { return };
        if open && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let answer = move |choice: Option<Choice>| {
        dialogs.0.set(None);
        if let Some(choice) = choice {
            (choice.run)();
        }
    };
    let title = move || dialogs.0.with(|question| question.as_ref().map(|question| question.title.clone()));
    let detail = move || dialogs.0.with(|question| question.as_ref().and_then(|question| question.detail.clone()));
    let choices = move || dialogs.0.with(|question| question.as_ref().map(|question| question.choices.clone()));
    view! {
        <dialog node_ref=element class="app-dialog" role="alertdialog" aria-modal="true"
            aria-labelledby="dialog-title" aria-describedby="dialog-detail"
            on:close=handler(move |_| if dialogs.is_open() { dialogs.0.set(None) })>
            <h2 id="dialog-title">{title}</h2>
            <p id="dialog-detail" class="muted">{detail}</p>
            <div class="actions">
                {move || choices().unwrap_or_default().into_iter().enumerate().map(|(index, choice)| {
                    let class = if choice.danger { "danger-solid" } else { "primary" };
                    let label = choice.label.clone();
                    view! {
                        <button type="button" class=class autofocus=index == 0 on:click=handler(move |_| answer(Some(choice.clone())))>{label}</button>
                    }
                }).collect_view()}
                <button type="button" on:click=handler(move |_| answer(None))>"Cancel"</button>
            </div>
        </dialog>
    }
}
