//! Keeping every packet within the server's Maximum Packet Size
//! [MQTT-3.2.2-15]: responses lose their reason string, then their user
//! properties, when those would not fit (the spec's own rule, e.g.
//! [MQTT-3.4.2-2/3] for PUBACK); SUBSCRIBE and UNSUBSCRIBE are split into
//! packets that fit. Pure functions over packets.

use crate::packet::{Packet, Subscribe, Subscription, Unsubscribe};
use crate::properties::Properties;
use crate::ProtocolVersion;

use super::SessionError;

/// The properties a response packet may shed to fit, if it is one.
fn droppable_properties(packet: &mut Packet) -> Option<&mut Properties> {
    match packet {
        Packet::PubAck(ack) | Packet::PubRec(ack) | Packet::PubRel(ack) | Packet::PubComp(ack) => {
            Some(&mut ack.properties)
        }
        Packet::Disconnect(disconnect) => Some(&mut disconnect.properties),
        Packet::Auth(auth) => Some(&mut auth.properties),
        _ => None,
    }
}

/// Makes `packet` fit `maximum` bytes where the spec allows shedding:
/// PUBACK, PUBREC, PUBREL, PUBCOMP [MQTT-3.4.2-2/3, 3.5.2-2/3, 3.6.2-2/3,
/// 3.7.2-2/3], DISCONNECT [MQTT-3.14.2-3/4] and AUTH [MQTT-3.15.2-2/3] drop
/// the reason string first, then the user properties. Any other packet, or
/// one still too large, is refused.
pub(super) fn fit_packet(packet: &mut Packet, version: ProtocolVersion, maximum: u32) -> Result<(), SessionError> {
    let fits = |packet: &Packet| packet.encoded_len(version) <= maximum as usize;
    if fits(packet) {
        return Ok(());
    }
    if let Some(properties) = droppable_properties(packet) {
        properties.reason_string = None;
    }
    if !fits(packet) {
        if let Some(properties) = droppable_properties(packet) {
            properties.user_properties.clear();
        }
    }
    if fits(packet) {
        Ok(())
    } else {
        Err(SessionError::PacketTooLarge { size: packet.encoded_len(version), maximum })
    }
}

/// Splits subscriptions into SUBSCRIBE packets of at most `maximum` bytes,
/// each with the same properties, keeping their order. A filter that does
/// not fit even alone is refused.
pub(super) fn split_subscribe(
    subscriptions: Vec<Subscription>,
    properties: &Properties,
    version: ProtocolVersion,
    maximum: u32,
) -> Result<Vec<Vec<Subscription>>, SessionError> {
    let packet_len = |subscriptions: &[Subscription]| {
        Packet::Subscribe(Subscribe {
            packet_id: 1,
            properties: properties.clone(),
            subscriptions: subscriptions.to_vec(),
        })
        .encoded_len(version)
    };
    split(subscriptions, maximum, packet_len)
}

/// Splits filters into UNSUBSCRIBE packets of at most `maximum` bytes.
pub(super) fn split_unsubscribe(
    filters: Vec<String>,
    properties: &Properties,
    version: ProtocolVersion,
    maximum: u32,
) -> Result<Vec<Vec<String>>, SessionError> {
    let packet_len = |filters: &[String]| {
        Packet::Unsubscribe(Unsubscribe { packet_id: 1, properties: properties.clone(), filters: filters.to_vec() })
            .encoded_len(version)
    };
    split(filters, maximum, packet_len)
}

/// Greedy split: each chunk takes items while the packet built from it fits.
fn split<T>(items: Vec<T>, maximum: u32, packet_len: impl Fn(&[T]) -> usize) -> Result<Vec<Vec<T>>, SessionError> {
    let maximum_len = maximum as usize;
    if packet_len(&items) <= maximum_len {
        return Ok(vec![items]);
    }
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut current: Vec<T> = Vec::new();
    for item in items {
        current.push(item);
        if packet_len(&current) <= maximum_len {
            continue;
        }
        let Some(overflow) = current.pop() else { continue };
        if current.is_empty() {
            let size = packet_len(std::slice::from_ref(&overflow));
            return Err(SessionError::PacketTooLarge { size, maximum });
        }
        chunks.push(std::mem::take(&mut current));
        current.push(overflow);
        if packet_len(&current) > maximum_len {
            return Err(SessionError::PacketTooLarge { size: packet_len(&current), maximum });
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{PublishAck, SubscriptionOptions};
    use crate::reason::ReasonCode;

    const V5: ProtocolVersion = ProtocolVersion::V5;

    fn filter(name: &str) -> Subscription {
        Subscription { filter: name.into(), options: SubscriptionOptions::default() }
    }

    #[test]
    fn an_ack_sheds_its_reason_string_then_its_user_properties_to_fit() {
        // [MQTT-3.4.2-2] the reason string is left out if it would exceed the maximum packet size;
        // [MQTT-3.4.2-3] so are user properties.
        let properties = Properties {
            reason_string: Some("x".repeat(40)),
            user_properties: vec![("k".into(), "v".repeat(10))],
            ..Properties::default()
        };
        let ack = PublishAck { properties, reason_code: ReasonCode::UnspecifiedError, ..PublishAck::new(7) };
        let mut packet = Packet::PubAck(ack.clone());
        fit_packet(&mut packet, V5, 30).unwrap();
        let Packet::PubAck(fitted) = &packet else { unreachable!() };
        assert_eq!(fitted.properties.reason_string, None);
        assert_eq!(fitted.properties.user_properties, ack.properties.user_properties);
        let mut packet = Packet::PubAck(ack);
        fit_packet(&mut packet, V5, 10).unwrap();
        assert!(packet.encoded_len(V5) <= 10);
        let Packet::PubAck(fitted) = &packet else { unreachable!() };
        assert!(fitted.properties.user_properties.is_empty());
        assert_eq!(fitted.reason_code, ReasonCode::UnspecifiedError);
    }

    #[test]
    fn subscribe_is_split_into_packets_that_fit_in_order() {
        // [MQTT-3.2.2-15] no packet over the server's maximum.
        let filters: Vec<Subscription> = (0..10).map(|index| filter(&format!("sensors/{index}"))).collect();
        let chunks = split_subscribe(filters.clone(), &Properties::default(), V5, 40).unwrap();
        assert!(chunks.len() > 1);
        for chunk in &chunks {
            let packet = Packet::Subscribe(Subscribe {
                packet_id: 1,
                properties: Properties::default(),
                subscriptions: chunk.clone(),
            });
            assert!(packet.encoded_len(V5) <= 40);
        }
        assert_eq!(chunks.concat(), filters);
    }

    #[test]
    fn a_filter_too_large_alone_is_refused() {
        let result = split_unsubscribe(vec!["a".into(), "b".repeat(100)], &Properties::default(), V5, 40);
        assert!(matches!(result, Err(SessionError::PacketTooLarge { maximum: 40, .. })));
    }
}
