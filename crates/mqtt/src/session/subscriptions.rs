//! The subscription flows of the [`Session`]: SUBSCRIBE and UNSUBSCRIBE
//! checked against what CONNACK said the server supports (wildcards,
//! subscription identifiers, shared subscriptions) and split to fit its
//! Maximum Packet Size, and their acknowledgements reported per filter.

use std::time::Duration;

use crate::packet::{Packet, SubAck, Subscribe, Subscription, UnsubAck, Unsubscribe};
use crate::properties::Properties;
use crate::reason::ReasonCode;
use crate::topic::validate_topic_filter;
use crate::{ProtocolVersion, QoS};

use super::{fit, Event, Session, SessionError};

/// Whether SUBSCRIBE or UNSUBSCRIBE.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Request {
    Subscribe,
    Unsubscribe,
}

impl Session {
    /// Sends SUBSCRIBE; the answer comes as [`Event::Subscribed`], one per
    /// packet. Returns the packet identifiers: more than one when the
    /// filters had to be split to fit the server's Maximum Packet Size.
    /// Refused locally, before anything is sent, when the server said it
    /// does not support what a filter needs.
    pub fn subscribe(
        &mut self,
        now: Duration,
        subscriptions: Vec<Subscription>,
        properties: Properties,
    ) -> Result<Vec<u16>, SessionError> {
        self.check_request(subscriptions.iter().map(|subscription| subscription.filter.as_str()))?;
        self.check_capabilities(&subscriptions, &properties)?;
        let properties = self.v5_only(properties);
        let subscriptions = if self.options.protocol_version == ProtocolVersion::V5 {
            subscriptions
        } else {
            // 3.1.1 has only the QoS; No Local, Retain As Published and Retain Handling are 5.0's.
            subscriptions.into_iter().map(Subscription::qos_only).collect()
        };
        let chunks = fit::split_subscribe(
            subscriptions,
            &properties,
            self.options.protocol_version,
            self.maximum_packet_size(),
        )?;
        let packet_ids = self.allocate_packet_ids(chunks.len())?;
        for (packet_id, subscriptions) in packet_ids.iter().copied().zip(chunks) {
            let filters = subscriptions.iter().map(|subscription| subscription.filter.clone()).collect();
            let packet = Packet::Subscribe(Subscribe { packet_id, properties: properties.clone(), subscriptions });
            self.send_request(now, packet, packet_id, filters, Request::Subscribe)?;
        }
        Ok(packet_ids)
    }

    /// Sends UNSUBSCRIBE; the answer comes as [`Event::Unsubscribed`], one
    /// per packet. Returns the packet identifiers, as [`Session::subscribe`].
    pub fn unsubscribe(
        &mut self,
        now: Duration,
        filters: Vec<String>,
        properties: Properties,
    ) -> Result<Vec<u16>, SessionError> {
        self.check_request(filters.iter().map(String::as_str))?;
        let properties = self.v5_only(properties);
        let chunks =
            fit::split_unsubscribe(filters, &properties, self.options.protocol_version, self.maximum_packet_size())?;
        let packet_ids = self.allocate_packet_ids(chunks.len())?;
        for (packet_id, filters) in packet_ids.iter().copied().zip(chunks) {
            let packet = Packet::Unsubscribe(Unsubscribe {
                packet_id,
                properties: properties.clone(),
                filters: filters.clone(),
            });
            self.send_request(now, packet, packet_id, filters, Request::Unsubscribe)?;
        }
        Ok(packet_ids)
    }

