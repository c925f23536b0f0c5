// aedes (npm, MQTT 3.1.1) on 127.0.0.1: TCP on the first port, WebSocket on
// the second (any path). Run as its own process so a test can kill and
// restart it by PID like any other broker.
//   node scripts/lib/aedes-server.mjs TCP_PORT WS_PORT
import { Aedes } from 'aedes';
import { createServer } from 'aedes-server-factory';

const [tcpPort, wsPort] = process.argv.slice(2).map(Number);
const broker = await Aedes.createBroker();
createServer(broker).listen(tcpPort, '127.0.0.1');
createServer(broker, { ws: true }).listen(wsPort, '127.0.0.1');
process.on('SIGTERM', () => broker.close(() => process.exit(0)));
