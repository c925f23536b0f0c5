use super::*;
use crate::publish::PayloadFormat;
use crate::share::share_file;

fn settings() -> ConfigFile {
    let mut settings = crate::share::tests::settings_with_password();
    settings.connections[0].name = "Home broker".into();
    settings.connections[1].name = "Spare".into();
    settings
}

#[test]
fn an_import_adds_without_overwriting_and_names_connections_by_name() {
    let current = settings();
    let mut imported = share_file(&current, &current.dashboards[0]);
    let mut extra = ConnectionProfile::local_default();
    extra.id = "attic".into();
    extra.name = "Attic".into();
    imported.connections.push(extra);
    assert_eq!(conflicting_dashboards(&current, &imported), ["Home"]);
    let plan = plan_import(&current, imported, ConflictChoice::KeepBoth);
    assert_eq!(plan.new_connections.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["attic"]);
    assert_eq!(plan.new_dashboards[0].id, "home-2", "the existing dashboard keeps its id");
    assert!(plan.replaced_dashboards.is_empty());
    assert_eq!(plan.summary, "Imported 1 dashboard and 1 connection. Kept your existing connection \"Home broker\".");
}

#[test]
fn replacing_puts_the_imported_dashboard_in_place_of_the_one_with_its_id() {
    let current = settings();
    let mut imported = share_file(&current, &current.dashboards[0]);
    imported.dashboards[0].title = "Home, newer".into();
    let plan = plan_import(&current, imported, ConflictChoice::Replace);
    assert!(plan.new_dashboards.is_empty());
    assert_eq!(plan.replaced_dashboards[0].id, "home");
    assert_eq!(plan.summary, "Imported 0 dashboards (replaced \"Home, newer\") and 0 connections. Kept your existing connection \"Home broker\".");
}

#[test]
fn saved_messages_are_imported_renamed_where_the_name_is_taken_and_follow_their_connection() {
    let mut current = settings();
    let saved = |name: &str, connection: &str| SavedMessage {
        name: name.into(),
        connection: connection.into(),
        topic: "home/bell".into(),
        payload: "ring".into(),
        format: PayloadFormat::Text,
        qos: crate::Qos::AtLeastOnce,
        retain: false,
        content_type: None,
        utf8_payload: false,
        response_topic: None,
        correlation_data: None,
        user_properties: Vec::new(),
        message_expiry: None,
    };
    current.saved_messages = vec![saved("Bell", "local")];
    let mut imported = current.clone();
    imported.connections[0].url = "ws://elsewhere:9001".into();
    imported.saved_messages = vec![saved("Bell", "local"), saved("Gate", "local")];
    let plan = plan_import(&current, imported, ConflictChoice::KeepBoth);
    let names: Vec<(&str, &str)> =
        plan.new_saved_messages.iter().map(|message| (message.name.as_str(), message.connection.as_str())).collect();
    assert_eq!(names, [("Bell-2", "local-2"), ("Gate", "local-2")]);
    assert!(
        plan.summary.starts_with("Imported 1 dashboard and 1 connection with 2 saved messages."),
        "{}",
        plan.summary
    );
}

#[test]
fn an_imported_connection_to_another_broker_is_added_under_a_new_id_and_name_and_its_widgets_follow() {
    let current = settings();
    let mut imported = share_file(&current, &current.dashboards[0]);
    imported.connections[0].url = "wss://elsewhere.example:8884".into();
    let plan = plan_import(&current, imported, ConflictChoice::KeepBoth);
    assert_eq!(plan.new_connections[0].id, "local-2");
    assert_eq!(plan.new_connections[0].name, "Home broker (imported)");
    assert_eq!(plan.new_dashboards[0].widgets[0].connection, "local-2");
    assert!(
        plan.summary.contains("The imported connection \"Home broker\" points elsewhere than yours of the same id, so it was added as a new connection, \"Home broker (imported)\"."),
        "{}",
        plan.summary
    );
}