    /// At least one valid filter [MQTT-3.8.3-3], [MQTT-4.7.1], and a connection.
    fn check_request<'a>(&self, mut filters: impl Iterator<Item = &'a str>) -> Result<(), SessionError> {
        let mut any = false;
        filters.try_for_each(|filter| {
            any = true;
            validate_topic_filter(filter)
                .map_err(|error| SessionError::InvalidFilter { filter: filter.to_owned(), error })
        })?;
        if !any {
            return Err(SessionError::NoFilters);
        }
        self.require_connected()
    }

    /// What CONNACK said the server does not support is refused here, with
    /// a clear error, rather than by the server's DISCONNECT.
    fn check_capabilities(&self, subscriptions: &[Subscription], properties: &Properties) -> Result<(), SessionError> {
        let Some(limits) = &self.limits else { return Ok(()) };
        if !limits.subscription_identifier_available && !properties.subscription_identifiers.is_empty() {
            return Err(SessionError::SubscriptionIdentifiersNotSupported);
        }
        for subscription in subscriptions {
            let filter = &subscription.filter;
            if !limits.shared_subscription_available && filter.starts_with("$share/") {
                return Err(SessionError::SharedSubscriptionsNotSupported { filter: filter.clone() });
            }
            if !limits.wildcard_subscription_available && (filter.contains('#') || filter.contains('+')) {
                return Err(SessionError::WildcardSubscriptionsNotSupported { filter: filter.clone() });
            }
        }
        Ok(())
    }

    fn v5_only(&self, properties: Properties) -> Properties {
        if self.options.protocol_version == ProtocolVersion::V5 {
            properties
        } else {
            Properties::default()
        }
    }

    /// `count` packet identifiers, or none at all.
    fn allocate_packet_ids(&mut self, count: usize) -> Result<Vec<u16>, SessionError> {
        let mut packet_ids = Vec::with_capacity(count);
        for _ in 0..count {
            match self.outbound.allocate_packet_id() {
                Ok(packet_id) => packet_ids.push(packet_id),
                Err(error) => {
                    for packet_id in packet_ids {
                        self.outbound.release_packet_id(packet_id);
                    }
                    return Err(error);
                }
            }
        }
        Ok(packet_ids)
    }

    fn send_request(
        &mut self,
        now: Duration,
        packet: Packet,
        packet_id: u16,
        filters: Vec<String>,
        request: Request,
    ) -> Result<(), SessionError> {
        if let Err(error) = self.send(now, packet) {
            self.outbound.release_packet_id(packet_id);
            return Err(error);
        }
        let pending = match request {
            Request::Subscribe => &mut self.pending_subscribes,
            Request::Unsubscribe => &mut self.pending_unsubscribes,
        };
        pending.insert(packet_id, filters);
        Ok(())
    }

    pub(super) fn handle_suback(&mut self, suback: SubAck) {
        let Some(filters) = self.pending_subscribes.remove(&suback.packet_id) else { return };
        self.outbound.release_packet_id(suback.packet_id);
        let results = filters
            .into_iter()
            .enumerate()
            .map(|(index, filter)| {
                let result = match suback.reason_codes.get(index) {
                    Some(ReasonCode::Success) => Ok(QoS::AtMostOnce),
                    Some(ReasonCode::GrantedQoS1) => Ok(QoS::AtLeastOnce),
                    Some(ReasonCode::GrantedQoS2) => Ok(QoS::ExactlyOnce),
                    Some(failure) => Err(*failure),
                    None => Err(ReasonCode::ProtocolError),
                };
                (filter, result)
            })
            .collect();
        self.events.push_back(Event::Subscribed { packet_id: suback.packet_id, results });
    }

    pub(super) fn handle_unsuback(&mut self, unsuback: UnsubAck) {
        let Some(filters) = self.pending_unsubscribes.remove(&unsuback.packet_id) else { return };
        self.outbound.release_packet_id(unsuback.packet_id);
        let results = filters
            .into_iter()
            .enumerate()
            .map(|(index, filter)| (filter, unsuback.reason_codes.get(index).copied().unwrap_or(ReasonCode::Success)))
            .collect();
        self.events.push_back(Event::Unsubscribed { packet_id: unsuback.packet_id, results });
    }
}
