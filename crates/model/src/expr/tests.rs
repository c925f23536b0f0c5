use serde_json::json;

use super::*;

fn run(text: &str, value: ExprValue, payload: &serde_json::Value) -> Result<ExprValue, ExprError> {
    let scope = Scope { value, payload: Some(payload), payload_text: "" };
    Expr::parse(text)?.evaluate(&scope)
}

fn number(text: &str, value: f64) -> ExprValue {
    run(text, ExprValue::Number(value), &json!({})).unwrap()
}

#[test]
fn arithmetic_follows_the_usual_precedence() {
    assert_eq!(number("value * 9 / 5 + 32", 20.0), ExprValue::Number(68.0));
    assert_eq!(number("(value + 2) * 3", 1.0), ExprValue::Number(9.0));
    assert_eq!(number("-value - -2", 5.0), ExprValue::Number(-3.0));
    assert_eq!(number("value % 7", 23.0), ExprValue::Number(2.0));
    assert_eq!(number("1 + 2 * 3 - 4 / 2", 0.0), ExprValue::Number(5.0));
}

#[test]
fn functions_compare_and_choose() {
    assert_eq!(number("round(value, 1)", 21.46), ExprValue::Number(21.5));
    assert_eq!(number("round(value)", 2.5), ExprValue::Number(3.0));
    assert_eq!(number("min(value, 10, 3)", 7.0), ExprValue::Number(3.0));
    assert_eq!(number("max(value, 10)", 70.0), ExprValue::Number(70.0));
    assert_eq!(number("abs(value)", -4.0), ExprValue::Number(4.0));
    assert_eq!(number("floor(value) + ceil(value)", 1.5), ExprValue::Number(3.0));
    assert_eq!(number("value >= 30 ? 'hot' : value < 10 ? 'cold' : 'ok'", 31.0), ExprValue::Text("hot".into()));
    assert_eq!(number("value >= 30 ? 'hot' : value < 10 ? 'cold' : 'ok'", 5.0), ExprValue::Text("cold".into()));
    assert_eq!(number("value > 1 && value <= 3 || value == 10", 10.0), ExprValue::Bool(true));
    assert_eq!(number("!(value != 2)", 2.0), ExprValue::Bool(true));
}

#[test]
fn reads_the_payload_and_matches_text() {
    let payload = json!({ "room": { "t": 21.5, "name": "Kitchen" }, "list": [4, 5], "state": "DOOR_OPEN" });
    let value = ExprValue::Null;
    assert_eq!(run("payload.room.t * 2", value.clone(), &payload), Ok(ExprValue::Number(43.0)));
    assert_eq!(run("payload.list[1]", value.clone(), &payload), Ok(ExprValue::Number(5.0)));
    assert_eq!(run("payload['state']", value.clone(), &payload), Ok(ExprValue::Text("DOOR_OPEN".into())));
    assert_eq!(
        run("payload.room.name + ': ' + payload.room.t", value.clone(), &payload),
        Ok(ExprValue::Text("Kitchen: 21.5".into()))
    );
    assert_eq!(
        run("contains(payload.state, 'OPEN') ? 'open' : 'shut'", value.clone(), &payload),
        Ok(ExprValue::Text("open".into()))
    );
    assert_eq!(
        run("starts_with(payload.state, \"DOOR\") && ends_with(payload.state, 'N')", value.clone(), &payload),
        Ok(ExprValue::Bool(true))
    );
    assert_eq!(run("payload.missing", value.clone(), &payload), Ok(ExprValue::Null));
    assert_eq!(run("payload.list[0] == '4'", value, &payload), Ok(ExprValue::Bool(true)), "a number equals its text");
    let scope = Scope { value: ExprValue::Null, payload: None, payload_text: "opened" };
    assert_eq!(Expr::parse("payload == 'opened'").unwrap().evaluate(&scope), Ok(ExprValue::Bool(true)));
    assert!(Expr::parse("payload.a").unwrap().uses_payload);
    assert!(!Expr::parse("value + 1").unwrap().uses_payload);
}

#[test]
fn bad_expressions_say_what_is_wrong() {
    let error = |text: &str, value: ExprValue| run(text, value, &json!({"a": 1})).unwrap_err().0;
    assert!(error("value +", ExprValue::Number(1.0)).contains("ends too early"));
    assert!(error("value * (2", ExprValue::Number(1.0)).contains("expected \")\""));
    assert!(error("window.alert(1)", ExprValue::Null).contains("unknown name \"window\""));
    assert!(error("eval('1')", ExprValue::Null).contains("unknown name \"eval\""));
    assert!(error("value / 0", ExprValue::Number(1.0)).contains("division by zero"));
    assert!(error("value * 2", ExprValue::Text("warm".into())).contains("needs numbers, not the text \"warm\""));
    assert!(error("round(1, 2, 3)", ExprValue::Null).contains("round() takes 1 or 2 numbers, not 3"));
    assert!(error("'open", ExprValue::Null).contains("not closed"));
    assert!(error("1 = 1", ExprValue::Null).contains("unexpected '='"));
    assert!(error("value.a", ExprValue::Null).contains("only the payload has fields"));
    assert!(error("1e308 * 10", ExprValue::Null).contains("unexpected 'e'"));
    assert!(error("100000000000 * 1e", ExprValue::Null).contains("unexpected"));
}

#[test]
fn limits_hold_against_hostile_expressions() {
    let deep = format!("{}1{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
    assert!(Expr::parse(&deep).unwrap_err().0.contains("nests deeper than 32"));
    let long = "1+".repeat(300) + "1";
    assert!(Expr::parse(&long).unwrap_err().0.contains("longer than 500"));
    let negations = "-".repeat(40) + "1";
    assert!(Expr::parse(&negations).unwrap_err().0.contains("nests deeper"));
    // The largest accepted expression stays far inside the step budget, and
    // the budget is what stops evaluation (it is counted per node).
    let wide = "1+".repeat(249) + "1";
    assert_eq!(run(&wide, ExprValue::Null, &json!({})), Ok(ExprValue::Number(250.0)));
    let big = 1e300;
    assert!(run("value * value", ExprValue::Number(big), &json!({})).unwrap_err().0.contains("too large"));
}

#[test]
fn the_step_budget_stops_an_evaluation() {
    // A tree of more nodes than the budget, built directly (the length limit keeps parsed ones smaller):
    // wide, not deep, so it is the budget and not the stack that stops it.
    let node = Node::Call(Function::Max, vec![Node::Literal(ExprValue::Number(1.0)); STEP_BUDGET as usize]);
    let expr = Expr { root: node, uses_payload: false };
    let scope = Scope { value: ExprValue::Null, payload: None, payload_text: "" };
    assert!(expr.evaluate(&scope).unwrap_err().0.contains("more than 10000 steps"));
}
