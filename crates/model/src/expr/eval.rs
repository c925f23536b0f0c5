//! The evaluator: walks the tree, counting steps against the budget.

use serde_json::Value;

use super::{ExprError, ExprValue, Function, Name, Node, Operator, STEP_BUDGET};

/// What an expression can see.
pub struct Scope<'a> {
    /// The reading, after `scale` and `offset`.
    pub value: ExprValue,
    /// The payload decoded as JSON, when it is JSON and the expression reads it.
    pub payload: Option<&'a Value>,
    /// The payload as text, when it is not JSON.
    pub payload_text: &'a str,
}

/// Evaluates `root` in `scope`.
pub fn evaluate(root: &Node, scope: &Scope) -> Result<ExprValue, ExprError> {
    let mut steps = 0;
    walk(root, scope, &mut steps)
}

fn walk(node: &Node, scope: &Scope, steps: &mut u32) -> Result<ExprValue, ExprError> {
    *steps += 1;
    if *steps > STEP_BUDGET {
        return Err(ExprError(format!("the expression took more than {STEP_BUDGET} steps")));
    }
    Ok(match node {
        Node::Literal(value) => value.clone(),
        Node::Name(Name::Value) => scope.value.clone(),
        Node::Name(Name::Payload) => match scope.payload {
            Some(json) => from_json(json),
            None => ExprValue::Text(scope.payload_text.to_owned()),
        },
        Node::Field(..) | Node::Index(..) => match json_at(node, scope, steps)? {
            Some(json) => from_json(json),
            None => ExprValue::Null,
        },
        Node::Unary('-', operand) => ExprValue::Number(-number(&walk(operand, scope, steps)?, "-")?),
        Node::Unary(_, operand) => ExprValue::Bool(!truthy(&walk(operand, scope, steps)?)),
        Node::Binary(left, Operator::And, right) => {
            ExprValue::Bool(truthy(&walk(left, scope, steps)?) && truthy(&walk(right, scope, steps)?))
        }
        Node::Binary(left, Operator::Or, right) => {
            ExprValue::Bool(truthy(&walk(left, scope, steps)?) || truthy(&walk(right, scope, steps)?))
        }
        Node::Binary(left, operator, right) => {
            binary(walk(left, scope, steps)?, *operator, walk(right, scope, steps)?)?
        }
        Node::Choice(condition, then, otherwise) => {
            let branch = if truthy(&walk(condition, scope, steps)?) { then } else { otherwise };
            walk(branch, scope, steps)?
        }
        Node::Call(function, arguments) => {
            let values =
                arguments.iter().map(|argument| walk(argument, scope, steps)).collect::<Result<Vec<_>, _>>()?;
            call(*function, values)?
        }
    })
}

/// The JSON a field or index chain of `payload` names, if any.
fn json_at<'a>(node: &Node, scope: &Scope<'a>, steps: &mut u32) -> Result<Option<&'a Value>, ExprError> {
    Ok(match node {
        Node::Name(Name::Payload) => scope.payload,
        Node::Field(inner, name) => json_at(inner, scope, steps)?.and_then(|json| json.get(name)),
        Node::Index(inner, index) => {
            let Some(json) = json_at(inner, scope, steps)? else { return Ok(None) };
            match walk(index, scope, steps)? {
                ExprValue::Number(number) if number >= 0.0 && number.fract() == 0.0 => json.get(number as usize),
                ExprValue::Text(key) => json.get(key.as_str()),
                other => return Err(ExprError(format!("{} cannot index the payload", describe(&other)))),
            }
        }
        _ => return Err(ExprError("only the payload has fields (payload.name, payload[0])".into())),
    })
}

fn from_json(json: &Value) -> ExprValue {
    match json {
        Value::Number(number) => number.as_f64().map_or(ExprValue::Null, ExprValue::Number),
        Value::String(text) => ExprValue::Text(text.clone()),
        Value::Bool(flag) => ExprValue::Bool(*flag),
        Value::Null => ExprValue::Null,
        other => ExprValue::Text(other.to_string()),
    }
}

fn truthy(value: &ExprValue) -> bool {
    match value {
        ExprValue::Bool(flag) => *flag,
        ExprValue::Number(number) => *number != 0.0,
        ExprValue::Text(text) => !text.is_empty(),
        ExprValue::Null => false,
    }
}

fn describe(value: &ExprValue) -> String {
    match value {
        ExprValue::Number(number) => format!("the number {number}"),
        ExprValue::Text(text) => format!("the text {text:?}"),
        ExprValue::Bool(flag) => format!("{flag}"),
        ExprValue::Null => "nothing (a missing field)".into(),
    }
}

