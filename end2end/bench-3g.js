// First-load benchmark on slow links (issue 14), in Debian's Chromium with CDP network throttling.
// Run through `scripts/bench-3g`, which starts a server with demo data and passes:
//   SERAMBI_BENCH_URL   the server, e.g. http://127.0.0.1:3199
//   SERAMBI_BENCH_LETTER a registered letter's id (for /v/{id})
// For each page and profile it prints, for a first visit (empty cache) and a repeat visit (same
// browser profile, cache warm):
//   shown    the form (or the verification result) is on screen: with no JavaScript needed to
//            submit, the form works from here;
//   hydrated the app's script has loaded and taken over (`.app[data-hydrated]`), or "-" when the
//            page ships none;
//   bytes    transferred over the network (compressed bodies plus headers).
const { chromium } = require('@playwright/test');

const base = process.env.SERAMBI_BENCH_URL || 'http://127.0.0.1:3199';
const letter = process.env.SERAMBI_BENCH_LETTER;
const runs = Number(process.env.SERAMBI_BENCH_RUNS || 3);

const profiles = [
  { name: '3G (750 kbps, 100 ms)', kbps: 750, latency: 100 },
  { name: 'slow 3G (400 kbps, 400 ms)', kbps: 400, latency: 400 },
];

const pages = [
  { name: '/masuk', path: '/masuk', ready: 'form[method="post"] input[name="password"], form input[type="password"]' },
  { name: '/permohonan/baru?jenis=domisili', path: '/permohonan/baru?jenis=domisili', ready: 'form', login: true },
  { name: '/lacak', path: '/lacak', ready: 'form[method="post"] input[name="reference"]' },
  { name: '/v/{id}', path: letter ? `/v/${letter}` : null, ready: 'main h1' },
];

const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

async function sessionCookie() {
  const r = await fetch(`${base}/api/masuk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: { login: '5371045505900001', password: 'warga123' } }),
  });
  const set = r.headers.get('set-cookie');
  if (!r.ok || !set) throw new Error(`login failed: ${r.status}`);
  const [name, value] = set.split(';')[0].split('=');
  return { name, value, url: base };
}

/** One visit: milliseconds until shown and until hydrated, and bytes transferred. */
async function visit(context, profile, page) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: (profile.kbps * 1000) / 8,
    uploadThroughput: (profile.kbps * 1000) / 8,
  });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
  });
  const started = Date.now();
  await tab.goto(base + page.path, { waitUntil: 'commit' });
  await tab.waitForSelector(page.ready, { timeout: 120_000 });
  const shown = Date.now() - started;
  let hydrated = null;
  const scripts = await tab.locator('script[src], link[rel="modulepreload"]').count();
  if (scripts > 0) {
    await tab.waitForSelector('.app[data-hydrated="true"]', { timeout: 120_000 });
    hydrated = Date.now() - started;
  }
  await tab.waitForLoadState('networkidle');
  await tab.close();
  return { shown, hydrated, bytes };
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
  const cookie = await sessionCookie();
  console.log(`Server ${base}; median of ${runs} runs; times in ms from navigation start.`);
  console.log('page'.padEnd(34) + 'profile'.padEnd(28) + 'visit'.padEnd(8) + 'shown'.padStart(7) + 'hydrated'.padStart(10) + 'bytes'.padStart(10));
  for (const page of pages) {
    if (!page.path) {
      console.log(`${page.name}: skipped (no SERAMBI_BENCH_LETTER)`);
      continue;
    }
    for (const profile of profiles) {
      const results = { first: [], repeat: [] };
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext();
        if (page.login) await context.addCookies([cookie]);
        results.first.push(await visit(context, profile, page));
        results.repeat.push(await visit(context, profile, page));
        await context.close();
      }
      for (const kind of ['first', 'repeat']) {
        const r = results[kind];
        const hydrated = r.every((x) => x.hydrated === null) ? '-' : String(median(r.map((x) => x.hydrated ?? 0)));
        console.log(
          page.name.padEnd(34) +
            profile.name.padEnd(28) +
            kind.padEnd(8) +
            String(median(r.map((x) => x.shown))).padStart(7) +
            hydrated.padStart(10) +
            String(median(r.map((x) => x.bytes))).padStart(10),
        );
      }
    }
  }
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
