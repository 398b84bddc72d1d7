/** The Landscape page's typed handle on its worker. */
import { workerClient, type WorkerClient } from '../../worker/workerClient';
import type { FromLandscape, ToLandscape } from './landscapeProtocol';

export type LandscapeClient = WorkerClient<ToLandscape, FromLandscape>;

export function createLandscapeClient(): LandscapeClient {
  const worker = new Worker(new URL('./landscape.worker.ts', import.meta.url), { type: 'module' });
  return workerClient(worker, (message): FromLandscape => ({ type: 'error', message: `The landscape worker failed: ${message}` }));
}
