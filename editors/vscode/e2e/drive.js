// Drives code-server in headless Chromium: opens the workspace, opens
// appspec.yml, shows the Problems panel and waits for appspec-lint's finding.
// Exits 0 when the finding (rule ID and source) is there, 1 otherwise; always
// writes a screenshot. Every wait has a timeout.
'use strict';
const { chromium } = require('playwright-core');

const url = process.env.E2E_URL; // http://127.0.0.1:PORT
const folder = process.env.E2E_FOLDER;
const file = process.env.E2E_FILE || 'appspec.yml';
const rule = process.env.E2E_RULE || 'AS502';
const screenshot = process.env.E2E_SCREENSHOT;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

function log(msg) {
  console.log(`drive: ${msg}`);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  let ok = false;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30_000);
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout: 30_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench loaded');

    // Open the file from the Explorer.
    const item = page.getByRole('treeitem', { name: file, exact: true });
    await item.waitFor({ timeout: 60_000 });
    await item.click();
    await page.locator(`.tab[aria-label*="${file}"]`).first().waitFor({ timeout: 30_000 });
    log(`${file} open`);

    // Show the Problems panel (the status bar's problems item toggles it).
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    try {
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      await page.locator('#status\\.problems').click();
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
    }
    log('problems panel shown');

    // The server starts, lints, publishes: allow it time, bounded.
    const row = panel.locator('.monaco-list-row', { hasText: rule });
    await row.first().waitFor({ timeout: 60_000 });
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    log(`problem row: ${text}`);
    if (!/appspec-lint\W*/.test(text)) {
      throw new Error(`the ${rule} row does not name appspec-lint as its source: ${text}`);
    }
    // The finding also marks the editor.
    const squiggles = await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count();
    log(`squiggles in the editor: ${squiggles}`);
    if (squiggles === 0) {
      throw new Error('no squiggle in the editor');
    }
    ok = true;
  } catch (err) {
    console.error(`drive: FAILED: ${err && err.message ? err.message : err}`);
  } finally {
    if (screenshot) {
      await page.screenshot({ path: screenshot, timeout: 15_000 }).catch((e) => console.error(`drive: screenshot: ${e}`));
      log(`screenshot: ${screenshot}`);
    }
    await browser.close();
  }
  return ok;
}

const hardStop = setTimeout(() => {
  console.error('drive: FAILED: timed out after 240s');
  process.exit(1);
}, 240_000);
main().then(
  (ok) => {
    clearTimeout(hardStop);
    process.exit(ok ? 0 : 1);
  },
  (err) => {
    console.error(`drive: FAILED: ${err}`);
    process.exit(1);
  },
);
