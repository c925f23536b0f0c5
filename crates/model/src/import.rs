//! Merging an imported settings file (a file, a share link) into the
//! current settings. Connections are never overwritten: one with an id and
//! URL already here is the same broker and the one here is kept (it may
//! hold a password the file does not); one with a known id but another URL
//! is added under a new id and name, and the imported widgets follow it.
//! Dashboards whose id exists here are a conflict the user resolves: keep
//! both (the imported one gets a new id) or replace the one here. Messages
//! name connections and dashboards by their names.

use super::config::ConfigFile;
use super::publish::SavedMessage;
use super::{ConnectionProfile, Dashboard};

/// What to do with an imported dashboard whose id exists here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Add it beside the one here, under a new id.
    KeepBoth,
    /// Put it in place of the one here.
    Replace,
}

/// What an import adds to, or replaces in, the current settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// Connections to add (their ids are new here).
    pub new_connections: Vec<ConnectionProfile>,
    /// Dashboards to add.
    pub new_dashboards: Vec<Dashboard>,
    /// Dashboards to put in place of the one here with the same id.
    pub replaced_dashboards: Vec<Dashboard>,
    /// Saved messages to add, renamed where their name was taken.
    pub new_saved_messages: Vec<SavedMessage>,
    /// One sentence for the user.
    pub summary: String,
}

/// The titles of the imported dashboards whose id exists here: the
/// question to ask before importing.
pub fn conflicting_dashboards(current: &ConfigFile, imported: &ConfigFile) -> Vec<String> {
    imported
        .dashboards
        .iter()
        .filter(|dashboard| current.dashboards.iter().any(|existing| existing.id == dashboard.id))
        .map(|dashboard| dashboard.title.clone())
        .collect()
}

/// Plans an import (see the module's documentation).
pub fn plan_import(current: &ConfigFile, imported: ConfigFile, choice: ConflictChoice) -> ImportPlan {
    let mut reused = Vec::new();
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut renamed_names: Vec<(String, String)> = Vec::new();
    let mut new_connections = Vec::new();
    let mut taken_ids: Vec<String> = current.connections.iter().map(|connection| connection.id.clone()).collect();
    let mut taken_names: Vec<String> = current.connections.iter().map(|connection| connection.name.clone()).collect();
    for mut connection in imported.connections {
        match current.connections.iter().find(|existing| existing.id == connection.id) {
            Some(existing) if existing.url == connection.url => reused.push(format!("{:?}", existing.name)),
            found => {
                let original_name = connection.name.clone();
                if taken_names.contains(&connection.name) {
                    connection.name = unique_name(&format!("{} (imported)", connection.name), &taken_names);
                }
                if found.is_some() {
                    let new_id = unique_id(&connection.id, &taken_ids);
                    renamed.push((connection.id.clone(), new_id.clone()));
                    renamed_names.push((original_name, connection.name.clone()));
                    connection.id = new_id;
                }
                taken_ids.push(connection.id.clone());
                taken_names.push(connection.name.clone());
                new_connections.push(connection);
            }
        }
    }
    let mut taken_dashboards: Vec<String> = current.dashboards.iter().map(|dashboard| dashboard.id.clone()).collect();
    let (mut new_dashboards, mut replaced_dashboards) = (Vec::new(), Vec::new());
    for mut dashboard in imported.dashboards {
        for widget in &mut dashboard.widgets {
            follow_renamed(&mut widget.connection, &renamed);
        }
        let exists = taken_dashboards.contains(&dashboard.id);
        if exists && choice == ConflictChoice::Replace {
            replaced_dashboards.push(dashboard);
        } else {
            dashboard.id = unique_id(&dashboard.id, &taken_dashboards);
            taken_dashboards.push(dashboard.id.clone());
            new_dashboards.push(dashboard);
        }
    }
    let mut taken_messages: Vec<String> = current.saved_messages.iter().map(|message| message.name.clone()).collect();
    let new_saved_messages: Vec<_> = imported
        .saved_messages
        .into_iter()
        .map(|mut message| {
            message.name = unique_id(&message.name, &taken_messages);
            taken_messages.push(message.name.clone());
            follow_renamed(&mut message.connection, &renamed);
            message
        })
        .collect();
    let summary = summarise(
        &new_connections,
        &new_dashboards,
        &replaced_dashboards,
        &new_saved_messages,
        &reused,
        &renamed_names,
    );
    ImportPlan { new_connections, new_dashboards, replaced_dashboards, new_saved_messages, summary }
}

fn summarise(
    connections: &[ConnectionProfile],
    added: &[Dashboard],
    replaced: &[Dashboard],
    messages: &[SavedMessage],
    reused: &[String],
    renamed_names: &[(String, String)],
) -> String {
    let plural = |count: usize, noun: &str| format!("{count} {noun}{}", if count == 1 { "" } else { "s" });
    let mut summary = format!("Imported {}", plural(added.len(), "dashboard"));
    if !replaced.is_empty() {
        let titles: Vec<String> = replaced.iter().map(|dashboard| format!("{:?}", dashboard.title)).collect();
        summary.push_str(&format!(" (replaced {})", titles.join(", ")));
    }
    summary.push_str(&format!(" and {}", plural(connections.len(), "connection")));
    if !messages.is_empty() {
        summary.push_str(&format!(" with {}", plural(messages.len(), "saved message")));
    }
    summary.push('.');
    if !reused.is_empty() {
        let noun = if reused.len() == 1 { "connection" } else { "connections" };
        summary.push_str(&format!(" Kept your existing {noun} {}.", reused.join(", ")));
    }
    for (old_name, new_name) in renamed_names {
        summary.push_str(&format!(
            " The imported connection {old_name:?} points elsewhere than yours of the same id, so it was added as a new connection, {new_name:?}."
        ));
    }
    summary
}

/// Points `connection` at the new id of a connection the import renamed.
fn follow_renamed(connection: &mut String, renamed: &[(String, String)]) {
    if let Some((_, new_id)) = renamed.iter().find(|(old_id, _)| old_id == connection) {
        *connection = new_id.clone();
    }
}

/// `base` if free, else `base-2`, `base-3`, …
fn unique_id(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|id| id == base) {
        return base.to_owned();
    }
    (2..).map(|index| format!("{base}-{index}")).find(|id| !taken.contains(id)).unwrap_or_else(|| base.to_owned())
}

/// `base` if free, else `base 2`, `base 3`, … (for names people read).
fn unique_name(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|name| name == base) {
        return base.to_owned();
    }
    (2..).map(|index| format!("{base} {index}")).find(|name| !taken.contains(name)).unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests;
