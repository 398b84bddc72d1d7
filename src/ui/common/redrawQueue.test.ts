import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedrawQueue, GAP_MS, RELEASE_MS } from './redrawQueue';

describe('redrawQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs one job at a time, the next only after done() and a gap', () => {
    const q = createRedrawQueue();
    const ran: string[] = [];
    const a = {};
    const b = {};
    q.request(a, () => ran.push('a'));
    q.request(b, () => ran.push('b'));
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(GAP_MS);
    expect(ran).toEqual(['a']);
    vi.advanceTimersByTime(RELEASE_MS - 1);
    expect(ran, 'b waits while a has not reported').toEqual(['a']);
    q.done(a);
    expect(ran).toEqual(['a']);
    vi.advanceTimersByTime(GAP_MS);
    expect(ran).toEqual(['a', 'b']);
  });

  it('keeps only the newest job per key, in the order keys first asked', () => {
    const q = createRedrawQueue();
    const ran: string[] = [];
    const a = {};
    const b = {};
    q.request(a, () => ran.push('a1'));
    q.request(b, () => ran.push('b1'));
    q.request(a, () => ran.push('a2'));
    expect(q.size).toBe(2);
    vi.advanceTimersByTime(GAP_MS);
    q.done(a);
    vi.advanceTimersByTime(GAP_MS);
    expect(ran).toEqual(['a2', 'b1']);
  });

  it('releases a job that never reports after RELEASE_MS', () => {
    const q = createRedrawQueue();
    const ran: string[] = [];
    const a = {};
    const b = {};
    q.request(a, () => ran.push('a'));
    q.request(b, () => ran.push('b'));
    vi.advanceTimersByTime(GAP_MS + RELEASE_MS + GAP_MS);
    expect(ran).toEqual(['a', 'b']);
  });

  it('starts again after going idle (a done() with nothing queued leaves no stale timer)', () => {
    const q = createRedrawQueue();
    const ran: string[] = [];
    const a = {};
    q.request(a, () => ran.push('a1'));
    vi.advanceTimersByTime(GAP_MS);
    q.done(a);
    vi.advanceTimersByTime(5 * RELEASE_MS);
    q.request(a, () => ran.push('a2'));
    vi.advanceTimersByTime(GAP_MS);
    expect(ran).toEqual(['a1', 'a2']);
  });

  it('drop() forgets a queued job; cancel() also frees the queue from a running one', () => {
    const q = createRedrawQueue();
    const ran: string[] = [];
    const a = {};
    const b = {};
    const c = {};
    q.request(a, () => ran.push('a'));
    q.request(b, () => ran.push('b'));
    q.request(c, () => ran.push('c'));
    q.drop(b);
    vi.advanceTimersByTime(GAP_MS);
    q.cancel(a);
    vi.advanceTimersByTime(GAP_MS);
    expect(ran).toEqual(['a', 'c']);
  });

  it('a job that throws frees the queue', () => {
    const q = createRedrawQueue();
    const ran: string[] = [];
    const a = {};
    const b = {};
    q.request(a, () => {
      throw new Error('boom');
    });
    q.request(b, () => ran.push('b'));
    expect(() => vi.advanceTimersByTime(GAP_MS)).toThrow('boom');
    vi.advanceTimersByTime(GAP_MS);
    expect(ran).toEqual(['b']);
  });
});
