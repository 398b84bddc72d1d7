/** Opens the kernel harness page and runs parity cases in it (the page runs GPU kernel and CPU twin). */
import { expect, test as base, type Page } from '@playwright/test';
import type { Cases as KernelCases } from '../../src/harness/cases';
import type { OptimizerCases } from '../../src/harness/optimizerCases';
import type { SurfaceCases } from '../../src/harness/surfaceCases';
import type { PruneQuantCases } from '../../src/harness/pruneQuantCases';
import type { CompressCases } from '../../src/harness/compressCases';
import type { CheckpointCases } from '../../src/harness/checkpointCases';
import type { DistillCases } from '../../src/harness/distillCases';
import type { PopulationCases } from '../../src/harness/populationCases';
import type { AugmentCases } from '../../src/harness/augmentCases';
import type { PopulationStatsCases } from '../../src/harness/populationStatsCases';
import type { RaceCases } from '../../src/harness/raceCases';
import type { MultitaskCases } from '../../src/harness/multitaskCases';
import type { WasmElementwiseCases } from '../../src/harness/wasmElementwiseCases';
import type { WasmGemmCases } from '../../src/harness/wasmGemmCases';

type Cases = KernelCases & OptimizerCases & PruneQuantCases & SurfaceCases & CompressCases & CheckpointCases & DistillCases & PopulationCases & AugmentCases & PopulationStatsCases & RaceCases & MultitaskCases & WasmElementwiseCases & WasmGemmCases;

type CaseName = keyof Cases;
type Arg<K extends CaseName> = Parameters<Cases[K]>[0];
type Result<K extends CaseName> = Awaited<ReturnType<Cases[K]>>;

export class Harness {
  constructor(readonly page: Page) {}

  async open(): Promise<string> {
    await this.page.goto('/harness.html');
    await expect(this.page.getByRole('status', { name: 'Harness state' })).toHaveText(/ready on|failed/, { timeout: 60_000 });
    const error = await this.page.evaluate(() => window.optiplayHarnessError);
    expect(error, 'WebGPU must be available for the parity suite').toBeUndefined();
    return this.page.evaluate(() => window.optiplayHarness!.adapter);
  }

  /** The adapter's name (after open). */
  async adapter(): Promise<string> {
    return this.page.evaluate(() => window.optiplayHarness!.adapter);
  }

  /** Whether the harness device has subgroups of at least 4 (then block 32 with vec4 loads can run as the subgroup kernel). */
  async subgroups(): Promise<boolean> {
    return this.page.evaluate(() => window.optiplayHarness!.subgroups);
  }

  async run<K extends CaseName>(name: K, arg: Arg<K>): Promise<Result<K>> {
    const result = await this.page.evaluate(
      ([n, a]) => (window.optiplayHarness!.cases[n as CaseName] as (x: unknown) => Promise<unknown>)(a),
      [name, arg] as const,
    );
    const gpuError = await this.page.evaluate(() => window.optiplayHarnessError);
    expect(gpuError, 'no WebGPU validation error').toBeUndefined();
    return result as Result<K>;
  }
}

export const test = base.extend<{ harness: Harness }>({
  harness: async ({ page }, use) => {
    const h = new Harness(page);
    await h.open();
    await use(h);
  },
});

/** The odd shapes every kernel is checked on (not only multiples of the 16-wide tile). */
export const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [3, 7, 33],
  [7, 3, 257],
  [33, 257, 3],
  [257, 33, 7],
  [257, 257, 33],
];

export { expect };
