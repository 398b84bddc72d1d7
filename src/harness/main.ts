/**
 * The kernel harness page: exposes `window.optiplayHarness` (the parity cases and the adapter's name) for
 * the Playwright parity suite, and shows its state in an <output> for people.
 */
import { adapterName, findAdapter, optionalFeatures } from '../gpu/device';
import { subgroupsOf4 } from '../gpu/kernels/matmul';
import { createCases, type Cases } from './cases';
import { createOptimizerCases, type OptimizerCases } from './optimizerCases';
import { createSurfaceCases, type SurfaceCases } from './surfaceCases';
import { createPruneQuantCases, type PruneQuantCases } from './pruneQuantCases';
import { createCompressCases, type CompressCases } from './compressCases';
import { createCheckpointCases, type CheckpointCases } from './checkpointCases';
import { createDistillCases, type DistillCases } from './distillCases';
import { createPopulationCases, type PopulationCases } from './populationCases';
import { createPopulationStatsCases, type PopulationStatsCases } from './populationStatsCases';
import { createRaceCases, type RaceCases } from './raceCases';
import { createAugmentCases, type AugmentCases } from './augmentCases';
import { createMultitaskCases, type MultitaskCases } from './multitaskCases';
import { createWasmElementwiseCases, type WasmElementwiseCases } from './wasmElementwiseCases';
import { createWasmGemmCases, type WasmGemmCases } from './wasmGemmCases';

declare global {
  interface Window {
    optiplayHarness?: { adapter: string; subgroups: boolean; cases: Cases & OptimizerCases & PruneQuantCases & SurfaceCases & CompressCases & CheckpointCases & DistillCases & PopulationCases & AugmentCases & PopulationStatsCases & RaceCases & MultitaskCases & WasmElementwiseCases & WasmGemmCases };
    optiplayHarnessError?: string;
  }
}

const state = document.getElementById('state') as HTMLOutputElement;

async function start() {
  const found = await findAdapter();
  if ('reason' in found) throw new Error(found.reason);
  // the features the app's device asks for (gpu/device.ts), so the kernels take the app's roads
  const device = await found.adapter.requestDevice({ label: 'harness', requiredFeatures: optionalFeatures(found.adapter) });
  device.onuncapturederror = (e) => {
    window.optiplayHarnessError = e.error.message;
    state.textContent = `GPU error: ${e.error.message}`;
  };
  window.optiplayHarness = { adapter: adapterName(found.adapter), subgroups: subgroupsOf4(device), cases: { ...createCases(device), ...createOptimizerCases(device), ...createPruneQuantCases(device), ...createSurfaceCases(device), ...createCompressCases(device), ...createCheckpointCases(device), ...createDistillCases(device), ...createPopulationCases(device), ...createAugmentCases(device), ...createPopulationStatsCases(device), ...createRaceCases(device), ...createMultitaskCases(device), ...createWasmElementwiseCases(), ...createWasmGemmCases() } };
  state.textContent = `ready on ${window.optiplayHarness.adapter}`;
}

start().catch((e: Error) => {
  window.optiplayHarnessError = e.message;
  state.textContent = `failed: ${e.message}`;
});
