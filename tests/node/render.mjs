// Renders a page in headless Chromium (Debian's, through puppeteer-core: nothing downloads a browser) and reports
// what the browser built: the elements a test names, by CSS selector, and optionally a PNG screenshot.
// usage: node render.mjs <url> <screenshot.png|-> <selector> [<selector> ...]
import puppeteer from 'puppeteer-core';

const [url, screenshot, ...selectors] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1040, height: 900, deviceScaleFactor: 1 });
  await page.goto(url, { waitUntil: 'load' });
  const counts = {};
  for (const selector of selectors) {
    counts[selector] = await page.$$eval(selector, nodes => nodes.length);
  }
  const title = await page.title();
  const chart = await page.$eval('svg.chart', svg => { const box = svg.getBoundingClientRect(); return { width: box.width, height: box.height }; }).catch(() => null);
  if (screenshot && screenshot !== '-') {
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  console.log(JSON.stringify({ title, counts, chart }));
} finally {
  await browser.close();
}
