// Which browser bundle a page loads: a resident's pages load the residents' bundle, which
// carries none of the officials' or admins' tools; officials load the whole app; pages that
// work as plain links and posts load none. A link inside the app to a page the bundle does not
// carry loads that page from the server.
const { test, expect } = require('@playwright/test');
const { hydrated, signIn } = require('./helpers');

/** The bundles (wasm files) a page asks for, by path. */
function watchWasm(page) {
  const seen = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('.wasm')) seen.push(url.pathname);
  });
  return seen;
}

// Text only officials' and admins' pages show: none of it may be in the residents' bundle.
const STAFF_ONLY = [
  'Impor dari Dukcapil/SIAK',
  'Riwayat impor',
  'Passphrase tanda tangan elektronik',
  'Pengaturan kantor',
  'Akun pegawai',
  'Antrian permohonan',
  'Layanan loket',
  'Log audit',
];

test('residents load the residents bundle, officials the whole app', async ({ browser }) => {
  const resident = await signIn(browser, '5371045505900001', 'warga123');
  const residentWasm = watchWasm(resident);
  await resident.goto('/permohonan/baru?jenis=domisili');
  await hydrated(resident);
  expect(residentWasm).toHaveLength(1);
  expect(residentWasm[0]).toMatch(/^\/pkg\/warga\.[0-9a-f]{16}\.wasm$/);
  const bytes = await (await resident.request.get(residentWasm[0])).body();
  for (const text of STAFF_ONLY) {
    expect(bytes.includes(Buffer.from(text)), `"${text}" in the residents' bundle`).toBe(false);
  }
  expect(bytes.includes(Buffer.from('Lanjut: periksa isian'))).toBe(true);

  // Inside the app, a link to a page this bundle does not carry (the home page ships no wasm)
  // loads it from the server, and "Akun saya" is the residents' bundle again.
  await resident.getByRole('link', { name: 'Serambi' }).click();
  await expect(resident).toHaveURL(/\/$/);
  await expect(resident.getByRole('heading', { level: 1 })).toContainText('Selamat');
  await resident.locator('a.who').click();
  await expect(resident.getByRole('heading', { name: 'Akun saya' })).toBeVisible();
  await hydrated(resident);
  expect(residentWasm.every((p) => p.startsWith('/pkg/warga.'))).toBe(true);

  // An official on the same kind of page loads the whole app, tools and all.
  const clerk = await signIn(browser, 'petugas.oebobo', 'serambi123');
  const clerkWasm = watchWasm(clerk);
  await clerk.goto('/akun');
  await hydrated(clerk);
  expect(clerkWasm).toHaveLength(1);
  expect(clerkWasm[0]).toMatch(/^\/pkg\/serambi\.[0-9a-f]{16}\.wasm$/);
  const whole = await (await clerk.request.get(clerkWasm[0])).body();
  expect(whole.includes(Buffer.from('Impor dari Dukcapil/SIAK'))).toBe(true);
  expect(whole.length).toBeGreaterThan(bytes.length);
  // From a residents' page's address to the queue, in the app.
  await clerk.goto('/antrian');
  await hydrated(clerk);
  await expect(clerk.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(clerk.locator('.loading')).toHaveCount(0);
});
