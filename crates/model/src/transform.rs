//! A widget's value transforms, applied to its reading before it is shown:
//! `scale` and `offset` (value × scale + offset, for numbers), then the
//! `expression` ([`crate::expr`]), which sees `value` and the payload. A
//! failing expression gives a reading that says why, never a panic.

use serde_json::Value;

use crate::dashboard::Widget;
use crate::expr::{Expr, ExprValue, Scope};
use crate::value::Reading;

/// The transforms of one widget, parsed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Transform {
    scale: f64,
    offset: f64,
    expression: Option<Expr>,
}

impl Transform {
    /// `widget`'s transforms; None when it has none. An expression that
    /// does not parse is refused when the file is read, so here it is dropped.
    pub fn of(widget: &Widget) -> Option<Transform> {
        let expression = widget.expression.as_deref().and_then(|text| Expr::parse(text).ok());
        let (scale, offset) = (widget.scale.unwrap_or(1.0), widget.offset.unwrap_or(0.0));
        (expression.is_some() || scale != 1.0 || offset != 0.0).then_some(Transform { scale, offset, expression })
    }

    /// `reading` of `payload`, transformed.
    pub fn apply(&self, reading: &Reading, payload: &[u8]) -> Reading {
        let reading = match reading {
            Reading::Number(number) => Reading::Number(number * self.scale + self.offset),
            other => other.clone(),
        };
        let Some(expression) = &self.expression else { return reading };
        let value = match &reading {
            Reading::Number(number) => ExprValue::Number(*number),
            Reading::Text(text) => ExprValue::Text(text.clone()),
            Reading::Missing(_) => ExprValue::Null,
        };
        let text = String::from_utf8_lossy(payload);
        let json = if expression.uses_payload { serde_json::from_str::<Value>(&text).ok() } else { None };
        let scope = Scope { value, payload: json.as_ref(), payload_text: &text };
        match expression.evaluate(&scope) {
            Ok(ExprValue::Number(number)) => Reading::Number(number),
            Ok(ExprValue::Text(text)) => Reading::Text(text),
            Ok(ExprValue::Bool(flag)) => Reading::Text(flag.to_string()),
            Ok(ExprValue::Null) => Reading::Missing("the expression gave nothing".into()),
            Err(error) => Reading::Missing(format!("expression: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::WidgetKind;

    fn widget(scale: Option<f64>, offset: Option<f64>, expression: Option<&str>) -> Widget {
        Widget {
            scale,
            offset,
            expression: expression.map(str::to_owned),
            ..Widget::new("w".into(), WidgetKind::Text, "c".into())
        }
    }

    #[test]
    fn scale_and_offset_then_the_expression() {
        let fahrenheit = Transform::of(&widget(Some(1.8), Some(32.0), None)).unwrap();
        assert_eq!(fahrenheit.apply(&Reading::Number(20.0), b"20"), Reading::Number(68.0));
        assert_eq!(fahrenheit.apply(&Reading::Text("n/a".into()), b"n/a"), Reading::Text("n/a".into()));
        let both = Transform::of(&widget(
            Some(0.001),
            None,
            Some("value >= 1 ? round(value, 1) + ' kW' : value * 1000 + ' W'"),
        ))
        .unwrap();
        assert_eq!(both.apply(&Reading::Number(1750.0), b"1750"), Reading::Text("1.8 kW".into()));
        assert_eq!(both.apply(&Reading::Number(640.0), b"640"), Reading::Text("640 W".into()));
        let from_payload = Transform::of(&widget(None, None, Some("payload.a + payload.b"))).unwrap();
        assert_eq!(from_payload.apply(&Reading::Missing("no path".into()), br#"{"a":2,"b":3}"#), Reading::Number(5.0));
        assert_eq!(Transform::of(&widget(None, None, None)), None);
        assert_eq!(Transform::of(&widget(Some(1.0), Some(0.0), None)), None);
    }

    #[test]
    fn a_failing_expression_says_why_on_the_widget() {
        let transform = Transform::of(&widget(None, None, Some("value * 2"))).unwrap();
        match transform.apply(&Reading::Text("warm".into()), b"warm") {
            Reading::Missing(why) => assert!(why.starts_with("expression: * needs numbers"), "{why}"),
            other => panic!("{other:?}"),
        }
        let missing = Transform::of(&widget(None, None, Some("payload.nothing"))).unwrap();
        assert_eq!(missing.apply(&Reading::Number(1.0), b"{}"), Reading::Missing("the expression gave nothing".into()));
    }
}
