// The whole Surat Keterangan Domisili flow, clicked in Chromium by a resident, a kelurahan
// clerk and the lurah, ending with a PDF that carries the letter number and a QR page; once
// with JavaScript and once with JavaScript disabled (every step is a plain link or form post).
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { PNG, attachAll, sendRequest, signIn, signWithPassphrase } = require('./helpers');

/** A browser context without JavaScript, signed in through the plain login form. */
function signInPlain(browser, login, password) {
  return signIn(browser, login, password, undefined, { javaScriptEnabled: false });
}

/** Fails the test if any address the page asks for carries a NIK-like number or a secret. */
function watchUrls(page, seen) {
  page.on('request', (r) => seen.push(r.url()));
}

for (const js of [true, false]) {
  const how = js ? 'with JavaScript' : 'with JavaScript disabled';
  test(`a Domisili letter goes from resident to clerk to lurah and comes back as a PDF, ${how}`, async ({ browser }) => {
    const purpose = `Melamar pekerjaan di Dinas Kesehatan Kota Kupang (${js ? 'JS' : 'tanpa JS'})`;
    const login = js ? signIn : signInPlain;
    const ready = async (page) => {
      if (js) await page.waitForSelector('.app[data-hydrated="true"]');
    };
    const urls = [];

    // Resident: sees her record, chooses the letter type from the list, fills in the form.
    const warga = await login(browser, '5371045505900001', 'warga123');
    watchUrls(warga, urls);
    await expect(warga.locator('.record')).toContainText('MARIA GORETI LENDE');
    await warga.getByRole('link', { name: 'Ajukan surat baru' }).click();
    await warga.getByRole('link', { name: /Surat Keterangan Domisili/ }).click();
    await ready(warga);
    await expect(warga.locator('.requirements')).toContainText('Lama proses');
    await warga.getByLabel('Keperluan').fill(purpose);
    let attached;
    if (js) {
      attached = await attachAll(warga);
    } else {
      // Without JavaScript the files go with the form when it is posted.
      const inputs = warga.locator('.field.attachment input[type="file"]');
      attached = await inputs.count();
      for (let i = 0; i < attached; i++) {
        await inputs.nth(i).setInputFiles({ name: `lampiran-${i}.png`, mimeType: 'image/png', buffer: PNG });
      }
    }
    const reference = await sendRequest(warga);
    await expect(warga.locator('.badge')).toContainText('Diajukan');
    await expect(warga.locator('.reference')).toContainText(reference);
    const requestUrl = new URL(warga.url()).pathname;

    // Clerk of Kelurahan Oebobo: finds it in the queue and verifies it.
    const clerk = await login(browser, 'petugas.oebobo', 'serambi123');
    watchUrls(clerk, urls);
    await clerk.goto('/antrian');
    await ready(clerk);
    await clerk.locator(`a[href="${requestUrl}"]`).click();
    await expect(clerk.getByRole('heading', { name: 'Catatan kependudukan saat ini' })).toBeVisible();
    // The attachments are shown beside the request, as pictures.
    await expect(clerk.locator('.attachment-list img')).toHaveCount(attached);
    await ready(clerk);
    await clerk.getByRole('button', { name: 'Verifikasi' }).click();
    await expect(clerk.locator('.badge')).toContainText('Diverifikasi');

    // Lurah: signs it; a number is given.
    const lurah = await login(browser, 'lurah.oebobo', 'serambi123');
    watchUrls(lurah, urls);
    await lurah.goto('/antrian');
    await ready(lurah);
    await lurah.locator(`a[href="${requestUrl}"]`).click();
    await ready(lurah);
    await signWithPassphrase(lurah);
    const numberEl = lurah.locator('.letter-number');
    await expect(numberEl).toContainText(/^400\.12\.2\.1\/\d{3}\/KEL-OBB\/[IVX]+\/\d{4}$/);
    const number = (await numberEl.textContent()).trim();

    // Anyone with the reference code and the birth date: tracking says it is ready.
    const anyone = await browser.newContext({ javaScriptEnabled: js });
    const tracker = await anyone.newPage();
    watchUrls(tracker, urls);
    // (/lacak ships no wasm: its form is a plain post either way.)
    await tracker.goto('/lacak');
    await tracker.getByLabel('Kode permohonan').fill(reference.toLowerCase());
    await tracker.getByLabel(/Tanggal lahir/).fill('1990-05-15');
    await tracker.getByRole('button', { name: 'Lacak' }).click();
    await expect(tracker.locator('.tracked')).toContainText('Selesai');
    await expect(tracker.locator('.tracked')).not.toContainText('MARIA');

    // Resident: downloads the PDF; it contains the number and the purpose.
    await warga.goto(requestUrl);
    await ready(warga);
    await expect(warga.locator('.badge')).toContainText('Selesai');
    const [download] = await Promise.all([
      warga.waitForEvent('download'),
      warga.getByRole('link', { name: 'Unduh surat (PDF)' }).click(),
    ]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain(number);
    expect(text).toContain(purpose.slice(0, 30));

    // Anyone with the QR code: the verification page says it is genuine, NIK masked.
    await warga.getByRole('link', { name: 'Periksa keaslian' }).click();
    await expect(warga.locator('[data-result="asli"]')).toContainText(number);
    await expect(warga.locator('[data-result="asli"]')).toContainText('5371**********01');
    await expect(warga.locator('body')).not.toContainText('5371045505900001');

    // No address asked for carried a NIK, a password or a passphrase.
    for (const u of urls) {
      expect(u).not.toMatch(/\d{16}|password|passphrase|tanggal_lahir/);
    }

    // Nothing the server logged during the flow carries a NIK or KK number.
    const log = fs.readFileSync(path.join(__dirname, '..', 'test-results', 'server.log'), 'utf8');
    expect(log).toContain('letter signed');
    expect(log).not.toMatch(/\d{16}/);
  });
}
