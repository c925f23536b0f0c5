//! The quality of service a settings file names: `0`, `1` or `2` in JSON,
//! refused with a sentence when it is anything else, so a typo can never
//! quietly become "at most once".

use serde::{Deserialize, Serialize};

/// A QoS level as stored in settings files and shown in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Qos {
    /// 0: at most once.
    #[default]
    AtMostOnce,
    /// 1: at least once.
    AtLeastOnce,
    /// 2: exactly once.
    ExactlyOnce,
}

impl Qos {
    /// The level a form's text names ("0", "1" or "2").
    pub fn parse_level(text: &str) -> Option<Qos> {
        text.trim().parse::<u8>().ok().and_then(|number| Qos::try_from(number).ok())
    }

    /// The level as its number.
    pub fn as_u8(self) -> u8 {
        match self {
            Qos::AtMostOnce => 0,
            Qos::AtLeastOnce => 1,
            Qos::ExactlyOnce => 2,
        }
    }
}

impl TryFrom<u8> for Qos {
    type Error = String;

    fn try_from(number: u8) -> Result<Self, Self::Error> {
        match number {
            0 => Ok(Qos::AtMostOnce),
            1 => Ok(Qos::AtLeastOnce),
            2 => Ok(Qos::ExactlyOnce),
            other => Err(format!("QoS {other} is not 0, 1 or 2")),
        }
    }
}

impl From<Qos> for u8 {
    fn from(qos: Qos) -> u8 {
        qos.as_u8()
    }
}

impl From<Qos> for mqtt::QoS {
    fn from(qos: Qos) -> mqtt::QoS {
        match qos {
            Qos::AtMostOnce => mqtt::QoS::AtMostOnce,
            Qos::AtLeastOnce => mqtt::QoS::AtLeastOnce,
            Qos::ExactlyOnce => mqtt::QoS::ExactlyOnce,
        }
    }
}

impl From<mqtt::QoS> for Qos {
    fn from(qos: mqtt::QoS) -> Qos {
        match qos {
            mqtt::QoS::AtMostOnce => Qos::AtMostOnce,
            mqtt::QoS::AtLeastOnce => Qos::AtLeastOnce,
            mqtt::QoS::ExactlyOnce => Qos::ExactlyOnce,
        }
    }
}

impl std::fmt::Display for Qos {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}", self.as_u8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_others_are_refused_by_name() {
        for qos in [Qos::AtMostOnce, Qos::AtLeastOnce, Qos::ExactlyOnce] {
            let text = serde_json::to_string(&qos).unwrap();
            assert_eq!(text, qos.as_u8().to_string());
            assert_eq!(serde_json::from_str::<Qos>(&text).unwrap(), qos);
            assert_eq!(Qos::from(mqtt::QoS::from(qos)), qos);
        }
        let error = serde_json::from_str::<Qos>("3").unwrap_err().to_string();
        assert!(error.contains("QoS 3 is not 0, 1 or 2"), "{error}");
        assert!(serde_json::from_str::<Qos>("\"1\"").is_err());
    }
}
