/**
 * Memory readings for long-run tests (e2e/long-run.spec.ts): the page's and the training worker's JS heap
 * after a forced garbage collection, read over the Chrome DevTools Protocol, and what the worker itself
 * reports through its test hook (`self.optiplayProbe()`, src/worker/testProbe.ts: live GPU buffers and the
 * Trainer's history). The page must be opened with ?test-hooks.
 *
 * The worker's heap: Playwright gives CDP sessions for pages only, so the page's session auto-attaches to
 * its worker in the non-flattened mode and talks to it with Target.sendMessageToTarget.
 *
 *   const meter = await MemoryMeter.attach(page);   // after the worker has started
 *   const s = await meter.sample();                  // { page, worker, probe }
 */
import type { CDPSession, Page } from '@playwright/test';
import type { Probe } from '../../src/worker/testProbe';

/** A heap after GC, in bytes: V8's objects plus ArrayBuffer backing stores (typed arrays live there). */
export interface HeapReading {
  used: number;
  backing: number;
  /** used + backing + the embedder's (Blink's) heap. */
  total: number;
}

export interface MemorySample {
  /** ms since the meter was attached. */
  at: number;
  page: HeapReading;
  worker: HeapReading;
  probe: Probe;
}

interface HeapUsage {
  usedSize: number;
  embedderHeapUsedSize?: number;
  backingStorageSize?: number;
}

const reading = (u: HeapUsage): HeapReading => {
  const backing = u.backingStorageSize ?? 0;
  return { used: u.usedSize, backing, total: u.usedSize + backing + (u.embedderHeapUsedSize ?? 0) };
};

/** Collects `times` times and keeps the smallest reading: what is live, without what the run had in hand. */
async function settledHeap(send: (method: string) => Promise<unknown>, times = 3): Promise<HeapReading> {
  let best: HeapReading | null = null;
  for (let i = 0; i < times; i++) {
    await send('HeapProfiler.collectGarbage');
    const r = reading((await send('Runtime.getHeapUsage')) as HeapUsage);
    if (!best || r.total < best.total) best = r;
  }
  return best as HeapReading;
}

export class MemoryMeter {
  private nextId = 1;
  private readonly replies = new Map<number, (reply: { result?: unknown; error?: { message: string } }) => void>();
  private workerSession: string | null = null;
  private readonly t0 = Date.now();

  private constructor(private readonly page: Page, private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<MemoryMeter> {
    const cdp = await page.context().newCDPSession(page);
    const meter = new MemoryMeter(page, cdp);
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') meter.workerSession = e.sessionId;
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const msg = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      meter.replies.get(msg.id)?.(msg);
      meter.replies.delete(msg.id);
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    const deadline = Date.now() + 10_000;
    while (!meter.workerSession && Date.now() < deadline) await page.waitForTimeout(100);
    if (!meter.workerSession) throw new Error('MemoryMeter: the page has no worker to attach to');
    return meter;
  }

  /** A CDP command sent to the worker. */
  private toWorker(method: string): Promise<unknown> {
    const sessionId = this.workerSession;
    if (!sessionId) throw new Error('MemoryMeter: no worker');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`MemoryMeter: the worker did not answer ${method}`)), 30_000);
      this.replies.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result);
      });
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(reject);
    });
  }

  pageHeap(): Promise<HeapReading> {
    return settledHeap((method) => this.cdp.send(method as 'Runtime.getHeapUsage'));
  }

  workerHeap(): Promise<HeapReading> {
    return settledHeap((method) => this.toWorker(method));
  }

  /** The worker's own report (src/worker/testProbe.ts). */
  async probe(): Promise<Probe> {
    const workers = this.page.workers();
    if (workers.length !== 1) throw new Error(`MemoryMeter: expected one worker, the page has ${workers.length}`);
    return workers[0].evaluate(() => {
      const hook = (self as unknown as { optiplayProbe?: () => Probe }).optiplayProbe;
      if (!hook) throw new Error('the worker has no optiplayProbe: open the page with ?test-hooks');
      return hook();
    });
  }

  async sample(): Promise<MemorySample> {
    const worker = await this.workerHeap();
    const page = await this.pageHeap();
    return { at: Date.now() - this.t0, page, worker, probe: await this.probe() };
  }
}
