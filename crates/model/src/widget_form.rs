//! The widget form's fields, typed: each [`FormField`] reads its text from
//! a [`Widget`] and writes it back through the widget's own fields, so
//! renaming a field of `Widget` breaks this file at compile time instead of
//! the form at run time. The view only lays the fields out.

use crate::alerts::AlertRule;
use crate::color::ColorFormat;
use crate::dashboard::{StateLook, Threshold, Widget, WidgetKind};
use crate::{FieldError, ModelError, Qos};

/// How a field is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldInput {
    /// Free text.
    Text,
    /// A finite number.
    Number,
    /// A whole number.
    Whole,
    /// A checkbox.
    Flag,
    /// Lines of text (series, colour bands).
    Lines,
}

/// One field of the widget form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum FormField {
    Title,
    Topic,
    ValuePath,
    CommandTopic,
    Series,
    Payload,
    OnPayload,
    OffPayload,
    Threshold,
    Unit,
    Min,
    Max,
    Step,
    ThrottleMs,
    Decimals,
    Thresholds,
    States,
    Scale,
    Offset,
    Expression,
    ColorFormat,
    WindowS,
    Template,
    Qos,
    Retain,
    Confirm,
    ConfirmQuestion,
    ConfirmTimeoutS,
    CommandExpiryS,
    ResponseTopic,
    StaleAfterS,
    Alerts,
    Width,
    Height,
}

use WidgetKind::{
    Button as Btn, Chart as Cht, Color as Col, Gauge as Gau, Image as Img, Indicator as Ind, Level as Lvl,
    Number as Num, Select as Sel, Slider as Sld, Switch as Swt, Text as Txt,
};

const EVERY_KIND: &[WidgetKind] = &WidgetKind::ALL;
const STATEFUL: &[WidgetKind] = &[Gau, Swt, Sld, Txt, Ind, Sel, Num, Lvl, Col, Img];
const COMMANDING: &[WidgetKind] = &[Swt, Btn, Sld, Sel, Num, Col];
/// Controls that wait for the state topic or a response to confirm a command.
const CONFIRMING: &[WidgetKind] = &[Swt, Btn, Sel, Num, Col];
/// Widgets that only show a value, whose reading may be transformed.
const DISPLAYS: &[WidgetKind] = &[Gau, Txt, Ind, Lvl];

