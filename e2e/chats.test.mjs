// Browser end-to-end test of the chat sidebar: the unchanged Open WebUI 0.12.4
// frontend, served by `owui serve`, driven in Debian's Chromium through
// playwright-core. The data is set up and checked with owui's own CLI, which
// works on the same database while the server runs.
//
// Flows, in order (each one builds on the previous one):
//   a. setup without the UI: `owui users create` makes the admin and
//      `owui chats import` four chats, before the server starts; the admin
//      then signs in through the /auth form;
//   b. the sidebar lists the chats; clicking one opens /c/<id> with its
//      messages;
//   c. the sidebar chat menu renames a chat (`chats show --json` has the new
//      title);
//   d. the menu pins a chat (`pinned: true`) and the sidebar shows it under
//      "Pinned";
//   e. the menu archives a chat (`chats list --archived` has it, `chats list`
//      no longer does);
//   f. the menu deletes a chat after the confirmation dialog (gone from the
//      CLI's lists);
//   g. a folder created in the sidebar's "Folders" section (`folders list`
//      has it) receives a chat through the menu's "Move" submenu (the chat's
//      `folder_id`);
//   h. the chat page's "..." menu tags the open chat (`chats show --json` has
//      the tag in meta.tags, `chats search tag:X` finds it).
//
// Environment: as signin.test.mjs (OWUI_BIN, OWUI_FRONTEND, CHROMIUM_PATH,
// E2E_KEEP_DATA=1, E2E_SCREENSHOTS=1).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const ARTIFACTS = path.join(HERE, 'artifacts');

const OWUI_BIN = process.env.OWUI_BIN || path.join(ROOT, 'target', 'debug', 'owui');
const FRONTEND =
  process.env.OWUI_FRONTEND ||
  path.join(
    process.env.OWUI_E2E_CACHE || path.join(os.homedir(), '.cache', 'owui-e2e'),
    'open-webui-0.12.4',
    'open_webui',
    'frontend',
  );
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const HEALTH_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 90_000;
const ACTION_TIMEOUT_MS = 20_000;
const NAV_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 15_000;
const SETTLE_TIMEOUT_MS = 15_000;

const ADMIN = { name: 'Ada', email: 'ada@example.com', password: 'correct-horse-42' };

/** A chat in Open WebUI's export format: one user message and its answer. */
function exportedChat(title, prompt, timestamp) {
  const t = Math.floor(timestamp / 1000);
  return {
    chat: {
      title,
      models: [],
      messages: [],
      history: {
        currentId: 'm2',
        messages: {
          m1: { id: 'm1', parentId: null, childrenIds: ['m2'], role: 'user', content: prompt, timestamp: t },
          m2: { id: 'm2', parentId: 'm1', childrenIds: [], role: 'assistant', content: `Echo: ${prompt}`, timestamp: t + 1 },
        },
      },
    },
    timestamp,
  };
}

const CHATS = [
  exportedChat('Alpha chat', 'hello alpha', 1_700_000_000_000),
  exportedChat('Beta chat', 'hello beta', 1_700_000_100_000),
  exportedChat('Gamma chat', 'hello gamma', 1_700_000_200_000),
  exportedChat('Delta chat', 'hello delta', 1_700_000_300_000),
];
const FOLDER = 'Projects';
const TAG = 'work';
const RENAMED = 'Beta renamed in the sidebar';

// ---------------------------------------------------------------------------
// shared state

let server; // child process
let serverLog = '';
let baseUrl;
let dataDir;
let profileDir;
let context; // playwright persistent context
let page;
let stopped = false; // a previous step failed: later steps are skipped
const chatIds = {}; // title -> id, from the CLI after the import

/** `METHOD /api/... -> status` for every API response >= 400, and every API
 * response that came back as HTML (an unknown route falling through to the SPA). */
const apiProblems = [];
const consoleErrors = [];

