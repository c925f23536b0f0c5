//! The changes a person makes to dashboards, as methods on the model types
//! (the way leptos' todomvc keeps its changes on `Todos`): add a dashboard,
//! put a widget on one, move, resize and delete widgets, and pick names
//! that are not taken. Views call these and save.

use crate::dashboard::{Dashboard, Widget, WidgetKind};

/// `base-1`, `base-2`, … : the first not in `taken`.
pub fn unique_name(base: &str, taken: &[String]) -> String {
    (1..).map(|index| format!("{base}-{index}")).find(|name| !taken.contains(name)).unwrap_or_else(|| base.to_owned())
}

/// The columns a widget spans when it does not say: charts 2, others 1.
pub fn default_width(kind: WidgetKind) -> u8 {
    if kind == WidgetKind::Chart {
        2
    } else {
        1
    }
}

/// The most grid columns or rows a widget spans.
pub const MAX_SPAN: u8 = 4;

impl Widget {
    /// The columns it spans, 1 to 4.
    pub fn span(&self) -> u8 {
        self.width.unwrap_or(default_width(self.kind))
    }

    /// The grid rows it spans, 1 to 4.
    pub fn rows(&self) -> u8 {
        self.height.unwrap_or(1)
    }
}

/// Which way a widget is resized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Columns.
    Width,
    /// Rows.
    Height,
}

impl Dashboard {
    /// Puts `widget` on the dashboard, replacing the one with its id.
    pub fn upsert_widget(&mut self, widget: Widget) {
        match self.widgets.iter_mut().find(|existing| existing.id == widget.id) {
            Some(existing) => *existing = widget,
            None => self.widgets.push(widget),
        }
    }

    /// Moves widget `id` one place earlier (`-1`) or later (`1`).
    pub fn move_widget(&mut self, id: &str, by: isize) {
        let Some(index) = self.widgets.iter().position(|widget| widget.id == id) else { return };
        let Some(target) = index.checked_add_signed(by).filter(|target| *target < self.widgets.len()) else { return };
        self.widgets.swap(index, target);
    }

    /// Puts widget `id` at position `index` (clamped to the end), the others
    /// keeping their order: what a drop does.
    pub fn move_widget_to(&mut self, id: &str, index: usize) {
        let Some(from) = self.widgets.iter().position(|widget| widget.id == id) else { return };
        let widget = self.widgets.remove(from);
        self.widgets.insert(index.min(self.widgets.len()), widget);
    }

    /// Makes widget `id` `by` columns or rows bigger (or smaller, when
    /// negative), within 1 to [`MAX_SPAN`].
    pub fn resize_widget(&mut self, id: &str, dimension: Dimension, by: i8) {
        if let Some(widget) = self.widgets.iter_mut().find(|widget| widget.id == id) {
            let (now, field) = match dimension {
                Dimension::Width => (widget.span(), &mut widget.width),
                Dimension::Height => (widget.rows(), &mut widget.height),
            };
            *field = Some((now as i8 + by).clamp(1, MAX_SPAN as i8) as u8);
        }
    }

    /// Sets widget `id` to `width` × `height` cells (a resize handle's drop), within 1 to [`MAX_SPAN`].
    pub fn set_widget_size(&mut self, id: &str, width: u8, height: u8) {
        if let Some(widget) = self.widgets.iter_mut().find(|widget| widget.id == id) {
            widget.width = Some(width.clamp(1, MAX_SPAN));
            widget.height = Some(height.clamp(1, MAX_SPAN));
        }
    }

    /// Puts `widget` back at `index` (an undone delete).
    pub fn restore_widget(&mut self, index: usize, widget: Widget) {
        self.widgets.retain(|existing| existing.id != widget.id);
        self.widgets.insert(index.min(self.widgets.len()), widget);
    }

    /// Deletes widget `id`, returning where it was and the widget.
    pub fn remove_widget(&mut self, id: &str) -> Option<(usize, Widget)> {
        let index = self.widgets.iter().position(|widget| widget.id == id)?;
        Some((index, self.widgets.remove(index)))
    }

    /// An id for a new widget, `widget-<n>`, not taken on this dashboard.
    pub fn new_widget_id(&self) -> String {
        let taken: Vec<String> = self.widgets.iter().map(|widget| widget.id.clone()).collect();
        unique_name("widget", &taken)
    }
}

/// Adds a dashboard with a fresh id and a numbered title; returns its id.
pub fn add_dashboard(dashboards: &mut Vec<Dashboard>) -> String {
    let taken: Vec<String> = dashboards.iter().map(|dashboard| dashboard.id.clone()).collect();
    let id = unique_name("dashboard", &taken);
    dashboards.push(Dashboard::new(id.clone(), format!("Dashboard {}", taken.len() + 1)));
    id
}

/// Moves dashboard `id` one place earlier (`-1`) or later (`1`) among the tabs.
pub fn move_dashboard(dashboards: &mut [Dashboard], id: &str, by: isize) {
    let Some(index) = dashboards.iter().position(|dashboard| dashboard.id == id) else { return };
    if let Some(target) = index.checked_add_signed(by).filter(|target| *target < dashboards.len()) {
        dashboards.swap(index, target);
    }
}

