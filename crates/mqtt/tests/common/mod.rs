//! Shared pieces of the real-broker tests: a broker of the test's own
//! (mosquitto, aedes or mqttv5, started through `scripts/broker.mjs`, which
//! stops it when our end of its stdin closes, so a failing test cannot leak it), a small blocking driver
//! that runs [`mqtt::Session`] over TCP or WebSocket, and the independent
//! clients `mosquitto_pub` and `mosquitto_sub`.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mqtt::{ConnectOptions, Event, Session, SessionConfig};
use tungstenite::client::IntoClientRequest;
use tungstenite::http::HeaderValue;
use tungstenite::{Message, WebSocket};

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Which broker a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// mosquitto 2 (Debian): 5.0 and 3.1.1.
    Mosquitto,
    /// aedes 1 (npm): 3.1.1 only.
    Aedes,
    /// mqttv5-cli 0.29 (crates.io): 5.0 and 3.1.1, WebSocket at /mqtt only.
    Mqttv5,
}

/// A running broker of the test's own with a TCP and a WebSocket listener on loopback.
pub struct Broker {
    pub tcp_port: u16,
    pub ws_port: u16,
    /// The path the WebSocket listener serves MQTT at.
    pub ws_path: String,
    process: Child,
    output: BufReader<ChildStdout>,
}

impl Broker {
    /// A mosquitto.
    pub fn start() -> Broker {
        Broker::start_kind(Kind::Mosquitto)
    }

    /// A broker of `kind`, through `scripts/broker.mjs`.
    pub fn start_kind(kind: Kind) -> Broker {
        let name = match kind {
            Kind::Mosquitto => "mosquitto",
            Kind::Aedes => "aedes",
            Kind::Mqttv5 => "mqttv5",
        };
        let mut process = Command::new("node")
            .arg(repository_root().join("scripts/broker.mjs"))
            .args(["--kind", name])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs scripts/broker.mjs");
        let mut output = BufReader::new(process.stdout.take().unwrap());
        let mut line = String::new();
        output.read_line(&mut line).unwrap();
        let ports: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|error| panic!("{name} did not start: {error}: {line:?}"));
        Broker {
            tcp_port: ports["tcpPort"].as_u64().unwrap() as u16,
            ws_port: ports["wsPort"].as_u64().unwrap() as u16,
            ws_path: ports["wsPath"].as_str().unwrap_or("/").to_owned(),
            process,
            output,
        }
    }

    /// Kills the broker and starts it again on the same ports (sessions
    /// held in memory are gone).
    pub fn restart(&mut self) {
        let stdin = self.process.stdin.as_mut().expect("the broker's stdin is open");
        stdin.write_all(b"restart\n").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.output.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "restarted");
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        // Closing stdin makes broker.mjs stop the mosquitto it started.
        drop(self.process.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.process.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// What a test client asks for: `version`, `client_id`, keep alive 10 s.
pub fn options(version: mqtt::ProtocolVersion, client_id: &str) -> ConnectOptions {
    ConnectOptions {
        protocol_version: version,
        client_id: client_id.into(),
        keep_alive: 10,
        ..ConnectOptions::default()
    }
}

/// Which transport a test client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Tcp,
    WebSocket,
}

enum Link {
    Tcp(TcpStream),
    WebSocket(Box<WebSocket<TcpStream>>),
}

