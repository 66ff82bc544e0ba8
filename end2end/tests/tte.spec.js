// Electronic signatures as the lurah and a verifier meet them: batch signing from the queue with
// one passphrase entry (a wrong one first), a PDF that pdfsig accepts, a forged copy caught on the
// verification page, and revocation.
const { test, expect } = require('@playwright/test');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { hydrated, signIn, signWithPassphrase, PASSPHRASE } = require('./helpers');

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGNoUFAgCTGMahjVMHw1AAB0SsABEhsxNgAAAABJRU5ErkJggg==',
  'base64',
);

/** Submits a Domisili request through the API the form uses; returns its id. */
async function submitDomisili(page, purpose) {
  const types = await (await page.request.post('/api/jenis-surat', { data: {} })).json();
  const domisili = types.find((t) => t.code === 'domisili');
  const attachments = {};
  for (const a of domisili.attachments.filter((a) => a.required)) {
    const r = await page.request.post('/api/lampiran', {
      multipart: { file: { name: `${a.name}.png`, mimeType: 'image/png', buffer: PNG } },
    });
    expect(r.ok()).toBeTruthy();
    attachments[a.name] = (await r.json()).id;
  }
  const r = await page.request.post('/api/ajukan', {
    data: { input: { letter_type: 'domisili', fields: { keperluan: purpose }, attachments } },
  });
  expect(r.ok()).toBeTruthy();
  return r.json();
}

function pdfsig(file) {
  const r = spawnSync('pdfsig', [file]);
  return r.stdout.toString() + r.stderr.toString();
}

test('the lurah signs a batch with one passphrase; pdfsig accepts the letter and a forged copy is caught', async ({ browser }) => {
  const warga = await signIn(browser, '5371045505900001', 'warga123');
  const ids = [await submitDomisili(warga, 'Melamar pekerjaan'), await submitDomisili(warga, 'Membuka rekening bank')];
  const clerk = await signIn(browser, 'petugas.oebobo', 'serambi123');
  for (const id of ids) {
    const r = await clerk.request.post('/api/tindakan', { data: { input: { request_id: id, action: 'verify', note: '' } } });
    expect(r.ok()).toBeTruthy();
  }

  // The lurah ticks both in the queue; a wrong passphrase signs nothing.
  const lurah = await signIn(browser, 'lurah.oebobo', 'serambi123');
  await lurah.goto('/antrian');
  await hydrated(lurah);
  for (const id of ids) await lurah.locator(`input.pick[data-request="${id}"]`).check();
  await expect(lurah.locator('form.sign-form button[type="submit"]')).toHaveText('Tandatangani 2 surat');
  await signWithPassphrase(lurah, 'bukan-passphrase-saya');
  await expect(lurah.locator('.sign-batch .alert.error')).toContainText('Passphrase salah');
  await expect(lurah.getByLabel('Passphrase tanda tangan elektronik')).toHaveValue('');
  for (const id of ids) await expect(lurah.locator(`input.pick[data-request="${id}"]`)).toBeVisible();

  for (const id of ids) await lurah.locator(`input.pick[data-request="${id}"]`).check();
  await signWithPassphrase(lurah, PASSPHRASE);
  await expect(lurah.locator('.sign-outcomes')).toContainText('2 dari 2 surat ditandatangani');
  await expect(lurah.locator('.sign-outcomes .letter-number')).toHaveCount(2);
  for (const id of ids) await expect(lurah.locator(`input.pick[data-request="${id}"]`)).toHaveCount(0);

  // The resident downloads the first letter: pdfsig says the signature is valid over the whole file.
  await warga.goto(`/permohonan/${ids[0]}`);
  await hydrated(warga);
  const [download] = await Promise.all([
    warga.waitForEvent('download'),
    warga.getByRole('link', { name: 'Unduh surat (PDF)' }).click(),
  ]);
  const original = await download.path();
  const report = pdfsig(original);
  expect(report).toContain('Signature is Valid.');
  expect(report).toContain('Total document signed');

  // One flipped byte: pdfsig and the verification page both say no.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serambi-tte-'));
  const forged = path.join(dir, 'surat-palsu.pdf');
  const bytes = fs.readFileSync(original);
  bytes[Math.floor(bytes.length / 3)] ^= 0x20;
  fs.writeFileSync(forged, bytes);
  expect(pdfsig(forged)).toContain('Digest Mismatch');

  // The verification page ships no wasm: its forms are plain posts.
  await warga.getByRole('link', { name: 'Periksa keaslian' }).click();
  await expect(warga.locator('[data-result="asli"]')).toContainText('Waktu tanda tangan');
  await expect(warga.locator('[data-result="asli"] .cert')).toContainText('Kelurahan Oebobo');
  await warga.getByLabel('Berkas PDF surat').setInputFiles(forged);
  await warga.getByRole('button', { name: 'Periksa berkas' }).click();
  await expect(warga.locator('[data-match="tidak-cocok"]')).toContainText('TIDAK COCOK');
  await warga.getByLabel('Berkas PDF surat').setInputFiles(original);
  await warga.getByRole('button', { name: 'Periksa berkas' }).click();
  await expect(warga.locator('[data-match="cocok"]')).toContainText('Cocok');
  const sha = execFileSync('sha256sum', [original]).toString().split(' ')[0];
  await warga.getByLabel('atau tempel sidik SHA-256').fill(sha);
  await warga.getByRole('button', { name: 'Periksa sidik' }).click();
  await expect(warga.locator('[data-match="cocok"]')).toBeVisible();
  await expect(warga.locator('.revoke')).toHaveCount(0);

  // The lurah revokes it from the same page; everyone then sees why.
  const verifyUrl = new URL(warga.url()).pathname;
  await lurah.goto(verifyUrl);
  await lurah.getByLabel('Alasan pencabutan (ditampilkan kepada pemeriksa)').fill('Salah ketik keperluan');
  await lurah.getByRole('button', { name: 'Cabut surat' }).click();
  await expect(lurah.locator('[data-result="dicabut"]')).toContainText('Salah ketik keperluan');
  await warga.reload();
  await expect(warga.locator('[data-result="dicabut"]')).toContainText('DICABUT');

  // The passphrase never reaches the log, nor does any NIK.
  const log = fs.readFileSync(path.join(__dirname, '..', 'test-results', 'server.log'), 'utf8');
  // One key unlock per signing session, however many letters it signed.
  const count = (needle) => log.split('\n').filter((line) => line.includes(needle)).length;
  expect(count('signing key unlocked')).toBe(count('signing session ended'));
  expect(count('letter signed')).toBeGreaterThan(count('signing key unlocked'));
  expect(log).not.toContain(PASSPHRASE);
  expect(log).not.toContain('bukan-passphrase-saya');
  expect(log).not.toMatch(/\d{16}/);
});
