/**
 * The linear assignment problem, solved exactly: given an n×n cost matrix C, the permutation p minimising
 * Σ_i C[i, p[i]]. Weight matching (weightMatching.ts) calls it once per hidden layer with C = −S, S the
 * similarity of A's and B's neurons.
 *
 * The method is the Hungarian algorithm in its shortest-augmenting-path form (Jonker & Volgenant 1987;
 * the O(n³) variant with row and column potentials u, v, as in Kuhn–Munkres with Dijkstra-like search):
 * rows are added one at a time; for each, a shortest path in reduced costs C[i][j] − u[i] − v[j] ≥ 0 from
 * the new row to a free column is grown column by column (minv[j] the best reduced cost reaching column j,
 * way[j] the column before it on that path), the potentials are raised by the path's length so reduced
 * costs stay ≥ 0 and the matched edges tight, and the path is flipped. Each of the n rows costs O(n²).
 * SciPy's linear_sum_assignment (used by Ainsworth et al.'s code) solves the same problem with a
 * variant of the same algorithm, so results agree up to ties.
 */

/**
 * cost: [n, n] row-major (rows: A's neurons, columns: B's). Returns p: [n] with p[i] the column given to
 * row i, a permutation of 0..n−1 minimising Σ_i cost[i·n + p[i]].
 */
export function linearAssignment(cost: Float64Array | Float32Array, n: number): Int32Array {
  if (cost.length !== n * n) throw new Error(`linearAssignment: the cost matrix must be ${n}×${n}`);
  // 1-based arrays as in the textbook form: index 0 is the virtual start row/column
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOf = new Int32Array(n + 1); // rowOf[j]: the row matched to column j (0: free)
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0];
      const base = (i0 - 1) * n - 1;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[base + j] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      if (j1 === 0) throw new Error('linearAssignment: the costs must be finite');
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOf[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    // flip the augmenting path back to the start
    do {
      const j1 = way[j0];
      rowOf[j0] = rowOf[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const p = new Int32Array(n);
  for (let j = 1; j <= n; j++) p[rowOf[j] - 1] = j - 1;
  return p;
}
