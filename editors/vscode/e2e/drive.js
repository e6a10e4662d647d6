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
const binary = process.env.E2E_BINARY; // the good appspec.path
const logs = process.env.E2E_LOGS; // code-server's logs folder, which holds the output channel's log

function log(msg) {
  console.log(`drive: ${msg}`);
}

// How many times the extension started a server, from its output channel.
function serverStarts() {
  const fs = require('node:fs');
  const path = require('node:path');
  let n = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.includes('AppSpec Lint')) n += (fs.readFileSync(p, 'utf8').match(/^starting /gm) || []).length;
    }
  };
  walk(logs);
  return n;
}

async function waitFor(what, cond, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
}

// Runs a command from the command palette (F1), by its exact title.
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
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
    if (!new RegExp(`appspec-lint\\W*${rule}\\b`).test(text)) {
      throw new Error(`the ${rule} row does not name appspec-lint as its source: ${text}`);
    }
    // The finding also marks the editor.
    const squiggles = await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count();
    log(`squiggles in the editor: ${squiggles}`);
    if (squiggles === 0) {
      throw new Error('no squiggle in the editor');
    }

    // The restart command starts a new server, which lints the file again.
    const before = serverStarts();
    await runCommand(page, 'AppSpec: Restart Language Server');
    await waitFor('a server start after the restart command', () => serverStarts() > before, 30_000);
    await row.first().waitFor({ timeout: 30_000 });
    log(`restart command: server started again (${serverStarts()} starts), ${rule} still shown`);

    // A wrong appspec.path, typed in the Settings editor as a user would: the
    // change restarts the server (the old client's findings go), and the user
    // gets a message naming the path with an Open Settings button.
    await runCommand(page, 'Preferences: Open User Settings');
    const settingsEditor = page.locator('.settings-editor');
    await settingsEditor.waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.type('appspec.path');
    // appspec.path is a machine setting: in code-server (a remote window) it
    // is in the Remote tab, not the User one.
    await settingsEditor.locator('.settings-tabs-widget .action-label', { hasText: /^Remote/ }).first().click();
    const pathSetting = settingsEditor.locator('.setting-item', { hasText: 'Path to the' }).first();
    await pathSetting.waitFor({ timeout: 30_000 });
    const pathInput = pathSetting.locator('input').first();
    const missing = `${binary}-missing`;
    await pathInput.fill(missing);
    await row.first().waitFor({ state: 'detached', timeout: 30_000 });
    log('changing appspec.path restarted the server and cleared the finding');
    const toast = page.locator('.notification-toast', { hasText: 'not an executable file' });
    await toast.waitFor({ timeout: 30_000 });
    const toastText = (await toast.innerText()).replace(/\s+/g, ' ');
    log(`notification: ${toastText}`);
    if (!toastText.includes(missing)) {
      throw new Error(`the notification does not name the path: ${toastText}`);
    }
    if (screenshot) {
      const shot = screenshot.replace(/\.png$/, '') + '-not-found.png';
      await page.screenshot({ path: shot, timeout: 15_000 });
      log(`screenshot: ${shot}`);
    }
    // Bring appspec.yml to the front, so that the button is seen to open the
    // settings, on the Remote tab where a machine setting lives.
    await page.locator(`.tab[aria-label*="${file}"]`).first().click();
    await settingsEditor.waitFor({ state: 'hidden', timeout: 10_000 });
    await toast.getByRole('button', { name: 'Open Settings' }).click();
    await settingsEditor.locator('.setting-item', { hasText: 'Path to the' }).first().waitFor({ timeout: 30_000 });
    const tab = (await settingsEditor.locator('.settings-tabs-widget .action-label.checked').first().innerText()).trim();
    if (!tab.startsWith('Remote')) {
      throw new Error(`Open Settings showed the ${tab} tab, where appspec.path is not listed`);
    }
    log(`Open Settings shows appspec.path on the ${tab} tab`);

    // Put the right path back: the server restarts and the finding returns.
    await settingsEditor.locator('.setting-item', { hasText: 'Path to the' }).first().locator('input').first().fill(binary);
    await row.first().waitFor({ timeout: 60_000 });
    log(`${rule} is back after the setting was fixed`);

    // appspec.json: jsonValidation hands VS Code's own JSON support the
    // shipped schema, so a key the schema forbids gets a schema problem from
    // VS Code next to appspec-lint's finding (AS212).
    const jsonItem = page.getByRole('treeitem', { name: 'appspec.json', exact: true });
    await jsonItem.click();
    await page.locator('.tab[aria-label*="appspec.json"]').first().waitFor({ timeout: 30_000 });
    const bogus = panel.locator('.monaco-list-row', { hasText: 'Bogus' });
    await panel.locator('.monaco-list-row', { hasText: 'AS212' }).first().waitFor({ timeout: 60_000 });
    const schemaRow = bogus.filter({ hasNotText: 'appspec-lint' }).first();
    await schemaRow.waitFor({ timeout: 60_000 });
    log(`appspec.json schema problem (jsonValidation): ${(await schemaRow.innerText()).replace(/\s+/g, ' ')}`);

    // deploy/prod.yaml is an appspec only through appspec.files
    // ("deploy/*.yaml"): the client must send it (document selector) and the
    // server must accept it (initializationOptions.globs).
    await page.getByRole('treeitem', { name: 'deploy', exact: true }).click();
    await page.getByRole('treeitem', { name: 'prod.yaml', exact: true }).click();
    await page.locator('.tab[aria-label*="prod.yaml"]').first().waitFor({ timeout: 30_000 });
    const globRow = panel.locator('.monaco-list-row', { hasText: 'AfterInstal`' }).first();
    await globRow.waitFor({ timeout: 60_000 });
    log(`deploy/prod.yaml (appspec.files): ${(await globRow.innerText()).replace(/\s+/g, ' ')}`);

    // legacy/AppSpec.yml: the standard name in another letter case is sent
    // to the server, which reports the name (AS103).
    await page.getByRole('treeitem', { name: 'legacy', exact: true }).click();
    await page.getByRole('treeitem', { name: 'AppSpec.yml', exact: true }).click();
    await page.locator('.tab[aria-label*="AppSpec.yml"]').first().waitFor({ timeout: 30_000 });
    const caseRow = panel.locator('.monaco-list-row', { hasText: 'AS103' }).first();
    await caseRow.waitFor({ timeout: 60_000 });
    log(`legacy/AppSpec.yml (letter case): ${(await caseRow.innerText()).replace(/\s+/g, ' ')}`);
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
