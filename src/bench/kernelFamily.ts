/** The step profile's kernel families (stepProfile.ts), named from a pipeline's label (gpu/pipelines.ts). */

/**
 * "matmul fwd" / "matmul dW" / "matmul dX" from the pipeline's constants (either matmul module: "matmul"
 * or "matmul subgroup"), else the kernel's label.
 */
export function kernelFamily(pipelineLabel: string): string {
  const kernel = pipelineLabel.split(':')[0];
  if (kernel !== 'matmul' && kernel !== 'matmul subgroup') return kernel;
  const c = JSON.parse(pipelineLabel.slice(pipelineLabel.indexOf('{'))) as Record<string, number | boolean>;
  if (c.TRANS_A) return 'matmul dW';
  return (c.GATE_ACT as number) < 4 ? 'matmul dX' : 'matmul fwd';
}
