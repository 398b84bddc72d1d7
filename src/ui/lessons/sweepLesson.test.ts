/**
 * The sweep lesson keeps its promises: its study, run here on CPU populations exactly as the Sweep page's
 * worker runs it (engine/search/sweep.ts), stops most trials at the first rung, keeps the high-rate,
 * lightly regularized ones, two of them untangle the spiral, and the learning rate leads Parameter
 * importance (read at the first rung) with about 80%. The measured numbers are logged.
 */
import { expect, it } from 'vitest';
import { createCpuPopulation } from '../../engine/population/cpuPopulation';
import { best, studyImportance } from '../../engine/search';
import { firstRung, Sweep } from '../../engine/search/sweep';
import { LESSONS, lessonConfig, lessonSettings, type SweepLesson } from './lessons';

it('Sweep: which learning rate, which regularization? — rungs 111/333/999, most stop at the first, two trials untangle the spiral', async () => {
  const lesson = LESSONS.find((l): l is SweepLesson => l.kind === 'sweep' && l.id === 'sweep-rate')!;
  const settings = lessonSettings(lesson);
  const s = await Sweep.create(lessonConfig(lesson), settings, { create: async (init) => createCpuPopulation(init) });
  while (!s.done()) await s.advance(100);
  const t = s.trials;
  const r = firstRung(settings.stepsPerTrial);
  expect(s.rungs(t[0]).filter((x) => x < settings.stepsPerTrial)).toEqual([111, 333, 999]);
  const stoppedFirst = t.filter((x) => x.state === 'pruned' && x.steps === r);
  const top = t.filter((x) => x.state === 'complete' && (x.value ?? 0) >= 98);
  const imp = studyImportance(settings.space, t, r);
  console.log(`[sweep lesson] ${stoppedFirst.length} of 16 stopped at step ${r}; complete: ${t.filter((x) => x.state === 'complete').map((x) => `lr ${Number(x.params.learningRate).toFixed(3)} rr ${Number(x.params.regularizationRate).toExponential(1)} → ${x.value?.toFixed(1)}%`).join(', ')}; importance ${imp.importance.map((i) => `${i.name} ${i.importance.toFixed(2)}`).join(', ')} (at ${imp.atStep ?? 'the end'})`);
  expect(stoppedFirst.length).toBeGreaterThanOrEqual(8);
  expect(top).toHaveLength(2);
  for (const x of top) {
    expect(Number(x.params.learningRate)).toBeGreaterThan(0.1);
    expect(Number(x.params.regularizationRate)).toBeLessThan(1e-3);
  }
  expect(best(t, 'maximize')!.value).toBeGreaterThanOrEqual(99);
  expect(imp.importance[0].name).toBe('learningRate');
  expect(imp.atStep).toBe(r);
  expect(imp.importance[0].importance).toBeGreaterThan(0.7);
  s.destroy();
});