impl FormField {
    /// Every field, in form order.
    pub const ALL: &'static [FormField] = &[
        FormField::Title,
        FormField::Topic,
        FormField::ValuePath,
        FormField::CommandTopic,
        FormField::Series,
        FormField::Payload,
        FormField::OnPayload,
        FormField::OffPayload,
        FormField::Threshold,
        FormField::Unit,
        FormField::Min,
        FormField::Max,
        FormField::Step,
        FormField::ThrottleMs,
        FormField::Decimals,
        FormField::Thresholds,
        FormField::States,
        FormField::Scale,
        FormField::Offset,
        FormField::Expression,
        FormField::ColorFormat,
        FormField::WindowS,
        FormField::Template,
        FormField::Qos,
        FormField::Retain,
        FormField::Confirm,
        FormField::ConfirmQuestion,
        FormField::ConfirmTimeoutS,
        FormField::CommandExpiryS,
        FormField::ResponseTopic,
        FormField::StaleAfterS,
        FormField::Alerts,
        FormField::Width,
        FormField::Height,
    ];

    /// (label, input, kinds it applies to, an example shown as a hint).
    fn spec(self) -> (&'static str, FieldInput, &'static [WidgetKind], &'static str) {
        use FieldInput::*;
        match self {
            FormField::Title => ("Title", Text, EVERY_KIND, "Living room"),
            FormField::Topic => ("State topic", Text, STATEFUL, "home/living/temperature"),
            FormField::ValuePath => ("JSON path", Text, STATEFUL, "$.temperature"),
            FormField::CommandTopic => ("Command topic", Text, COMMANDING, "home/lamp/set"),
            FormField::Series => (
                "Series (one per line: topic | $.path | label | #colour)",
                Lines,
                &[Cht],
                "home/living/temperature | $.temperature | Living",
            ),
            FormField::Payload => ("Payload", Text, &[Btn], "ring"),
            FormField::OnPayload => ("On payload", Text, &[Swt, Ind], "ON"),
            FormField::OffPayload => ("Off payload", Text, &[Swt, Ind], "OFF"),
            FormField::Threshold => ("On at or above", Number, &[Ind], ""),
            FormField::Unit => ("Unit", Text, &[Gau, Sld, Txt, Num, Lvl], "°C"),
            FormField::Min => ("Minimum", Number, &[Gau, Sld, Cht, Num, Lvl], "0"),
            FormField::Max => ("Maximum", Number, &[Gau, Sld, Cht, Num, Lvl], "100"),
            FormField::Step => ("Step", Number, &[Sld, Num], "1"),
            FormField::ThrottleMs => ("Least ms between publishes while dragging", Whole, &[Sld], "250"),
            FormField::Decimals => ("Decimals", Whole, &[Gau, Sld, Cht, Txt, Num, Lvl], ""),
            FormField::Thresholds => {
                ("Colour bands (one per line: from-value #colour)", Lines, &[Gau, Lvl], "28 #e53935")
            }
            FormField::States => ("Looks per state", Lines, &[Ind, Sel, Txt], "LOCKED | Locked | #c62828 | lock"),
            FormField::Scale => ("Scale (value × scale)", Number, DISPLAYS, "0.001"),
            FormField::Offset => ("Offset (added after scale)", Number, DISPLAYS, "-273.15"),
            FormField::Expression => {
                ("Expression (value, payload)", Text, DISPLAYS, "value > 30 ? 'hot' : round(value, 1)")
            }
            FormField::ColorFormat => ("Command format (hex or json)", Text, &[Col], "hex"),
            FormField::WindowS => ("Window (s)", Whole, &[Cht], "600"),
            FormField::Template => ("Template ({value}, {unit})", Text, &[Txt], "Door: {value}"),
            FormField::Qos => ("Command QoS", Whole, COMMANDING, "0"),
            FormField::Retain => ("Retain commands", Flag, COMMANDING, ""),
            FormField::Confirm => ("Ask before sending", Flag, COMMANDING, ""),
            FormField::ConfirmQuestion => ("Question to ask", Text, COMMANDING, "Open the garage door?"),
            FormField::ConfirmTimeoutS => ("Seconds to wait for the state or response", Whole, CONFIRMING, "5"),
            FormField::CommandExpiryS => ("Commands expire after (s, 0: never)", Whole, COMMANDING, "30"),
            FormField::ResponseTopic => {
                ("Response topic (MQTT 5.0; auto: this browser's own)", Text, COMMANDING, "auto")
            }
            FormField::StaleAfterS => ("Stale after (s)", Whole, EVERY_KIND, ""),
            FormField::Alerts => (
                "Alerts (one per line: above|below|equals|stale N | hysteresis N | for N | notify | label …)",
                Lines,
                STATEFUL,
                "above 30 | hysteresis 1 | for 10 | notify",
            ),
            FormField::Width => ("Width (columns 1–4)", Whole, EVERY_KIND, "1"),
            FormField::Height => ("Height (rows 1–4)", Whole, EVERY_KIND, "1"),
        }
    }

    /// The label.
    pub fn label(self) -> &'static str {
        self.spec().0
    }

    /// How it is typed in.
    pub fn input(self) -> FieldInput {
        self.spec().1
    }

    /// Whether a widget of `kind` has this field.
    pub fn applies_to(self, kind: WidgetKind) -> bool {
        self.spec().2.contains(&kind)
    }

    /// An example value, shown as a hint.
    pub fn example(self) -> &'static str {
        self.spec().3
    }

    /// The field's text for `widget` (a flag reads "true" or "false").
    pub fn text_of(self, widget: &Widget) -> String {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let number = |value: Option<f64>| value.map(|number| number.to_string()).unwrap_or_default();
        let whole = |value: Option<u32>| value.map(|number| number.to_string()).unwrap_or_default();
        match self {
            FormField::Title => text(&widget.title),
            FormField::Topic => text(&widget.topic),
            FormField::ValuePath => text(&widget.value_path),
            FormField::CommandTopic => text(&widget.command_topic),
            FormField::Series => widget.series.iter().map(series_line).collect::<Vec<_>>().join("\n"),
            FormField::Payload => text(&widget.payload),
            FormField::OnPayload => text(&widget.on_payload),
            FormField::OffPayload => text(&widget.off_payload),
            FormField::Threshold => number(widget.threshold),
            FormField::Unit => text(&widget.unit),
            FormField::Min => number(widget.min),
            FormField::Max => number(widget.max),
            FormField::Step => number(widget.step),
            FormField::ThrottleMs => whole(widget.throttle_ms),
            FormField::Decimals => whole(widget.decimals.map(u32::from)),
            FormField::Thresholds => widget
                .thresholds
                .iter()
                .map(|band| format!("{} {}", band.value, band.color))
                .collect::<Vec<_>>()
                .join("\n"),
            FormField::States => widget.states.iter().map(StateLook::to_line).collect::<Vec<_>>().join("\n"),
            FormField::Scale => number(widget.scale),
            FormField::Offset => number(widget.offset),
            FormField::Expression => text(&widget.expression),
            FormField::ColorFormat => widget.color_format.map(|format| format.as_str().to_owned()).unwrap_or_default(),
            FormField::WindowS => whole(widget.window_s),
            FormField::Template => text(&widget.template),
            FormField::Qos => widget.qos.to_string(),
            FormField::Retain => widget.retain.to_string(),
            FormField::Confirm => widget.confirm.to_string(),
            FormField::ConfirmQuestion => text(&widget.confirm_question),
            FormField::ConfirmTimeoutS => whole(widget.confirm_timeout_s),
            FormField::CommandExpiryS => whole(widget.command_expiry_s),
            FormField::ResponseTopic => text(&widget.response_topic),
            FormField::StaleAfterS => whole(widget.stale_after_s),
            FormField::Alerts => widget.alerts.iter().map(AlertRule::to_line).collect::<Vec<_>>().join("\n"),
            FormField::Width => whole(widget.width.map(u32::from)),
            FormField::Height => whole(widget.height.map(u32::from)),
        }
    }

    /// Writes `text` into `widget`; empty text clears the field. The error
    /// names the field and what is wrong with the text.
    pub fn apply(self, widget: &mut Widget, text: &str) -> Result<(), FieldError> {
        let text = text.trim();
        let label = self.label();
        let optional = || Some(text.to_owned()).filter(|text| !text.is_empty());
        let fail = |problem: String| FieldError::new(label, problem);
        let number = |text: &str| -> Result<Option<f64>, FieldError> {
            if text.is_empty() {
                return Ok(None);
            }
            let value = crate::number::parse_number(text);
            value.map(Some).ok_or_else(|| fail(format!("{text:?} is not a number")))
        };
        let whole = |text: &str| -> Result<Option<u32>, FieldError> {
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<u32>().map(Some).map_err(|_| fail(format!("{text:?} is not a whole number")))
        };
        let small = |value: Option<u32>| -> Result<Option<u8>, FieldError> {
            value.map(u8::try_from).transpose().map_err(|_| fail("at most 255".into()))
        };
        match self {
            FormField::Title => widget.title = optional(),
            FormField::Topic => widget.topic = optional(),
            FormField::ValuePath => widget.value_path = optional(),
            FormField::CommandTopic => widget.command_topic = optional(),
            FormField::Series => {
                widget.series = text.lines().filter(|line| !line.trim().is_empty()).map(parse_series_line).collect();
            }
            FormField::Payload => widget.payload = optional(),
            FormField::OnPayload => widget.on_payload = optional(),
            FormField::OffPayload => widget.off_payload = optional(),
            FormField::Threshold => widget.threshold = number(text)?,
            FormField::Unit => widget.unit = optional(),
            FormField::Min => widget.min = number(text)?,
            FormField::Max => widget.max = number(text)?,
            FormField::Step => widget.step = number(text)?,
            FormField::ThrottleMs => widget.throttle_ms = whole(text)?,
            FormField::Decimals => widget.decimals = small(whole(text)?)?,
            FormField::Thresholds => {
                widget.thresholds = text
                    .lines()
                    .filter(|line| !line.trim().is_empty())
                    .map(|line| {
                        let (value, color) = line.trim().split_once(char::is_whitespace).unwrap_or((line.trim(), ""));
                        let value = number(value)?.unwrap_or_default();
                        Ok(Threshold { value, color: color.trim().to_owned() })
                    })
                    .collect::<Result<_, FieldError>>()?;
            }
            FormField::States => widget.states = lines_of(text, StateLook::from_line).map_err(fail)?,
            FormField::Alerts => widget.alerts = lines_of(text, AlertRule::from_line).map_err(fail)?,
            FormField::Scale => widget.scale = number(text)?,
            FormField::Offset => widget.offset = number(text)?,
            FormField::Expression => {
                if !text.is_empty() {
                    crate::expr::Expr::parse(text).map_err(|error| fail(error.to_string()))?;
                }
                widget.expression = optional();
            }
            FormField::ColorFormat => {
                widget.color_format = match text {
                    "" => None,
                    "hex" => Some(ColorFormat::Hex),
                    "json" => Some(ColorFormat::Json),
                    other => return Err(fail(format!("{other:?} is not hex or json"))),
                }
            }
            FormField::WindowS => widget.window_s = whole(text)?,
            FormField::Template => widget.template = optional(),
            FormField::Qos => {
                let level = whole(text)?.unwrap_or(0);
                let level = u8::try_from(level).map_err(|_| fail(format!("{level} is not 0, 1 or 2")))?;
                widget.qos = Qos::try_from(level).map_err(fail)?;
            }
            FormField::Retain => widget.retain = text == "true",
            FormField::Confirm => widget.confirm = text == "true",
            FormField::ConfirmQuestion => widget.confirm_question = optional(),
            FormField::ConfirmTimeoutS => widget.confirm_timeout_s = whole(text)?,
            FormField::CommandExpiryS => widget.command_expiry_s = whole(text)?,
            FormField::ResponseTopic => widget.response_topic = optional(),
            FormField::StaleAfterS => widget.stale_after_s = whole(text)?,
            FormField::Width => widget.width = small(whole(text)?)?,
            FormField::Height => widget.height = small(whole(text)?)?,
        }
        Ok(())
    }
}

