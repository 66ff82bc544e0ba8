const { expect } = require('@playwright/test');

/** Waits until the page has hydrated: clicks before that are lost. */
async function hydrated(page) {
  await page.waitForSelector('.app[data-hydrated="true"]');
}

/** A fresh browser context (own cookies) signed in as `login`. */
async function signIn(browser, login, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/masuk');
  await hydrated(page);
  await page.getByLabel('NIK atau nama pengguna').fill(login);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Selamat');
  return page;
}

module.exports = { hydrated, signIn };
