/**
 * Journey: the Network panel of the default spiral run draws its neurons and weights; pruning 90% of the
 * weights at once makes the edges vanish and the summary say so; hovering a neuron shows its values.
 */
import { test, expect } from './support/fixtures';

test('the Network panel draws the model, loses its pruned edges live, and tells a hovered neuron’s values', async ({ playground, pageErrors }) => {
  test.setTimeout(150_000);
  await playground.goto();
  await playground.waitForFirstMetrics();
  // the Compress area shows the diagram beside the pruning controls
  await playground.openArea('Compress');
  const section = playground.section('Network');
  await section.scrollIntoViewIfNeeded();
  const canvas = section.getByRole('img');
  await expect(canvas).toHaveAttribute('aria-label', /^2 → 16 → 16 → 2, 320 weights, none pruned, float32$/);
  await expect(canvas).toHaveAttribute('data-edges', '320'); // every weight of a toy net: 2·16 + 16·16 + 16·2
  await expect(canvas).toHaveAttribute('data-nodes', '36');

  await playground.train();
  await playground.waitForStep(50);
  await (await playground.field('Pruning schedule')).selectOption({ label: 'One-shot' });
  await playground.setSlider('Sparsity', 90);
  await (await playground.field('Prune')).check();
  await section.scrollIntoViewIfNeeded();
  await expect(canvas, 'the summary after pruning 90% of the weights').toHaveAttribute('aria-label', /^2 → 16 → 16 → 2, 320 weights, (89|90|91)% pruned, float32$/, { timeout: 60_000 });
  const edges = Number(await canvas.getAttribute('data-edges'));
  expect(edges, 'edges drawn after pruning (32 of 320 weights survive)').toBeLessThanOrEqual(40);
  expect(edges).toBeGreaterThan(0);
  await expect(section.getByText(/of weights pruned/).first()).toBeVisible();

  await playground.pause();
  await section.scrollIntoViewIfNeeded(); // Pause sits at the top of the page
  const probe = (await canvas.getAttribute('data-probe')) ?? '';
  const [fx, fy] = probe.split(',').map(Number);
  const box = await canvas.boundingBox();
  expect(box && Number.isFinite(fx) && Number.isFinite(fy)).toBeTruthy();
  await playground.page.mouse.move(box!.x + fx * box!.width, box!.y + fy * box!.height);
  const tooltip = section.getByRole('tooltip');
  await expect(tooltip).toHaveText(/^Hidden 1 neuron \d+ · bias −?[\d.]+(e−?\d+)? · mean \|activation\| [\d.]+(e−?\d+)?/);
  console.log(`[network] edges drawn: 320 dense → ${edges} after pruning 90%; hovered: ${await tooltip.textContent()}`);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
