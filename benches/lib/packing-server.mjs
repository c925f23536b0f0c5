// A minimal MQTT-over-WebSocket server for benchmarks: it answers CONNECT,
// SUBSCRIBE and PINGREQ, then streams QoS 0 PUBLISH packets packed many to a
// WebSocket frame, as [MQTT-6.0.0-2] allows and some brokers and bridges do.
// Loopback only.
import { WebSocketServer } from 'ws';
import { freePort } from '../../scripts/lib/broker.mjs';

export const PACKETS_PER_FRAME = 50;


function encodeLength(length) {
    const bytes = [];
    do {
        let digit = length & 127;
        length >>= 7;
        if (length) digit |= 128;
        bytes.push(digit);
    } while (length);
    return bytes;
}

export function publishPacket(protocolLevel, topicName, payload) {
    const topic = Buffer.from(topicName);
    const body = Buffer.concat([
        Buffer.from([topic.length >> 8, topic.length & 255]), topic,
        protocolLevel === 5 ? Buffer.from([0]) : Buffer.alloc(0), payload,
    ]);
    return Buffer.concat([Buffer.from([0x30, ...encodeLength(body.length)]), body]);
}

/** Splits a byte stream into MQTT packets; returns [packets, rest]. */
function splitPackets(buffer) {
    const packets = [];
    let offset = 0;
    for (;;) {
        let length = 0;
        let shift = 0;
        let index = offset + 1;
        while (index < buffer.length && index - offset <= 4) {
            length |= (buffer[index] & 127) << shift;
            shift += 7;
            if ((buffer[index++] & 128) === 0) break;
            if (index >= buffer.length) return [packets, buffer.subarray(offset)];
        }
        if (index > buffer.length || index + length > buffer.length || index === offset + 1) break;
        packets.push({ type: buffer[offset] >> 4, body: buffer.subarray(index, index + length) });
        offset = index + length;
    }
    return [packets, buffer.subarray(offset)];
}

export async function startPackingServer() {
    const port = await freePort();
    const server = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: () => 'mqtt' });
    let subscriber = null;
    let onSubscribed = () => {};
    server.on('connection', (socket) => {
        let pending = Buffer.alloc(0);
        let level = 5;
        socket.on('message', (data) => {
            const [packets, rest] = splitPackets(Buffer.concat([pending, data]));
            pending = Buffer.from(rest);
            for (const { type, body } of packets) {
                if (type === 1) { // CONNECT: protocol level follows the protocol name
                    level = body[6];
                    socket.send(Buffer.from(level === 5 ? [0x20, 3, 0, 0, 0] : [0x20, 2, 0, 0]));
                } else if (type === 8) { // SUBSCRIBE: grant QoS 0
                    const suback = level === 5 ? [body[0], body[1], 0, 0] : [body[0], body[1], 0];
                    socket.send(Buffer.from([0x90, suback.length, ...suback]));
                    subscriber = { socket, level };
                    onSubscribed();
                } else if (type === 12) { // PINGREQ
                    socket.send(Buffer.from([0xd0, 0]));
                }
            }
        });
    });
    return {
        url: `ws://127.0.0.1:${port}`,
        subscribed: () => new Promise((resolve) => {
            if (subscriber) resolve();
            else onSubscribed = resolve;
        }),
        reset() { subscriber?.socket.terminate(); subscriber = null; },
        /** Streams `count` PUBLISH packets on `topic`, PACKETS_PER_FRAME per frame, minding backpressure. */
        async stream(count, topic, payload) {
            const { socket, level } = subscriber;
            const frame = Buffer.concat(Array(PACKETS_PER_FRAME).fill(publishPacket(level, topic, payload)));
            for (let sent = 0; sent < count; sent += PACKETS_PER_FRAME) {
                if ((sent / PACKETS_PER_FRAME) % 64 === 63) await new Promise((resolve) => socket.send(frame, resolve));
                else socket.send(frame);
            }
        },
        /**
         * Streams at `rate` messages per second for `seconds`, cycling through `topics`; `payloadFor(index)`
         * makes each payload. Frames of PACKETS_PER_FRAME go out every 1000 * PACKETS_PER_FRAME / rate ms.
         */
        async streamAtRate({ rate, seconds, topics, payloadFor }) {
            const { socket, level } = subscriber;
            const interval = (1000 * PACKETS_PER_FRAME) / rate;
            const started = performance.now();
            let sent = 0;
            while (performance.now() - started < seconds * 1000) {
                const packets = [];
                for (let index = 0; index < PACKETS_PER_FRAME; index++, sent++) {
                    packets.push(publishPacket(level, topics[sent % topics.length], payloadFor(sent)));
                }
                socket.send(Buffer.concat(packets));
                const due = started + (sent / PACKETS_PER_FRAME) * interval;
                await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
            }
            return sent;
        },
        close: () => new Promise((resolve) => server.close(resolve)),
    };
}

