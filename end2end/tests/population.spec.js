// Population data and identity in Chromium: an admin imports a SIAK export, a resident
// registers with what the record says, asks for a letter for her daughter and reports wrong
// data; a clerk serves someone at the counter and answers the report. No NIK ever appears in
// an address or in the server's log.
const { test, expect } = require('@playwright/test');
const fs = require('node:fs');
const path = require('node:path');
const { attachAll, hydrated, sendRequest, signIn } = require('./helpers');

const SIXTEEN_DIGITS = /\d{16}/;

/** Records every URL the page asks for, to check none carries an identity number. */
function watchUrls(page, seen) {
  page.on('request', (r) => seen.push(r.url()));
  page.on('framenavigated', (f) => seen.push(f.url()));
}

test('import, registration, family and counter requests, data reports', async ({ browser }) => {
  const urls = [];

  // Admin: imports a small SIAK export with one bad row; the page shows the row and reason.
  const admin = await signIn(browser, 'admin', 'serambi123');
  watchUrls(admin, urls);
  await admin.goto('/admin/penduduk');
  await hydrated(admin);
  const csv = [
    'NIK;NO_KK;NAMA_LGKP;TMPT_LHR;TGL_LHR;JENIS_KLMIN;AGAMA;STAT_KWN;JENIS_PKRJN;STAT_HBKEL;NAMA_LGKP_IBU;ALAMAT;NO_RT;NO_RW;NO_PROP;NO_KAB;NO_KEC;NO_KEL',
    '5371041010700123;5371041203200001;LUKAS NDOEN;KUPANG;10-10-1970;LAKI-LAKI;KRISTEN;KAWIN;PETANI;KEPALA KELUARGA;SARA LAY;Jl. Sumba No. 3;2;1;53;71;4;1001',
    '5371045212750123;5371041203200001;RUTH NDOEN;KUPANG;12-12-1975;PEREMPUAN;KRISTEN;KAWIN;MENGURUS RUMAH TANGGA;ISTRI;MARTA LAY;Jl. Sumba No. 3;2;1;53;71;4;1001',
    '5371041111800123;5371041203200001;ANDI NDOEN;KUPANG;11-11-1981;LAKI-LAKI;KRISTEN;BELUM KAWIN;PELAJAR/MAHASISWA;ANAK;RUTH NDOEN;Jl. Sumba No. 3;2;1;53;71;4;1001',
  ].join('\r\n');
  await admin.getByLabel('Pilih berkas CSV').setInputFiles({
    name: 'siak-oebobo.csv',
    mimeType: 'text/csv',
    buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]),
  });
  await admin.getByRole('button', { name: 'Unggah dan impor' }).click();
  const row = admin.locator('table.imports tbody tr').first();
  await expect(row).toContainText('siak-oebobo.csv');
  await expect(row).toContainText('selesai');
  await admin.getByRole('link', { name: 'Rincian' }).first().click();
  const detail = admin.locator('.import-detail');
  await expect(detail).toContainText('3 baris: 2 diterima (2 baru, 0 berubah, 0 sama), 1 ditolak.');
  await expect(detail.locator('table.problems')).toContainText('NIK');
  await expect(detail.locator('table.problems td').first()).toHaveText('4');
  await expect(detail.locator('table.problems')).toContainText('tanggal lahir pada NIK tidak cocok');

  // Someone with no account registers: a wrong answer gets the generic message, then it works.
  const context = await browser.newContext();
  const daniel = await context.newPage();
  watchUrls(daniel, urls);
  await daniel.goto('/daftar');
  await daniel.getByLabel('NIK').fill('5371040406880001');
  await daniel.getByLabel('Nomor KK').fill('5371040101160002');
  await daniel.getByLabel('Tanggal lahir').fill('1988-06-04');
  await daniel.getByLabel('Nama ibu kandung').fill('Yuliana Serang');
  await daniel.getByRole('button', { name: 'Lanjut' }).click();
  await expect(daniel.locator('.form-error')).toContainText('tidak cocok dengan data kependudukan');
  await daniel.getByLabel('Nama ibu kandung').fill('yuliana  seran');
  await daniel.getByRole('button', { name: 'Lanjut' }).click();
  await expect(daniel.locator('.alert.ok')).toContainText('Daniel Tefa');
  await daniel.getByLabel('Kata sandi (paling sedikit 8 karakter)').fill('kemangi di pagi hari');
  await daniel.getByLabel('Ulangi kata sandi').fill('kemangi di pagi hari');
  await daniel.getByRole('button', { name: 'Buat akun' }).click();
  await expect(daniel.getByRole('heading', { level: 1 })).toContainText('Selamat datang, Daniel Tefa');
  await expect(daniel.locator('.record')).toContainText('DANIEL TEFA');

  // Maria asks for a Domisili letter for her daughter Anita, on the same KK.
  const maria = await signIn(browser, '5371045505900001', 'warga123');
  watchUrls(maria, urls);
  await expect(maria.locator('ul.family')).toContainText('ANITA LENDE');
  await maria.getByRole('link', { name: 'Ajukan surat baru' }).click();
  await maria.getByRole('link', { name: /Surat Keterangan Domisili/ }).click();
  await hydrated(maria);
  await maria.getByLabel('Surat ini untuk').selectOption({ label: 'ANITA LENDE (ANAK)' });
  await maria.getByLabel('Keperluan').fill('Pendaftaran sekolah');
  await attachAll(maria);
  await sendRequest(maria);
  await expect(maria.locator('.on-behalf')).toContainText('Untuk ANITA LENDE');
  await expect(maria.locator('.on-behalf')).toContainText('anggota KK');

  // Maria reports that her occupation is wrong.
  await maria.goto('/data-saya/laporan');
  await hydrated(maria);
  await maria.getByLabel('Pekerjaan').check();
  await maria.getByLabel('Apa yang salah, dan seharusnya bagaimana?').fill('Saya guru SD, bukan wiraswasta.');
  await maria.getByRole('button', { name: 'Kirim laporan' }).click();
  await expect(maria.locator('[role="status"]')).toContainText('Laporan terkirim');
  await expect(maria.locator('ul.corrections')).toContainText('Menunggu');

  // The clerk serves Lukas (just imported) at the counter and answers Maria's report.
  const clerk = await signIn(browser, 'petugas.oebobo', 'serambi123');
  watchUrls(clerk, urls);
  await clerk.getByRole('link', { name: 'Layanan loket' }).click();
  await hydrated(clerk);
  await clerk.getByLabel('NIK warga (dari KTP atau KK)').fill('5371041010700123');
  await clerk.getByRole('button', { name: 'Cari data' }).click();
  await expect(clerk.locator('.record')).toContainText('LUKAS NDOEN');
  await expect(clerk.getByText('Warga ini belum punya akun')).toBeVisible();
  await clerk.getByLabel('Jenis surat').selectOption('domisili');
  await clerk.getByLabel('Keperluan').fill('Mengurus BPJS');
  await attachAll(clerk);
  await sendRequest(clerk);
  await expect(clerk.locator('.on-behalf')).toContainText('di loket kelurahan');
  await expect(clerk.locator('.badge')).toContainText('Diajukan');

  await clerk.goto('/laporan-data');
  await hydrated(clerk);
  const report = clerk.locator('li.correction').first();
  await expect(report).toContainText('MARIA GORETI LENDE');
  await report.getByLabel('Tanggapan untuk warga').fill('Sudah diteruskan ke Dukcapil.');
  await report.getByRole('button', { name: 'Tandai selesai' }).click();
  await expect(clerk.locator('li.correction').first()).toContainText('Tanggapan: Sudah diteruskan ke Dukcapil.');
  await maria.reload();
  await hydrated(maria);
  await expect(maria.locator('ul.corrections')).toContainText('Sudah ditanggapi');

  // No identity number in any address that was asked for, nor in the server's log.
  expect(urls.length).toBeGreaterThan(20);
  for (const u of urls) expect(u).not.toMatch(SIXTEEN_DIGITS);
  const log = fs.readFileSync(path.join(__dirname, '..', 'test-results', 'server.log'), 'utf8');
  expect(log).not.toMatch(SIXTEEN_DIGITS);
  expect(log).toContain('population imported');
  expect(log).toContain('resident registered');
});
