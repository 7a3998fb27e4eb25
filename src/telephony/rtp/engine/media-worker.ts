/** The body of a media worker thread: one MediaWorkerHost on the port from its parent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { MediaCommand, MediaEvent, MediaWorkerConfig } from './media-channel.ts';
import { MediaWorkerHost } from './media-worker-host.ts';

const port = parentPort!;
const config = (workerData as { config: MediaWorkerConfig }).config;
const host = new MediaWorkerHost(config, (e: MediaEvent) => port.postMessage(e));
port.on('message', (c: MediaCommand) => {
  // Shutdown closes every session (each posts `closed`), then lets the thread end.
  if (c.type === 'shutdown') void host.shutdown().then(() => port.close());
  else host.handle(c);
});
port.postMessage({ type: 'ready', index: config.index } satisfies MediaEvent);