/// Puts `widget` on dashboard `preferred`, or on a "Pinned" dashboard made
/// for it when there is no such dashboard. Returns (the dashboard's id, its title).
pub fn place_widget(dashboards: &mut Vec<Dashboard>, preferred: &str, widget: Widget) -> (String, String) {
    let index = match dashboards.iter().position(|dashboard| dashboard.id == preferred) {
        Some(index) => index,
        None => {
            let taken: Vec<String> = dashboards.iter().map(|dashboard| dashboard.id.clone()).collect();
            let id =
                if taken.iter().any(|id| id == "pinned") { unique_name("pinned", &taken) } else { "pinned".into() };
            dashboards.push(Dashboard::new(id, "Pinned".into()));
            dashboards.len() - 1
        }
    };
    let dashboard = &mut dashboards[index];
    dashboard.upsert_widget(widget);
    (dashboard.id.clone(), dashboard.title.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(ids: &[&str]) -> Dashboard {
        Dashboard {
            widgets: ids.iter().map(|id| Widget::new((*id).into(), WidgetKind::Gauge, "c".into())).collect(),
            ..Dashboard::new("d".into(), "D".into())
        }
    }

    fn ids(dashboard: &Dashboard) -> Vec<&str> {
        dashboard.widgets.iter().map(|widget| widget.id.as_str()).collect()
    }

    #[test]
    fn a_drop_puts_the_widget_at_its_place_and_sizes_stay_within_bounds() {
        let mut dashboard = board(&["a", "b", "c", "d"]);
        dashboard.move_widget_to("a", 2);
        assert_eq!(ids(&dashboard), ["b", "c", "a", "d"]);
        dashboard.move_widget_to("d", 0);
        assert_eq!(ids(&dashboard), ["d", "b", "c", "a"]);
        dashboard.move_widget_to("b", 99);
        assert_eq!(ids(&dashboard), ["d", "c", "a", "b"]);
        dashboard.resize_widget("c", Dimension::Height, 2);
        assert_eq!((dashboard.widgets[1].span(), dashboard.widgets[1].rows()), (1, 3));
        dashboard.resize_widget("c", Dimension::Height, -9);
        assert_eq!(dashboard.widgets[1].rows(), 1);
        dashboard.set_widget_size("a", 9, 0);
        assert_eq!((dashboard.widgets[2].width, dashboard.widgets[2].height), (Some(4), Some(1)));
        let (index, removed) = dashboard.remove_widget("c").unwrap();
        dashboard.restore_widget(index, removed);
        assert_eq!(ids(&dashboard), ["d", "c", "a", "b"], "an undone delete puts it back where it was");
        let mut dashboards = vec![board(&[]), Dashboard::new("e".into(), "E".into())];
        move_dashboard(&mut dashboards, "e", -1);
        assert_eq!(dashboards[0].id, "e");
        move_dashboard(&mut dashboards, "e", -1);
        assert_eq!(dashboards[0].id, "e");
    }

    #[test]
    fn widgets_move_within_bounds_resize_within_1_to_4_and_delete() {
        let mut dashboard = board(&["a", "b", "c"]);
        dashboard.move_widget("a", -1);
        assert_eq!(ids(&dashboard), ["a", "b", "c"]);
        dashboard.move_widget("a", 1);
        assert_eq!(ids(&dashboard), ["b", "a", "c"]);
        dashboard.move_widget("c", 1);
        assert_eq!(ids(&dashboard), ["b", "a", "c"]);
        for _ in 0..6 {
            dashboard.resize_widget("b", Dimension::Width, 1);
        }
        assert_eq!(dashboard.widgets[0].width, Some(4));
        dashboard.resize_widget("a", Dimension::Width, -1);
        assert_eq!(dashboard.widgets[1].width, Some(1));
        assert_eq!(dashboard.remove_widget("a").map(|(index, widget)| (index, widget.id)), Some((1, "a".into())));
        assert_eq!(ids(&dashboard), ["b", "c"]);
        assert_eq!(board(&["widget-1", "widget-3"]).new_widget_id(), "widget-2");
    }

    #[test]
    fn a_widget_is_placed_on_the_dashboard_named_or_a_new_pinned_one() {
        let mut dashboards = vec![board(&["a"])];
        let mut replacement = Widget::new("a".into(), WidgetKind::Text, "c".into());
        replacement.title = Some("new".into());
        assert_eq!(place_widget(&mut dashboards, "d", replacement), ("d".into(), "D".into()));
        assert_eq!((dashboards[0].widgets.len(), dashboards[0].widgets[0].kind), (1, WidgetKind::Text));
        let pinned = place_widget(&mut dashboards, "gone", Widget::new("x".into(), WidgetKind::Gauge, "c".into()));
        assert_eq!(pinned, ("pinned".into(), "Pinned".into()));
        assert_eq!(add_dashboard(&mut dashboards), "dashboard-1");
        assert_eq!(dashboards[2].title, "Dashboard 3");
    }
}