impl Link {
    fn open(broker: &Broker, transport: Transport) -> Link {
        match transport {
            Transport::Tcp => {
                let stream = TcpStream::connect(("127.0.0.1", broker.tcp_port)).unwrap();
                stream.set_nodelay(true).unwrap();
                Link::Tcp(stream)
            }
            Transport::WebSocket => {
                let stream = TcpStream::connect(("127.0.0.1", broker.ws_port)).unwrap();
                stream.set_nodelay(true).unwrap();
                let mut request =
                    format!("ws://127.0.0.1:{}{}", broker.ws_port, broker.ws_path).into_client_request().unwrap();
                request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static("mqtt"));
                let (socket, response) = tungstenite::client::client(request, stream).expect("WebSocket handshake");
                assert_eq!(
                    response.headers().get("Sec-WebSocket-Protocol").map(|value| value.as_bytes()),
                    Some(&b"mqtt"[..])
                );
                Link::WebSocket(Box::new(socket))
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Link::Tcp(stream) => stream.write_all(bytes),
            Link::WebSocket(socket) => {
                socket.send(Message::binary(bytes.to_vec())).map_err(|error| std::io::Error::other(error.to_string()))
            }
        }
    }

    /// Bytes received within `timeout`; empty on timeout; error when closed.
    fn receive(&mut self, timeout: Duration) -> std::io::Result<Vec<u8>> {
        let timeout = Some(timeout.max(Duration::from_millis(1)));
        match self {
            Link::Tcp(stream) => {
                stream.set_read_timeout(timeout)?;
                let mut buffer = vec![0; 64 * 1024];
                match stream.read(&mut buffer) {
                    Ok(0) => Err(ErrorKind::UnexpectedEof.into()),
                    Ok(read) => {
                        buffer.truncate(read);
                        Ok(buffer)
                    }
                    Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => Ok(Vec::new()),
                    Err(error) => Err(error),
                }
            }
            Link::WebSocket(socket) => {
                socket.get_mut().set_read_timeout(timeout)?;
                match socket.read() {
                    Ok(Message::Binary(data)) => Ok(data.to_vec()),
                    Ok(Message::Close(_)) => Err(ErrorKind::UnexpectedEof.into()),
                    Ok(_) => Ok(Vec::new()),
                    Err(tungstenite::Error::Io(error))
                        if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                    {
                        Ok(Vec::new())
                    }
                    Err(error) => Err(std::io::Error::other(error.to_string())),
                }
            }
        }
    }
}

/// A [`Session`] driven over a real socket, with a real clock.
pub struct TestClient {
    pub session: Session,
    link: Option<Link>,
    origin: Instant,
    events: VecDeque<Event>,
    transport: Transport,
}

impl TestClient {
    /// Connects and waits for CONNACK; panics with the reason if refused.
    pub fn connect(broker: &Broker, transport: Transport, options: ConnectOptions) -> TestClient {
        let mut client = TestClient::new(transport);
        client.reconnect(broker, options);
        client
    }

    /// A client that has not connected yet.
    pub fn new(transport: Transport) -> TestClient {
        TestClient {
            session: Session::new(SessionConfig::default()),
            link: None,
            origin: Instant::now(),
            events: VecDeque::new(),
            transport,
        }
    }

    /// Opens a new connection for the same session; returns `session_present`.
    pub fn reconnect(&mut self, broker: &Broker, options: ConnectOptions) -> bool {
        match self.attempt(broker, options) {
            Event::Connected { session_present, .. } => session_present,
            other => panic!("connection failed: {other:?}"),
        }
    }

    /// Opens a connection and returns how it went: `Connected` or `Disconnected`.
    pub fn attempt(&mut self, broker: &Broker, options: ConnectOptions) -> Event {
        self.link = Some(Link::open(broker, self.transport));
        // The end of the previous connection is history now.
        self.events.retain(|event| !matches!(event, Event::Disconnected(_)));
        let now = self.now();
        self.session.connect(now, options).unwrap();
        self.wait_for(Duration::from_secs(5), |event| matches!(event, Event::Connected { .. } | Event::Disconnected(_)))
    }

    pub fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    /// Sends whatever the session queued.
    pub fn flush(&mut self) {
        let now = self.now();
        let mut bytes = Vec::new();
        if self.session.poll_transmit(now, &mut bytes) {
            if let Some(link) = &mut self.link {
                if link.send(&bytes).is_err() {
                    self.link = None;
                    self.session.handle_connection_lost(now);
                }
            }
        }
    }

