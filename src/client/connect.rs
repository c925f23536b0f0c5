//! What a connection profile sends in CONNECT: the bridge from the plain
//! [`ConnectionProfile`] of the settings file to [`mqtt::ConnectOptions`].
//! Pure, so it is tested natively.

use crate::model::ConnectionProfile;

/// The CONNECT options of `profile` at `version` (the profile's own, or the
/// one an `"auto"` profile tries now), naming the client `client_id`.
pub fn connect_options(
    profile: &ConnectionProfile,
    client_id: &str,
    version: mqtt::ProtocolVersion,
) -> mqtt::ConnectOptions {
    let will = profile.will.as_ref().filter(|will| !will.topic.is_empty()).map(|will| mqtt::LastWill {
        topic: will.topic.clone(),
        payload: will.payload.clone().into_bytes(),
        qos: will.qos.into(),
        retain: will.retain,
        properties: mqtt::Properties {
            will_delay_interval: will.delay_interval,
            message_expiry_interval: will.message_expiry,
            content_type: will.content_type.clone(),
            response_topic: will.response_topic.clone(),
            ..mqtt::Properties::default()
        },
    });
    mqtt::ConnectOptions {
        protocol_version: version,
        client_id: client_id.to_owned(),
        clean_start: profile.clean_start,
        keep_alive: profile.keep_alive,
        session_expiry_interval: profile.session_expiry,
        username: profile.username.clone().filter(|name| !name.is_empty()),
        password: profile.password.clone().filter(|password| !password.is_empty()).map(String::into_bytes),
        will,
        ..mqtt::ConnectOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Qos, WillSpec};

    #[test]
    fn connect_options_carry_credentials_and_the_will() {
        let mut profile = ConnectionProfile::local_default();
        profile.username = Some("deck".into());
        profile.password = Some("secret".into());
        profile.will = Some(WillSpec {
            topic: "deck/status".into(),
            payload: "offline".into(),
            qos: Qos::AtLeastOnce,
            retain: true,
            delay_interval: Some(5),
            ..WillSpec::default()
        });
        let options = connect_options(&profile, "client-1", mqtt::ProtocolVersion::V311);
        assert_eq!(options.protocol_version, mqtt::ProtocolVersion::V311);
        assert_eq!(options.client_id, "client-1");
        assert_eq!(options.password.as_deref(), Some(&b"secret"[..]));
        let will = options.will.unwrap();
        assert_eq!(
            (will.topic.as_str(), &will.payload[..], will.qos, will.retain),
            ("deck/status", &b"offline"[..], mqtt::QoS::AtLeastOnce, true)
        );
        assert_eq!(will.properties.will_delay_interval, Some(5));
    }
}