/// Every non-blank line of `text`, read by `read`.
fn lines_of<T>(text: &str, read: fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    text.lines().filter(|line| !line.trim().is_empty()).map(read).collect()
}

/// The form field a checked widget's complaint is about (`max`,
/// `series[1].value_path`), so the form can show it there.
fn field_of_file_path(path: &str) -> Option<FormField> {
    let name = path.split_once('.').map_or(path, |(_, name)| name);
    Some(match name {
        _ if name.starts_with("series") => FormField::Series,
        "topic" => FormField::Topic,
        "value_path" => FormField::ValuePath,
        "command_topic" => FormField::CommandTopic,
        "response_topic" => FormField::ResponseTopic,
        "min" => FormField::Min,
        "max" => FormField::Max,
        "step" => FormField::Step,
        _ if name.starts_with("states") => FormField::States,
        _ if name.starts_with("alerts") => FormField::Alerts,
        "window_s" => FormField::WindowS,
        "width" => FormField::Width,
        "height" => FormField::Height,
        _ => return None,
    })
}

/// What is wrong with the form, field by field: every field whose text
/// cannot be read, else what the checked widget says (placed at its
/// field, or under `None` when it belongs to no field).
pub type FormErrors = Vec<(Option<FormField>, String)>;

/// The widget the form describes: `base` (its id and the fields the form
/// does not show, kept as they were) with `kind`, `connection` and every
/// field's text; fields that do not apply to `kind` are cleared. Checked
/// as a file's widget would be.
pub fn build_widget(
    base: &Widget,
    kind: WidgetKind,
    connection: String,
    text_of: impl Fn(FormField) -> String,
) -> Result<Widget, FormErrors> {
    let mut widget = Widget { kind, connection, ..base.clone() };
    let blank = Widget::new(String::new(), kind, String::new());
    let mut errors = FormErrors::new();
    for &field in FormField::ALL {
        let text = if field.applies_to(kind) { text_of(field) } else { field.text_of(&blank) };
        if let Err(error) = field.apply(&mut widget, &text) {
            errors.push((Some(field), error.problem));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    match widget.validate("this form", "widget") {
        Ok(()) => Ok(widget),
        Err(ModelError::InvalidValue { field, problem, .. }) => Err(vec![(field_of_file_path(&field), problem)]),
        Err(other) => Err(vec![(None, other.to_string())]),
    }
}

mod series;
#[cfg(test)]
mod tests;

pub use series::{parse_series_line, series_line};
