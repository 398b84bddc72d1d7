import { test, expect } from './support/fixtures';

test('the playground loads and shows its status line', async ({ playground, page, pageErrors }) => {
  await playground.goto();
  await expect(page).toHaveTitle(/OptiPlay/i);
  await expect(playground.heading('Loss')).toBeVisible();
  await expect(playground.status).toBeVisible();
  await expect(playground.status).toHaveText(/^(WebGPU|CPU)\b.*Step\s+\d/);
  await expect(playground.trainButton).toBeVisible();
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
