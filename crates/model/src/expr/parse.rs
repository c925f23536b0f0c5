//! The parser: text to a tree, by recursive descent with a depth limit,
//! one precedence level per function (lowest first).

use super::{Expr, ExprError, ExprValue, Function, Name, Node, Operator, MAX_DEPTH, MAX_LENGTH};

/// Parses `text` into an expression.
pub fn parse(text: &str) -> Result<Expr, ExprError> {
    if text.chars().count() > MAX_LENGTH {
        return Err(ExprError(format!("the expression is longer than {MAX_LENGTH} characters")));
    }
    let mut parser = Parser { chars: text.chars().collect(), at: 0, depth: 0, uses_payload: false };
    let root = parser.choice()?;
    parser.skip_space();
    if let Some(extra) = parser.peek() {
        return Err(ExprError(format!("unexpected {extra:?} at character {}", parser.at + 1)));
    }
    Ok(Expr { root, uses_payload: parser.uses_payload })
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
    uses_payload: bool,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// Takes `token` if it comes next (after spaces).
    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        let matches = token.chars().enumerate().all(|(offset, c)| self.chars.get(self.at + offset) == Some(&c));
        if matches {
            self.at += token.chars().count();
        }
        matches
    }

    fn expect(&mut self, token: &str) -> Result<(), ExprError> {
        if self.eat(token) {
            return Ok(());
        }
        let found = self.peek().map_or("the end".to_owned(), |c| format!("{c:?}"));
        Err(ExprError(format!("expected {token:?} at character {}, found {found}", self.at + 1)))
    }

    /// One level deeper, refused beyond [`MAX_DEPTH`].
    fn nested<T>(&mut self, inner: impl FnOnce(&mut Self) -> Result<T, ExprError>) -> Result<T, ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError(format!("the expression nests deeper than {MAX_DEPTH} levels")));
        }
        let result = inner(self);
        self.depth -= 1;
        result
    }

    fn choice(&mut self) -> Result<Node, ExprError> {
        self.nested(|parser| {
            let condition = parser.binary(0)?;
            if !parser.eat("?") {
                return Ok(condition);
            }
            let then = parser.choice()?;
            parser.expect(":")?;
            let otherwise = parser.choice()?;
            Ok(Node::Choice(Box::new(condition), Box::new(then), Box::new(otherwise)))
        })
    }

    /// Binary operators from precedence `level` up.
    fn binary(&mut self, level: usize) -> Result<Node, ExprError> {
        const LEVELS: [&[(&str, Operator)]; 5] = [
            &[("||", Operator::Or)],
            &[("&&", Operator::And)],
            &[
                ("==", Operator::Equal),
                ("!=", Operator::NotEqual),
                ("<=", Operator::LessOrEqual),
                (">=", Operator::GreaterOrEqual),
                ("<", Operator::Less),
                (">", Operator::Greater),
            ],
            &[("+", Operator::Add), ("-", Operator::Subtract)],
            &[("*", Operator::Multiply), ("/", Operator::Divide), ("%", Operator::Remainder)],
        ];
        let Some(operators) = LEVELS.get(level) else { return self.unary() };
        let mut left = self.binary(level + 1)?;
        while let Some(&(_, operator)) = operators.iter().find(|(token, _)| self.eat(token)) {
            let right = self.nested(|parser| parser.binary(level + 1))?;
            left = Node::Binary(Box::new(left), operator, Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, ExprError> {
        for sign in ['-', '!'] {
            if self.eat(&sign.to_string()) {
                let operand = self.nested(Self::unary)?;
                return Ok(Node::Unary(sign, Box::new(operand)));
            }
        }
        let mut node = self.primary()?;
        loop {
            if self.eat(".") {
                node = Node::Field(Box::new(node), self.identifier()?);
            } else if self.eat("[") {
                let index = self.choice()?;
                self.expect("]")?;
                node = Node::Index(Box::new(node), Box::new(index));
            } else {
                return Ok(node);
            }
        }
    }

    fn identifier(&mut self) -> Result<String, ExprError> {
        self.skip_space();
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.at += 1;
        }
        if start == self.at || self.chars[start].is_ascii_digit() {
            return Err(ExprError(format!("expected a name at character {}", start + 1)));
        }
        Ok(self.chars[start..self.at].iter().collect())
    }

    fn primary(&mut self) -> Result<Node, ExprError> {
        self.skip_space();
        match self.peek() {
            None => Err(ExprError("the expression ends too early".into())),
            Some('(') => {
                self.at += 1;
                let inner = self.choice()?;
                self.expect(")")?;
                Ok(inner)
            }
            Some(quote @ ('"' | '\'')) => self.text(quote),
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(_) => self.name(),
        }
    }

    fn text(&mut self, quote: char) -> Result<Node, ExprError> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(ExprError(format!("the text at character {} is not closed", start + 1))),
                Some(c) if c == quote => break,
                Some('\\') if self.chars.get(self.at + 1).is_some() => {
                    self.at += 1;
                    text.push(self.chars[self.at]);
                }
                Some(c) => text.push(c),
            }
            self.at += 1;
        }
        self.at += 1;
        Ok(Node::Literal(ExprValue::Text(text)))
    }

    fn number(&mut self) -> Result<Node, ExprError> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            self.at += 1;
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        let number = crate::number::parse_number(&digits)
            .ok_or_else(|| ExprError(format!("{digits:?} at character {} is not a number", start + 1)))?;
        Ok(Node::Literal(ExprValue::Number(number)))
    }

    fn name(&mut self) -> Result<Node, ExprError> {
        let start = self.at;
        let name = self.identifier()?;
        match name.as_str() {
            "true" => return Ok(Node::Literal(ExprValue::Bool(true))),
            "false" => return Ok(Node::Literal(ExprValue::Bool(false))),
            "value" => return Ok(Node::Name(Name::Value)),
            "payload" => {
                self.uses_payload = true;
                return Ok(Node::Name(Name::Payload));
            }
            _ => {}
        }
        let Some(&(_, function)) = Function::ALL.iter().find(|(known, _)| *known == name) else {
            return Err(ExprError(format!(
                "unknown name {name:?} at character {} (there are value, payload, and the functions {})",
                start + 1,
                Function::ALL.map(|(known, _)| known).join(", ")
            )));
        };
        self.expect("(")?;
        let mut arguments = Vec::new();
        if !self.eat(")") {
            loop {
                arguments.push(self.choice()?);
                if self.eat(")") {
                    break;
                }
                self.expect(",")?;
            }
        }
        Ok(Node::Call(function, arguments))
    }
}
