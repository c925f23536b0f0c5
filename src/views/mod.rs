//! The screens' components. Each reads [`crate::state::AppState`] from
//! context and talks to connections only through [`crate::client`].

mod alerts;
mod connection_bar;
mod connection_manager;
pub mod dashboard;
pub mod explorer;
pub(crate) mod files;
mod message_log;
mod publish_panel;
mod publish_queue;
pub mod share;
pub mod shell;
mod throttle;
pub mod toasts;

pub use alerts::AlertsScreen;
pub use connection_bar::ConnectionBar;
pub use connection_manager::ConnectionManager;
pub use dashboard::Dashboards;
pub use explorer::TopicExplorer;
pub use files::{FileActions, ThemeSwitch};
pub use message_log::MessageLogView;
pub use publish_panel::PublishPanel;
pub use share::ShareBanner;
