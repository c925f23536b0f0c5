//! A small expression language for widget values, evaluated in Rust: no
//! `eval`, no JavaScript, nothing that reaches the page. It has numbers,
//! texts and booleans; `+ - * / %`, comparisons, `&& || !`, `cond ? a : b`;
//! `round(x)`, `round(x, places)`, `min`, `max`, `abs`, `floor`, `ceil`;
//! the text matches `contains`, `starts_with`, `ends_with`; and two names:
//! `value` (the reading, after `scale` and `offset`) and `payload` (the
//! decoded JSON, with `payload.a.b` and `payload.list[0]`, or the text).
//!
//! Bounded: an expression is at most [`MAX_LENGTH`] characters and
//! [`MAX_DEPTH`] levels deep when parsed, and an evaluation takes at most
//! [`STEP_BUDGET`] steps. Every failure is an [`ExprError`] with a message.

mod eval;
mod parse;

pub use eval::Scope;

/// The longest expression accepted.
pub const MAX_LENGTH: usize = 500;
/// The deepest nesting accepted.
pub const MAX_DEPTH: usize = 32;
/// The most steps one evaluation may take.
pub const STEP_BUDGET: u32 = 10_000;

/// A value an expression works with.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprValue {
    /// A number.
    Number(f64),
    /// A text.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// Nothing: a missing field of the payload.
    Null,
}

/// What went wrong, in words for the widget's card.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ExprError(pub String);

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    root: Node,
    /// Whether it reads `payload` (the payload is decoded only then).
    pub uses_payload: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Literal(ExprValue),
    Name(Name),
    Field(Box<Node>, String),
    Index(Box<Node>, Box<Node>),
    Unary(char, Box<Node>),
    Binary(Box<Node>, Operator, Box<Node>),
    Choice(Box<Node>, Box<Node>, Box<Node>),
    Call(Function, Vec<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Value,
    Payload,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Function {
    Round,
    Min,
    Max,
    Abs,
    Floor,
    Ceil,
    Contains,
    StartsWith,
    EndsWith,
}

impl Function {
    const ALL: [(&'static str, Function); 9] = [
        ("round", Function::Round),
        ("min", Function::Min),
        ("max", Function::Max),
        ("abs", Function::Abs),
        ("floor", Function::Floor),
        ("ceil", Function::Ceil),
        ("contains", Function::Contains),
        ("starts_with", Function::StartsWith),
        ("ends_with", Function::EndsWith),
    ];
}

impl Expr {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        parse::parse(text)
    }

    /// Evaluates it in `scope`.
    pub fn evaluate(&self, scope: &Scope) -> Result<ExprValue, ExprError> {
        eval::evaluate(&self.root, scope)
    }
}

#[cfg(test)]
mod tests;
