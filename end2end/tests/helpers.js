const { expect } = require('@playwright/test');

/** Waits until the page has hydrated: clicks before that are lost. */
async function hydrated(page) {
  await page.waitForSelector('.app[data-hydrated="true"]');
}

/**
 * A fresh browser context (own cookies) signed in as `login` (on `baseURL`, if given); with
 * `javaScriptEnabled: false` in `options`, a browser without JavaScript.
 */
async function signIn(browser, login, password, baseURL, options = {}) {
  const context = await browser.newContext({ ...(baseURL ? { baseURL } : {}), ...options });
  const page = await context.newPage();
  // /masuk ships no wasm (its form is a plain post): nothing to wait for.
  await page.goto('/masuk');
  await page.getByLabel('NIK atau nama pengguna').fill(login);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Selamat');
  return page;
}

/** A tiny PNG (16×16), the kind of photo a resident attaches. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGNoUFAgCTGMahjVMHw1AAB0SsABEhsxNgAAAABJRU5ErkJggg==',
  'base64',
);

/** Attaches a photo to every attachment of the form and waits until each is uploaded. */
async function attachAll(page) {
  const inputs = page.locator('.field.attachment input[type="file"]');
  const n = await inputs.count();
  for (let i = 0; i < n; i++) {
    await inputs.nth(i).setInputFiles({ name: `lampiran-${i}.png`, mimeType: 'image/png', buffer: PNG });
  }
  await expect(page.locator('.upload.done')).toHaveCount(n);
  return n;
}

/** The demo officials' signing passphrase (printed by `serambi demo`). */
const PASSPHRASE = 'tte-demo-2026';

/** Types the signing passphrase into the signing form on the page and signs. */
async function signWithPassphrase(page, passphrase = PASSPHRASE) {
  await page.getByLabel('Passphrase tanda tangan elektronik').fill(passphrase);
  await page.locator('form.sign-form button[type="submit"]').click();
}

/**
 * Sends the request form on the page: "Lanjut: periksa isian", then on the check-answers page
 * "Kirim permohonan"; on the receipt reads the reference code and opens the request. Works with
 * and without JavaScript. Returns the reference code (SRB-XXXX-XX).
 */
async function sendRequest(page) {
  await page.getByRole('button', { name: 'Lanjut: periksa isian' }).click();
  await expect(page.getByRole('heading', { name: 'Periksa kembali isian Anda' })).toBeVisible();
  await page.getByRole('button', { name: 'Kirim permohonan' }).click();
  await expect(page.getByRole('heading', { name: 'Permohonan terkirim' })).toBeVisible();
  const reference = (await page.locator('.reference.big').textContent()).trim();
  expect(reference).toMatch(/^SRB-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/);
  await page.getByRole('link', { name: 'Lihat permohonan' }).click();
  await expect(page).toHaveURL(/\/permohonan\/[0-9a-f-]{36}$/);
  return reference;
}

module.exports = { PNG, attachAll, hydrated, sendRequest, signIn, signWithPassphrase, PASSPHRASE };
