// Issue 16 in a real browser: the clerk's queue (filters as an address, a NIK only posted),
// the staff menu folding on a phone, and the heads' dashboard and survey results.
const { test, expect } = require('@playwright/test');
const { attachAll, hydrated, sendRequest, signIn } = require('./helpers');

test('a clerk finds a request by code and by NIK, never with a NIK in the address', async ({ browser }) => {
  const warga = await signIn(browser, '5371045505900001', 'warga123');
  await warga.goto('/permohonan/baru?jenis=domisili');
  await hydrated(warga);
  await warga.getByLabel('Keperluan').fill('Antrian yang dapat dicari');
  await attachAll(warga);
  const reference = await sendRequest(warga);

  const clerk = await signIn(browser, 'petugas.oebobo', 'serambi123');
  const addresses = [];
  clerk.on('request', (r) => addresses.push(r.url()));
  await clerk.goto('/antrian');
  await hydrated(clerk);
  await expect(clerk.locator('.staff-nav a[aria-current="page"]')).toContainText('Antrian');
  await clerk.getByLabel('Cari nama, kode permohonan atau nomor surat').fill(reference.toLowerCase());
  await clerk.getByLabel('Status').selectOption('semua');
  await clerk.getByRole('button', { name: 'Terapkan' }).click();
  await expect(clerk).toHaveURL(/cari=srb-/);
  await expect(clerk.locator('ul.requests li')).toHaveCount(1);
  await expect(clerk.locator('ul.requests')).toContainText(reference);
  await expect(clerk.locator('.counts')).toContainText('1 permohonan');

  // A NIK typed into the search box is refused by the browser: the address never gets it.
  const before = clerk.url();
  await clerk.getByLabel('Cari nama, kode permohonan atau nomor surat').fill('5371045505900001');
  await clerk.getByRole('button', { name: 'Terapkan' }).click();
  await expect(clerk.locator('#cari:invalid')).toHaveCount(1);
  expect(clerk.url()).toBe(before);

  // By NIK: posted.
  await clerk.getByText('Cari dengan NIK').click();
  await clerk.getByLabel('NIK orang yang dibuatkan surat').fill('5371045505900001');
  await clerk.getByRole('button', { name: 'Cari', exact: true }).click();
  await expect(clerk.getByRole('heading', { name: /Hasil pencarian NIK/ })).toBeVisible();
  await expect(clerk.locator('.nik-results')).toContainText(reference);
  expect(addresses.filter((a) => a.includes('5371045505900001'))).toEqual([]);
});

test('on a phone the staff menu folds behind "Menu"', async ({ browser }) => {
  const clerk = await signIn(browser, 'petugas.oebobo', 'serambi123', undefined, { viewport: { width: 375, height: 740 } });
  await clerk.goto('/antrian');
  await hydrated(clerk);
  const nav = clerk.locator('nav.staff-nav');
  await expect(nav).toBeHidden();
  await clerk.locator('label.menu-button').click();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Loket' }).click();
  await expect(clerk).toHaveURL(/\/loket$/);
});

test('a lurah reads the dashboard and the survey results without JavaScript', async ({ browser }) => {
  const lurah = await signIn(browser, 'lurah.oebobo', 'serambi123', undefined, { javaScriptEnabled: false });
  await lurah.goto('/');
  await lurah.locator('nav.staff-nav').getByRole('link', { name: 'Dasbor' }).click();
  await expect(lurah.getByRole('heading', { name: 'Dasbor layanan' })).toBeVisible();
  await expect(lurah.locator('figure.chart svg')).toHaveCount(2);
  await expect(lurah.locator('caption', { hasText: 'Permohonan per minggu' })).toBeVisible();
  await lurah.getByLabel('Rentang').selectOption('4');
  await lurah.getByRole('button', { name: 'Tampilkan' }).click();
  await expect(lurah).toHaveURL(/minggu=4/);
  await expect(lurah.locator('table').first().locator('tbody tr')).toHaveCount(4);
  await lurah.goto('/skm');
  await expect(lurah.getByRole('heading', { name: 'Survei Kepuasan Masyarakat' })).toBeVisible();
  await expect(lurah.getByText('Kelurahan Oebobo').first()).toBeVisible();
});
