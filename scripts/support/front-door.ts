import { createServer, request, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';

/**
 * The load balancer of the local cluster example: each HTTP request goes to the next server in
 * turn, and to the one after when a server does not answer (it was stopped). Any real balancer
 * (nginx, HAProxy, a cloud LB) does the same job in production; this one exists so the example
 * runs with nothing installed. Not part of openccc itself.
 */
export class FrontDoor {
  private next = 0;
  private readonly server: Server;
  port = 0;

  private constructor(private readonly backends: readonly string[]) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.forward(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res, 0));
    });
  }

  static async open(host: string, port: number, backends: readonly string[]): Promise<FrontDoor> {
    const door = new FrontDoor(backends);
    await new Promise<void>((resolve, reject) => {
      door.server.once('error', reject);
      door.server.listen(port, host, () => resolve());
    });
    const address = door.server.address();
    door.port = typeof address === 'object' && address ? address.port : port;
    return door;
  }

  private forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer, res: ServerResponse, tried: number): void {
    const backend = this.backends[this.next++ % this.backends.length]!;
    const target = new URL(path, backend);
    // The Host header stays the client's: TC3 signs the host the client used (without its port).
    const out = request(target, { method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (err: NodeJS.ErrnoException) => {
      // Only a refused connection is retried elsewhere: the request never reached that server.
      if (err.code === 'ECONNREFUSED' && tried + 1 < this.backends.length) return this.forward(method, path, headers, body, res, tried + 1);
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no openccc server answered\n');
    });
    out.end(body);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
