/**
 * Main-thread responsiveness while OptiPlay trains: the real training worker (worker/client.ts +
 * trainer.worker.ts) runs a LeNet-like model (2 → 256 → 100 → 2, the widest hidden layers the config allows,
 * Adam, batch 128) on the backend it chooses for the person (worker/backendRace.ts: the CPU engine on a
 * software adapter, WebGPU on a real GPU; the report names it) while a PerformanceObserver records long tasks on this page's main
 * thread. Nothing else runs on the main thread meanwhile, so every long task is the cost of the worker's
 * messages (metrics, snapshots, status) and their handling.
 */
import { defaultConfig, validateConfig } from '../engine/config';
import { createTrainerClient } from '../worker/client';
import type { FromWorker } from '../worker/protocol';

export interface LongTaskReport {
  longestMs: number;
  count: number;
  /** Steps per second the worker reported last, the last step it reported, and the backend it trained on. */
  stepsPerSecond: number;
  steps: number;
  backend: string;
}

export async function longTasksWhileTraining(seconds: number): Promise<LongTaskReport> {
  if (!PerformanceObserver.supportedEntryTypes.includes('longtask')) throw new Error('this browser has no long-task timing');
  const config = validateConfig({ ...defaultConfig(), dataset: 'spiral', samples: 5000, hidden: [256, 100], batchSize: 128, optimizer: 'adam', learningRate: 0.001 }).config;
  const client = createTrainerClient();
  const tasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  let stepsPerSecond = 0, steps = 0, backend = '';
  let failure: string | null = null;
  const ready = new Promise<void>((resolve) => {
    client.subscribe((msg: FromWorker) => {
      if (msg.type === 'ready') {
        backend = `${msg.backend.kind} (${msg.backend.name})`;
        resolve();
      } else if (msg.type === 'status') {
        steps = Math.max(steps, msg.step);
        if (msg.running) stepsPerSecond = msg.stepsPerSecond;
      }
      else if (msg.type === 'error' || msg.type === 'halted') failure = msg.message;
    });
  });
  try {
    client.send({ type: 'init', config, assetBase: document.baseURI });
    await ready;
    const start = performance.now();
    observer.observe({ type: 'longtask' });
    client.send({ type: 'train' });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    client.send({ type: 'pause' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    observer.takeRecords().forEach((t) => tasks.push(t));
    if (failure) throw new Error(`the training worker reported: ${failure}`);
    if (steps === 0) throw new Error('the worker reported no training step');
    const during = tasks.filter((t) => t.startTime >= start);
    return { longestMs: Math.round(Math.max(0, ...during.map((t) => t.duration))), count: during.length, stepsPerSecond: Number(stepsPerSecond.toFixed(1)), steps, backend };
  } finally {
    observer.disconnect();
    client.terminate();
  }
}
