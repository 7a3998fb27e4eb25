// A webhook receiver for the benches, in its own process: answers every POST 200 at once.
// Prints {"port": N} once listening; GET /count answers how many POSTs it got; stops on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let got = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') got++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.method === 'GET' ? JSON.stringify({ got }) : '{}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
process.on('SIGTERM', () => process.exit(0));