// ---------------------------------------------------------------------------
// helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth() {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `owui exited early (code ${server.exitCode}, signal ${server.signalCode})\n${tail(serverLog)}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      const text = await res.text();
      if (res.ok) {
        const body = JSON.parse(text);
        if (body.status === true) return;
      }
      last = `${res.status} ${text.slice(0, 200)}`;
    } catch (err) {
      last = String(err.message || err);
    }
    await sleep(200);
  }
  throw new Error(`/health not ready after ${HEALTH_TIMEOUT_MS} ms (last: ${last})\n${tail(serverLog)}`);
}

function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

/** Call the API from the test itself (not through the page). */
async function api(pathname, { token, method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseUrl}${pathname}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') || '', json, text };
}

function describeResponse(r) {
  return `${r.status} ${r.contentType} ${r.text.replace(/\s+/g, ' ').slice(0, 300)}`;
}

/** Assert a 200 JSON answer and return its body. */
function okJson(r, what) {
  assert.equal(r.status, 200, `${what}: ${describeResponse(r)}`);
  assert.ok(r.json !== undefined && r.contentType.includes('json'), `${what} answers JSON: ${describeResponse(r)}`);
  return r.json;
}

async function pageToken() {
  return page.evaluate(() => localStorage.getItem('token'));
}

function pathnameOf(url) {
  return new URL(url).pathname;
}

async function waitForPath(pathname, timeout = NAV_TIMEOUT_MS) {
  await page.waitForURL((u) => u.pathname === pathname, { timeout });
}

/** The "What's New in Open WebUI" release-notes modal covers the page a
 * moment after the chat page loads (admins, first sign-in): close it. */
async function dismissWhatsNew(waitMs = 4_000) {
  const button = page.getByRole('button', { name: "Okay, Let's Go!" });
  try {
    await button.waitFor({ state: 'visible', timeout: waitMs });
  } catch {
    return false;
  }
  await button.click();
  await button.waitFor({ state: 'hidden', timeout: ACTION_TIMEOUT_MS });
  return true;
}

async function expectChatPage() {
  await waitForPath('/');
  await page.locator('#chat-input').waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
  if (await dismissWhatsNew()) await snap('whats-new-closed');
  await snap('chat-page');
  assert.ok(await page.locator('#chat-input').isVisible(), '#chat-input is visible on the chat page');
}

async function expectSignInForm() {
  await page.locator('input#email').waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
  assert.ok(await page.locator('input[type="password"]').first().isVisible(), 'password field visible');
  assert.ok(
    await page.locator('button[type="submit"]', { hasText: 'Sign in' }).isVisible(),
    '"Sign in" submit button visible',
  );
  assert.equal(await page.locator('input#name').count(), 0, 'no name field on the sign-in form');
}

async function signInThroughUi({ email, password }) {
  await expectSignInForm();
  await page.locator('input#email').fill(email);
  await page.locator('input[type="password"]').first().fill(password);
  await snap('signin-form');
  await page.locator('button[type="submit"]', { hasText: 'Sign in' }).click();
  await expectChatPage();
}