/// `value` as a number: numbers, and texts that read as one.
fn number(value: &ExprValue, operation: &str) -> Result<f64, ExprError> {
    let number = match value {
        ExprValue::Number(number) => Some(*number),
        ExprValue::Text(text) => crate::number::parse_number(text),
        _ => None,
    };
    number.ok_or_else(|| ExprError(format!("{operation} needs numbers, not {}", describe(value))))
}

fn text(value: ExprValue) -> String {
    match value {
        ExprValue::Text(text) => text,
        ExprValue::Number(number) => crate::value::format_number(number, None),
        ExprValue::Bool(flag) => flag.to_string(),
        ExprValue::Null => String::new(),
    }
}

fn binary(left: ExprValue, operator: Operator, right: ExprValue) -> Result<ExprValue, ExprError> {
    use Operator::*;
    if matches!(operator, Equal | NotEqual) {
        let same = match (&left, &right) {
            (ExprValue::Text(a), ExprValue::Text(b)) => a == b,
            (ExprValue::Number(_), ExprValue::Text(_)) | (ExprValue::Text(_), ExprValue::Number(_)) => {
                number(&left, "==").ok() == number(&right, "==").ok()
            }
            _ => left == right,
        };
        return Ok(ExprValue::Bool(same == (operator == Equal)));
    }
    // + joins texts when either side is a text that is not a number.
    if operator == Add {
        if let (ExprValue::Text(_), _) | (_, ExprValue::Text(_)) = (&left, &right) {
            if number(&left, "+").is_err() || number(&right, "+").is_err() {
                return Ok(ExprValue::Text(text(left) + &text(right)));
            }
        }
    }
    let symbol = match operator {
        Add => "+",
        Subtract => "-",
        Multiply => "*",
        Divide => "/",
        Remainder => "%",
        _ => "a comparison",
    };
    let (a, b) = (number(&left, symbol)?, number(&right, symbol)?);
    let result = match operator {
        Add => a + b,
        Subtract => a - b,
        Multiply => a * b,
        Divide | Remainder if b == 0.0 => return Err(ExprError("division by zero".into())),
        Divide => a / b,
        Remainder => a % b,
        Less => return Ok(ExprValue::Bool(a < b)),
        LessOrEqual => return Ok(ExprValue::Bool(a <= b)),
        Greater => return Ok(ExprValue::Bool(a > b)),
        _ => return Ok(ExprValue::Bool(a >= b)),
    };
    if result.is_finite() {
        Ok(ExprValue::Number(result))
    } else {
        Err(ExprError(format!("{a} {symbol} {b} is too large")))
    }
}

fn call(function: Function, arguments: Vec<ExprValue>) -> Result<ExprValue, ExprError> {
    let name = Function::ALL.iter().find(|(_, known)| *known == function).map_or("?", |(name, _)| name);
    let count = arguments.len();
    let wrong_count = |wanted: &str| Err(ExprError(format!("{name}() takes {wanted}, not {count}")));
    let numbers = || arguments.iter().map(|value| number(value, name)).collect::<Result<Vec<_>, _>>();
    Ok(match function {
        Function::Round => match numbers()?[..] {
            [x] => ExprValue::Number(x.round()),
            [x, places] if (0.0..=10.0).contains(&places) => {
                let scale = 10f64.powi(places as i32);
                ExprValue::Number((x * scale).round() / scale)
            }
            [_, _] => return Err(ExprError("round() keeps 0 to 10 places".into())),
            _ => return wrong_count("1 or 2 numbers"),
        },
        Function::Min | Function::Max => {
            let values = numbers()?;
            let pick = if function == Function::Min { f64::min } else { f64::max };
            match values.into_iter().reduce(pick) {
                Some(result) => ExprValue::Number(result),
                None => return wrong_count("at least 1 number"),
            }
        }
        Function::Abs | Function::Floor | Function::Ceil => match numbers()?[..] {
            [x] => ExprValue::Number(match function {
                Function::Abs => x.abs(),
                Function::Floor => x.floor(),
                _ => x.ceil(),
            }),
            _ => return wrong_count("1 number"),
        },
        Function::Contains | Function::StartsWith | Function::EndsWith => {
            let Ok([haystack, needle]) = <[ExprValue; 2]>::try_from(arguments) else { return wrong_count("2 texts") };
            let (haystack, needle) = (text(haystack), text(needle));
            ExprValue::Bool(match function {
                Function::Contains => haystack.contains(&needle),
                Function::StartsWith => haystack.starts_with(&needle),
                _ => haystack.ends_with(&needle),
            })
        }
    })
}
