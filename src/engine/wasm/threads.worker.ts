/**
 * A helper thread of the CPU engine (threads.ts): its first message carries the shared memory, the
 * compiled module and its control slot; it then serves kernel calls until the pool stops it.
 */
import { serve, type ThreadInit } from './threads';

self.onmessage = (e: MessageEvent<ThreadInit>) => {
  self.onmessage = null;
  try {
    serve(e.data, () => self.postMessage('ready'));
  } catch (err) {
    self.postMessage(`failed: ${(err as Error).message ?? String(err)}`);
  }
};
