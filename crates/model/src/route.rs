//! The app's screens as hash routes: `#/d/<dashboard id>`, `#/topics`,
//! `#/publish`, `#/log`, `#/connections` and `#/alerts`, and `?kiosk` after a dashboard
//! route for a wall tablet. Hash routes work on any static host and under
//! any sub-path, and leave `?config=` (in the query) and share links
//! (`#config=…`) to themselves.

/// A screen of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// A dashboard; `None` is the first one (or none yet).
    Dashboard(Option<String>),
    /// The topic explorer.
    Topics,
    /// The publish panel.
    Publish,
    /// The message log.
    Log,
    /// The connection manager.
    Connections,
    /// The alerts, active and past.
    Alerts,
}

impl Screen {
    /// The value of the screen root's `data-screen`.
    pub fn hook(&self) -> &'static str {
        match self {
            Screen::Dashboard(_) => "dashboard",
            Screen::Topics => "topics",
            Screen::Publish => "publish",
            Screen::Log => "log",
            Screen::Connections => "connections",
            Screen::Alerts => "alerts",
        }
    }
}

/// Where the app is: a screen, and whether it is in kiosk mode (a
/// dashboard alone, without navigation or edit controls).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The screen shown.
    pub screen: Screen,
    /// Kiosk mode; only dashboards have it.
    pub kiosk: bool,
}

impl Default for Route {
    fn default() -> Self {
        Route { screen: Screen::Dashboard(None), kiosk: false }
    }
}

impl Route {
    /// The route of `screen`, not in kiosk mode.
    pub fn to(screen: Screen) -> Self {
        Route { screen, kiosk: false }
    }

    /// Reads a location hash (`#/topics`, `#/d/home?kiosk`). `None` when the
    /// hash is not a route: empty, a share link, or an unknown path.
    pub fn parse(hash: &str) -> Option<Route> {
        let path = hash.strip_prefix('#').unwrap_or(hash).strip_prefix('/')?;
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let kiosk = query.split('&').any(|pair| pair == "kiosk" || pair.starts_with("kiosk="));
        let mut parts = path.split('/');
        let screen = match (parts.next()?, parts.next(), parts.next()) {
            ("d", id, None) => Screen::Dashboard(id.filter(|id| !id.is_empty()).map(percent_decode)),
            ("", None, None) => Screen::Dashboard(None),
            ("topics", None, None) => Screen::Topics,
            ("publish", None, None) => Screen::Publish,
            ("log", None, None) => Screen::Log,
            ("connections", None, None) => Screen::Connections,
            ("alerts", None, None) => Screen::Alerts,
            _ => return None,
        };
        let kiosk = kiosk && matches!(screen, Screen::Dashboard(_));
        Some(Route { screen, kiosk })
    }

    /// The hash of this route, `#/…`.
    pub fn hash(&self) -> String {
        let path = match &self.screen {
            Screen::Dashboard(Some(id)) => format!("#/d/{}", percent_encode(id)),
            Screen::Dashboard(None) => "#/d".to_owned(),
            other => format!("#/{}", other.hook()),
        };
        if self.kiosk {
            format!("{path}?kiosk")
        } else {
            path
        }
    }

    /// The dashboard this route shows, if it is a dashboard route.
    pub fn dashboard(&self) -> Option<&str> {
        match &self.screen {
            Screen::Dashboard(id) => id.as_deref(),
            _ => None,
        }
    }
}

/// Escapes what cannot stand in a hash path segment (ids are usually plain).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Undoes [`percent_encode`]; a broken escape is kept as typed.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_round_trips_through_its_hash() {
        let routes = [
            Route::to(Screen::Dashboard(Some("home".into()))),
            Route::to(Screen::Dashboard(Some("a b/ü".into()))),
            Route::to(Screen::Dashboard(None)),
            Route::to(Screen::Topics),
            Route::to(Screen::Publish),
            Route::to(Screen::Log),
            Route::to(Screen::Connections),
            Route::to(Screen::Alerts),
            Route { screen: Screen::Dashboard(Some("wall".into())), kiosk: true },
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.hash()), Some(route.clone()), "{}", route.hash());
        }
        assert_eq!(Route::to(Screen::Alerts).hash(), "#/alerts");
    }

    #[test]
    fn kiosk_is_read_from_the_query_of_a_dashboard_route_only() {
        let wall = Route::parse("#/d/home?kiosk").unwrap();
        assert!(wall.kiosk);
        assert_eq!(wall.dashboard(), Some("home"));
        assert!(Route::parse("#/d/home?kiosk=1").unwrap().kiosk);
        assert!(!Route::parse("#/d/home?kiosky").unwrap().kiosk);
        assert!(!Route::parse("#/topics?kiosk").unwrap().kiosk);
    }

    #[test]
    fn share_links_unknown_paths_and_empty_hashes_are_not_routes() {
        assert_eq!(Route::parse("#config=eyJmb3JtYXQiOiJtcXR0LWRlY2sifQ"), None);
        assert_eq!(Route::parse(""), None);
        assert_eq!(Route::parse("#"), None);
        assert_eq!(Route::parse("#/nowhere"), None);
        assert_eq!(Route::parse("#/topics/extra"), None);
        assert_eq!(Route::parse("#/"), Some(Route::default()));
    }

    #[test]
    fn a_broken_escape_is_kept_as_typed() {
        assert_eq!(Route::parse("#/d/50%zz").unwrap().dashboard(), Some("50%zz"));
        assert_eq!(Route::parse("#/d/a%2").unwrap().dashboard(), Some("a%2"));
    }
}