    /// Runs the session until an event matching `wanted` arrives; other events are kept.
    pub fn wait_for(&mut self, timeout: Duration, wanted: impl Fn(&Event) -> bool) -> Event {
        let deadline = Instant::now() + timeout;
        loop {
            self.flush();
            while let Some(event) = self.session.poll_event() {
                self.events.push_back(event);
            }
            if let Some(index) = self.events.iter().position(&wanted) {
                return self.events.remove(index).unwrap();
            }
            let now = Instant::now();
            assert!(now < deadline, "no matching event within {timeout:?}; saw {:?}", self.events);
            let until_timer =
                self.session.poll_timeout().map_or(Duration::from_millis(100), |at| at.saturating_sub(self.now()));
            let wait = (deadline - now).min(until_timer).min(Duration::from_millis(100));
            let Some(link) = &mut self.link else {
                std::thread::sleep(wait);
                continue;
            };
            match link.receive(wait) {
                Ok(bytes) => {
                    let now = self.now();
                    if !bytes.is_empty() {
                        self.session.handle_bytes(now, &bytes);
                    }
                    self.session.handle_timeout(now);
                }
                Err(_) => {
                    self.link = None;
                    let now = self.now();
                    self.session.handle_connection_lost(now);
                }
            }
        }
    }

    /// Drops the connection without DISCONNECT, as a phone going to sleep does.
    pub fn cut(&mut self) {
        self.flush();
        if let Some(Link::Tcp(stream)) = &self.link {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        if let Some(Link::WebSocket(socket)) = &self.link {
            let _ = socket.get_ref().shutdown(std::net::Shutdown::Both);
        }
        self.link = None;
        let now = self.now();
        self.session.handle_connection_lost(now);
        while let Some(event) = self.session.poll_event() {
            self.events.push_back(event);
        }
    }
}

/// Publishes with mosquitto_pub over TCP; an empty payload is sent as a null message.
pub fn mosquitto_pub(broker: &Broker, topic: &str, payload: &str, extra: &[&str]) {
    let payload_args = if payload.is_empty() { vec!["-n"] } else { vec!["-m", payload] };
    let status = Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p", &broker.tcp_port.to_string(), "-t", topic])
        .args(payload_args)
        .args(extra)
        .status()
        .expect("mosquitto_pub runs");
    assert!(status.success(), "mosquitto_pub failed");
}

/// A mosquitto_sub process collecting messages as mosquitto's JSON.
pub struct Subscriber {
    process: Child,
    messages: mpsc::Receiver<serde_json::Value>,
}

impl Subscriber {
    /// Subscribes at QoS 2 and returns once the broker sent SUBACK.
    pub fn start(broker: &Broker, topic: &str, extra: &[&str]) -> Subscriber {
        let mut process = Command::new("stdbuf")
            .args(["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", &broker.tcp_port.to_string(), "-t", topic])
            .args(["-q", "2", "-F", "%j", "-d", "-W", "30"])
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .expect("mosquitto_sub runs");
        let stdout: ChildStdout = process.stdout.take().unwrap();
        let (ready_sender, ready) = mpsc::channel();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("received SUBACK") {
                    let _ = ready_sender.send(());
                } else if line.starts_with('{') {
                    if let Ok(value) = serde_json::from_str(&line) {
                        let _ = sender.send(value);
                    }
                }
            }
        });
        ready.recv_timeout(Duration::from_secs(5)).expect("mosquitto_sub got SUBACK");
        Subscriber { process, messages }
    }

    /// The next message, or a panic after `timeout`.
    pub fn next(&self, timeout: Duration) -> serde_json::Value {
        self.messages.recv_timeout(timeout).expect("mosquitto_sub received a message in time")
    }

    /// Messages that arrive within `wait`.
    pub fn drain(&self, wait: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + wait;
        let mut found = Vec::new();
        while let Ok(message) = self.messages.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            found.push(message);
        }
        found
    }
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