/** With E2E_SCREENSHOTS=1, save what the page shows at a checkpoint. */
let snapCount = 0;
async function snap(name) {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  snapCount += 1;
  const file = path.join(ARTIFACTS, `chats-${String(snapCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: 10_000 }).catch(() => {});
}

async function dumpDiagnostics(name, err) {
  const safe = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  const lines = [`\n=== ${name} failed: ${err && err.message ? err.message.split('\n')[0] : err}`];
  if (page && !page.isClosed()) {
    lines.push(`page url: ${page.url()}`);
    const toasts = await page
      .locator('[data-sonner-toast]')
      .allInnerTexts()
      .catch(() => []);
    if (toasts.length) lines.push(`toasts on the page: ${toasts.map((t) => JSON.stringify(t.trim())).join(', ')}`);
    const shot = path.join(ARTIFACTS, `chats-${safe}.png`);
    try {
      await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 });
      lines.push(`screenshot: ${path.relative(ROOT, shot)}`);
    } catch (e) {
      lines.push(`screenshot failed: ${e.message}`);
    }
  }
  lines.push(`API responses >= 400 or HTML (${apiProblems.length}):`);
  lines.push(...collapse(apiProblems).map((l) => `  ${l}`));
  lines.push(`console errors (${consoleErrors.length}):`);
  lines.push(...collapse(consoleErrors.map((e) => e.slice(0, 300))).map((l) => `  ${l}`));
  lines.push('server log (tail):', tail(serverLog));
  console.error(lines.join('\n'));
}

function collapse(items) {
  const counts = new Map();
  for (const item of items) counts.set(item, (counts.get(item) || 0) + 1);
  return [...counts].map(([item, n]) => (n > 1 ? `${item} (x${n})` : item));
}

/** A test step: skipped once an earlier step failed; on failure it prints the
 * recorded API errors, console errors and server log and takes a screenshot. */
function step(name, fn) {
  it(name, { timeout: STEP_TIMEOUT_MS }, async (t) => {
    if (stopped) {
      t.skip('an earlier step failed');
      return;
    }
    // fail (with diagnostics) a little before the runner's own timeout would
    // cancel the step without them
    let timer;
    const overtime = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`step still running after ${STEP_TIMEOUT_MS - 10_000} ms`)),
        STEP_TIMEOUT_MS - 10_000,
      );
    });
    try {
      await Promise.race([fn(t), overtime]);
    } catch (err) {
      stopped = true;
      await dumpDiagnostics(name, err);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  });
}

// ---------------------------------------------------------------------------
// the CLI, on the server's data directory

/** Run `owui --data-dir D ARGS`; resolves with its output, rejects on a
 * non-zero exit. */
function owui(args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      OWUI_BIN,
      ['--data-dir', dataDir, ...args],
      { timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`owui ${args.join(' ')} failed (${err.code ?? err.signal}): ${stderr || stdout}`));
        } else resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

async function owuiJson(args) {
  const out = await owui(['--json', ...args]);
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`owui --json ${args.join(' ')} did not print JSON: ${out.slice(0, 300)}`);
  }
}

const listChats = () => owuiJson(['chats', 'list']);
const listArchived = () => owuiJson(['chats', 'list', '--archived']);
const showChat = (id) => owuiJson(['chats', 'show', id]);

/** Poll `probe` (async, returns a value or throws) until `check(value)` holds:
 * the frontend's request may still be on its way when the UI has changed. */
async function eventually(what, probe, check, timeout = SETTLE_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (check(last)) return last;
    } catch (err) {
      last = `error: ${err.message}`;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not true after ${timeout} ms; last seen: ${JSON.stringify(last).slice(0, 600)}`);
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------
// the sidebar

/** The sidebar entry of a chat (the pinned list and the chat list may both
 * show it: take the first visible one). */
function sidebarItem(id) {
  return page.locator(`[data-sidebar-chat-id="${id}"]`).filter({ visible: true }).first();
}

function sidebarLink(id) {
  return page.locator(`a[href="/c/${id}"]`).filter({ visible: true }).first();
}

/** The sidebar starts collapsed (its chat list is then inert): open it. */
async function openSidebar() {
  await dismissWhatsNew(300);
  const close = page.getByRole('button', { name: 'Close Sidebar' }).filter({ visible: true });
  if ((await close.count()) > 0) return;
  await page.getByRole('button', { name: 'Open Sidebar' }).filter({ visible: true }).first().click();
  await close.first().waitFor({ state: 'visible' });
}

/** Hover a chat's sidebar entry, open its "..." menu and click `item`. */
async function chatMenu(id, item) {
  await dismissWhatsNew(300);
  const entry = sidebarItem(id);
  await entry.scrollIntoViewIfNeeded();
  await entry.hover();
  const button = entry.getByRole('button', { name: 'Chat Menu' });
  await button.waitFor({ state: 'visible' });
  await button.click();
  const menuItem = page.getByRole('menuitem', { name: item, exact: true });
  await menuItem.waitFor({ state: 'visible' });
  await snap(`chat-menu-${item.toLowerCase()}`);
  await menuItem.click();
}

// ---------------------------------------------------------------------------
// the suite

describe('owui serves the Open WebUI frontend: the chat sidebar', () => {
  before(async () => {
    assert.ok(fs.existsSync(OWUI_BIN), `owui binary not found at ${OWUI_BIN} (cargo build)`);
    assert.ok(
      fs.existsSync(path.join(FRONTEND, 'index.html')),
      `frontend not found at ${FRONTEND} (set OWUI_FRONTEND or run e2e/run.sh)`,
    );
    assert.ok(fs.existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}`);
    await fsp.mkdir(ARTIFACTS, { recursive: true });

    dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'owui-e2e-data-'));
    profileDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'owui-e2e-chromium-'));

    // the admin and the chats come from the CLI, before the server starts
    await owui(
      ['users', 'create', '--name', ADMIN.name, '--email', ADMIN.email, '--password-stdin', '--role', 'admin'],
      { input: `${ADMIN.password}\n` },
    );
    const importFile = path.join(dataDir, 'e2e-chats.json');
    await fsp.writeFile(importFile, JSON.stringify(CHATS));
    await owui(['chats', 'import', importFile]);
    const listed = await listChats();
    for (const { chat } of CHATS) {
      const found = listed.find((c) => c.title === chat.title);
      assert.ok(found, `chats import created "${chat.title}": ${JSON.stringify(listed).slice(0, 400)}`);
      chatIds[chat.title] = found.id;
    }

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const args = ['--data-dir', dataDir, 'serve', '--host', '127.0.0.1', '--port', String(port), '--frontend', FRONTEND];
    server = spawn(OWUI_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const logFile = fs.createWriteStream(path.join(ARTIFACTS, 'chats-server.log'));
    for (const stream of [server.stdout, server.stderr]) {
      stream.on('data', (chunk) => {
        serverLog += chunk.toString();
        if (serverLog.length > 200_000) serverLog = serverLog.slice(-100_000);
        logFile.write(chunk);
      });
    }
    server.on('error', (err) => {
      serverLog += `\nspawn error: ${err.message}\n`;
    });
    await waitForHealth();

    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
    page = context.pages()[0] || (await context.newPage());

    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.origin !== baseUrl) return;
      if (!url.pathname.startsWith('/api/')) return;
      const type = res.headers()['content-type'] || '';
      const what = `${res.request().method()} ${url.pathname}`;
      if (res.status() >= 400) {
        const idx = apiProblems.push(`${what} -> ${res.status()}`) - 1;
        res
          .text()
          .then((body) => {
            const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 200);
            if (snippet) apiProblems[idx] += ` ${snippet}`;
          })
          .catch(() => {});
      } else if (type.includes('text/html')) apiProblems.push(`${what} -> ${res.status()} (HTML, not JSON)`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  });

  after(async () => {
    const summary = [
      `API responses >= 400 or HTML over the run (${apiProblems.length}):`,
      ...collapse(apiProblems).map((l) => `  ${l}`),
      `console errors over the run (${consoleErrors.length}):`,
      ...collapse(consoleErrors.map((e) => e.slice(0, 300))).map((l) => `  ${l}`),
    ].join('\n');
    try {
      await fsp.mkdir(ARTIFACTS, { recursive: true });
      await fsp.writeFile(path.join(ARTIFACTS, 'chats-browser.log'), summary + '\n');
    } catch {
      // artifacts are best effort
    }
    if (context) await context.close().catch(() => {});
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const exited = await Promise.race([
        new Promise((r) => server.once('exit', () => r(true))),
        sleep(5_000).then(() => false),
      ]);
      if (!exited) server.kill('SIGKILL');
    }
    if (profileDir) await fsp.rm(profileDir, { recursive: true, force: true }).catch(() => {});
    if (dataDir && process.env.E2E_KEEP_DATA !== '1') {
      await fsp.rm(dataDir, { recursive: true, force: true }).catch(() => {});
    }
  });

  step('a. the CLI-made admin signs in through the /auth form', async () => {
    const config = okJson(await api('/api/config'), 'GET /api/config');
    assert.notEqual(config.onboarding, true, 'no onboarding: the CLI created the admin');

    await page.goto(`${baseUrl}/auth`);
    await signInThroughUi(ADMIN);

    const token = await pageToken();
    assert.ok(token, 'sign-in stores a token');
    const me = okJson(await api('/api/v1/auths/', { token }), 'GET /api/v1/auths/');
    assert.equal(me.email, ADMIN.email);
    assert.equal(me.role, 'admin');
  });

  step('b. the sidebar lists the imported chats; clicking one opens it', async () => {
    await openSidebar();
    for (const { chat } of CHATS) {
      const link = sidebarLink(chatIds[chat.title]);
      await link.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
      assert.equal((await link.innerText()).split('\n')[0].trim(), chat.title, 'the sidebar link shows the title');
    }
    const titles = await page.locator('a[href^="/c/"]').filter({ visible: true }).allInnerTexts();
    for (const { chat } of CHATS) {
      assert.ok(
        titles.some((t) => t.includes(chat.title)),
        `"${chat.title}" among the sidebar links: ${JSON.stringify(titles)}`,
      );
    }
    await snap('sidebar');

    const alpha = chatIds['Alpha chat'];
    await sidebarLink(alpha).click();
    await waitForPath(`/c/${alpha}`);
    await page.getByText('hello alpha', { exact: true }).first().waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await page.getByText('Echo: hello alpha').first().waitFor({ state: 'visible' });
    await snap('alpha-open');
  });

  step('c. the sidebar chat menu renames a chat', async () => {
    const beta = chatIds['Beta chat'];
    await chatMenu(beta, 'Rename');
    const input = page.locator(`#chat-title-input-${beta}`);
    await input.waitFor({ state: 'visible' });
    await input.fill(RENAMED);
    await input.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await sidebarLink(beta).filter({ hasText: RENAMED }).waitFor({ state: 'visible' });
    await snap('renamed');

    await eventually(
      'chats show --json has the new title',
      () => showChat(beta),
      (c) => c.title === RENAMED,
    );
    const listed = await listChats();
    assert.ok(
      listed.some((c) => c.id === beta && c.title === RENAMED),
      `chats list shows the new title: ${JSON.stringify(listed)}`,
    );
  });

  step('d. the sidebar chat menu pins a chat', async () => {
    const alpha = chatIds['Alpha chat'];
    assert.equal((await showChat(alpha)).pinned, false, 'not pinned before');
    await chatMenu(alpha, 'Pin');
    await eventually(
      'chats show --json says pinned',
      () => showChat(alpha),
      (c) => c.pinned === true,
    );
    // the sidebar's "Pinned" section shows it
    await page.getByText('Pinned', { exact: true }).first().waitFor({ state: 'visible' });
    await snap('pinned');
    // the menu now offers "Unpin"
    const entry = sidebarItem(alpha);
    await entry.hover();
    await entry.getByRole('button', { name: 'Chat Menu' }).click();
    await page.getByRole('menuitem', { name: 'Unpin', exact: true }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: 'Unpin', exact: true }).waitFor({ state: 'hidden' });
  });

  step('e. the sidebar chat menu archives a chat', async () => {
    const beta = chatIds['Beta chat'];
    await chatMenu(beta, 'Archive');
    await page.locator(`a[href="/c/${beta}"]`).filter({ visible: true }).first().waitFor({ state: 'hidden' });
    await snap('archived');

    await eventually(
      'chats list --archived has the chat',
      listArchived,
      (list) => list.some((c) => c.id === beta),
    );
    const active = await listChats();
    assert.ok(!active.some((c) => c.id === beta), `chats list no longer shows it: ${JSON.stringify(active)}`);
    assert.equal((await showChat(beta)).archived, true, 'chats show --json says archived');
  });

  step('f. the sidebar chat menu deletes a chat after confirmation', async () => {
    const gamma = chatIds['Gamma chat'];
    await chatMenu(gamma, 'Delete');
    const dialog = page.getByRole('dialog').filter({ hasText: 'Gamma chat' });
    await dialog.waitFor({ state: 'visible' });
    await snap('delete-confirm');
    await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.locator(`a[href="/c/${gamma}"]`).first().waitFor({ state: 'detached' });
    await snap('deleted');

    await eventually(
      'chats list no longer has the chat',
      listChats,
      (list) => !list.some((c) => c.id === gamma),
    );
    const archived = await listArchived();
    assert.ok(!archived.some((c) => c.id === gamma), `not archived either: ${JSON.stringify(archived)}`);
    await assert.rejects(showChat(gamma), 'chats show fails for a deleted chat');
    // the other chats are still there
    const alpha = await showChat(chatIds['Alpha chat']);
    assert.equal(alpha.pinned, true);
  });

  step('g. a folder made in the sidebar receives a chat through the menu', async () => {
    await dismissWhatsNew(300);
    await page.getByRole('button', { name: 'New Folder', exact: true }).filter({ visible: true }).first().click();
    const nameField = page.locator('#folder-name');
    await nameField.waitFor({ state: 'visible' });
    await nameField.fill(FOLDER);
    await snap('folder-modal');
    await page.locator('form').filter({ has: nameField }).getByRole('button', { name: 'Save', exact: true }).click();
    await nameField.waitFor({ state: 'hidden' });
    await page.locator('#sidebar-folders-content').getByText(FOLDER, { exact: true }).first().waitFor({ state: 'visible' });

    const folders = await eventually(
      'folders list has the new folder',
      () => owuiJson(['folders', 'list']),
      (list) => Array.isArray(list) && list.some((f) => f.name === FOLDER),
    );
    const folderId = folders.find((f) => f.name === FOLDER).id;
    assert.ok(folderId, `the folder has an id: ${JSON.stringify(folders)}`);

    const delta = chatIds['Delta chat'];
    assert.equal((await showChat(delta)).folder_id, null, 'in no folder before');
    await chatMenu(delta, 'Move');
    const target = page.getByRole('menuitem', { name: FOLDER, exact: true });
    await target.waitFor({ state: 'visible' });
    await snap('move-submenu');
    await target.click();
    await eventually(
      'chats show --json has the folder',
      () => showChat(delta),
      (c) => c.folder_id === folderId,
    );
    await snap('moved');
  });

  step('h. the chat page menu tags the open chat', async () => {
    const alpha = chatIds['Alpha chat'];
    if (pathnameOf(page.url()) !== `/c/${alpha}`) {
      await sidebarLink(alpha).click();
      await waitForPath(`/c/${alpha}`);
    }
    await page.getByText('hello alpha', { exact: true }).first().waitFor({ state: 'visible' });
    await dismissWhatsNew(300);
    await page.locator('#chat-context-menu-button').filter({ visible: true }).first().click();
    const tagInput = page.getByPlaceholder('Add a tag...').filter({ visible: true }).first();
    await tagInput.waitFor({ state: 'visible' });
    await tagInput.fill(TAG);
    await tagInput.press('Enter');
    await snap('tag-added');

    await eventually(
      'chats show --json has the tag',
      () => showChat(alpha),
      (c) => Array.isArray(c.meta?.tags) && c.meta.tags.includes(TAG),
    );
    const found = await owuiJson(['chats', 'search', `tag:${TAG}`]);
    assert.ok(
      Array.isArray(found) && found.some((c) => c.id === alpha),
      `chats search tag:${TAG} finds the chat: ${JSON.stringify(found).slice(0, 400)}`,
    );
    await page.keyboard.press('Escape');
  });
});
