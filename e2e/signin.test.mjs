// Browser end-to-end test: the unchanged Open WebUI 0.12.4 frontend, served by
// `owui serve`, driven in Debian's Chromium through playwright-core.
//
// Flows, in order (each one builds on the previous one):
//   a. onboarding: the first account is created as admin through the welcome
//      screen and the admin sign-up form, and lands on the chat page;
//   b. sign out through the sidebar user menu, sign back in with email and
//      password, and stay signed in across a reload;
//   c. the admin adds a plain user in the admin panel, signs out, and that
//      user signs in and reaches the chat page.
//
// Environment:
//   OWUI_BIN        the owui binary (default: ../target/debug/owui)
//   OWUI_FRONTEND   the built frontend directory (default: the one e2e/run.sh
//                   unpacks, $OWUI_E2E_CACHE or ~/.cache/owui-e2e, then
//                   open-webui-0.12.4/open_webui/frontend)
//   CHROMIUM_PATH   the browser (default: /usr/bin/chromium)
//   E2E_KEEP_DATA=1 keep the server's temporary data directory
//   E2E_SCREENSHOTS=1 also save a screenshot at each checkpoint in artifacts/

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

const ADMIN = { name: 'Ada Admin', email: 'admin@example.com', password: 'correct-horse-42' };
const MEMBER = { name: 'Bob Member', email: 'bob@example.com', password: 'battery-staple-77' };

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
let adminId;

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

/** Open the sidebar's user menu (it names the signed-in user) and click
 * "Sign Out". */
async function signOutThroughUi(expectedName) {
  await dismissWhatsNew(500);
  const trigger = page
    .locator('button')
    .filter({ has: page.locator('img[alt="Open User Profile Menu"]') })
    .filter({ visible: true })
    .first();
  await trigger.click();
  const signOut = page.getByRole('menuitem', { name: 'Sign Out' });
  await signOut.waitFor({ state: 'visible' });
  await page.getByRole('menu').getByText(expectedName, { exact: true }).first().waitFor({ state: 'visible' });
  await snap('user-menu');
  await signOut.click();
  await waitForPath('/auth');
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
  const file = path.join(ARTIFACTS, `${String(snapCount).padStart(2, '0')}-${name}.png`);
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
    const shot = path.join(ARTIFACTS, `${safe}.png`);
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
// the suite

describe('owui serves the Open WebUI frontend: sign-up, sign-in, users', () => {
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
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;

    const args = ['--data-dir', dataDir, 'serve', '--host', '127.0.0.1', '--port', String(port), '--frontend', FRONTEND];
    server = spawn(OWUI_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const logFile = fs.createWriteStream(path.join(ARTIFACTS, 'server.log'));
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
        // keep the order of responses; add the body's start once it is read
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
      await fsp.writeFile(path.join(ARTIFACTS, 'browser.log'), summary + '\n');
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

  step('a. a fresh server onboards the first user as admin and lands on the chat page', async () => {
    const config = okJson(await api('/api/config'), 'GET /api/config');
    assert.equal(config.onboarding, true, `a fresh server reports onboarding: ${JSON.stringify(config).slice(0, 300)}`);

    await page.goto(`${baseUrl}/auth`);
    const getStarted = page.getByRole('button', { name: 'Get started', exact: true });
    await getStarted.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await snap('welcome');
    await getStarted.click();

    await page.locator('input#name').waitFor({ state: 'visible' });
    await page.locator('input#name').fill(ADMIN.name);
    await page.locator('input#email').fill(ADMIN.email);
    const passwords = page.locator('input[type="password"]');
    // one field, or two when the server asks for a password confirmation
    for (let i = 0; i < (await passwords.count()); i++) await passwords.nth(i).fill(ADMIN.password);
    await snap('admin-signup-form');
    await page.getByRole('button', { name: 'Create Admin Account' }).click();

    await expectChatPage();

    const token = await pageToken();
    assert.ok(token, 'the page keeps a token in localStorage after sign-up');
    const me = okJson(await api('/api/v1/auths/', { token }), 'GET /api/v1/auths/');
    assert.equal(me.email, ADMIN.email);
    assert.equal(me.name, ADMIN.name);
    assert.equal(me.role, 'admin', 'the first account is an admin');
    adminId = me.id;
    assert.ok(adminId, 'the session user has an id');

    const configAfter = okJson(await api('/api/config'), 'GET /api/config');
    assert.notEqual(configAfter.onboarding, true, 'onboarding is over once a user exists');
  });

  step('b. the admin signs out through the user menu and signs back in', async () => {
    await signOutThroughUi(ADMIN.name);
    assert.equal(pathnameOf(page.url()), '/auth');
    assert.equal(await pageToken(), null, 'sign-out removes the token');
    // no onboarding screen any more: the plain sign-in form
    assert.equal(
      await page.getByRole('button', { name: 'Get started', exact: true }).count(),
      0,
      'no onboarding welcome after the first account exists',
    );

    await signInThroughUi(ADMIN);

    const token = await pageToken();
    assert.ok(token, 'sign-in stores a token');
    const me = okJson(await api('/api/v1/auths/', { token }), 'GET /api/v1/auths/');
    assert.equal(me.id, adminId, 'signed back in as the same admin');
    assert.equal(me.role, 'admin');

    // a reload keeps the session (the app asks the server who is signed in)
    await page.reload();
    await expectChatPage();
    assert.equal(await pageToken(), token, 'the token survives a reload');
  });

  step('c. the admin adds a user in the admin panel; that user signs in', async () => {
    await page.goto(`${baseUrl}/admin/users`);
    await page.waitForURL((u) => u.pathname.startsWith('/admin/users'));
    await dismissWhatsNew(1_000);
    // the list shows the admin itself
    await page.getByText(ADMIN.email, { exact: true }).first().waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });

    await page.getByRole('button', { name: 'Add User', exact: true }).click();
    const nameField = page.getByPlaceholder('Enter Your Full Name');
    await nameField.waitFor({ state: 'visible' });
    const dialogForm = page.locator('form').filter({ has: nameField });
    await dialogForm.locator('select').selectOption('user');
    await nameField.fill(MEMBER.name);
    await page.getByPlaceholder('Enter Your Email').fill(MEMBER.email);
    await page.getByPlaceholder('Enter Your Password').fill(MEMBER.password);
    await snap('add-user-dialog');
    await dialogForm.getByRole('button', { name: 'Save' }).click();
    await nameField.waitFor({ state: 'hidden' });

    // the refreshed list shows the new user
    await page.getByText(MEMBER.email, { exact: true }).first().waitFor({ state: 'visible' });
    await snap('user-list');

    const adminToken = await pageToken();
    const users = okJson(await api('/api/v1/users/?page=1', { token: adminToken }), 'GET /api/v1/users/');
    const list = users.users;
    assert.ok(Array.isArray(list), `GET /api/v1/users/ answers {users: [...]}: ${JSON.stringify(users).slice(0, 300)}`);
    const added = list.find((u) => u.email === MEMBER.email);
    assert.ok(added, `the new user is listed: ${JSON.stringify(users).slice(0, 300)}`);
    assert.equal(added.role, 'user');
    assert.equal(added.name, MEMBER.name);

    await page.goto(`${baseUrl}/`);
    await expectChatPage();
    await signOutThroughUi(ADMIN.name);
    assert.equal(await pageToken(), null, 'sign-out removes the token');

    await signInThroughUi(MEMBER);

    const token = await pageToken();
    assert.ok(token, 'sign-in stores a token');
    const me = okJson(await api('/api/v1/auths/', { token }), 'GET /api/v1/auths/');
    assert.equal(me.email, MEMBER.email);
    assert.equal(me.role, 'user');

    // a plain user is not an admin
    const forbidden = await api('/api/v1/users/?page=1', { token });
    assert.ok(
      forbidden.status === 401 || forbidden.status === 403,
      `a plain user cannot list users: ${describeResponse(forbidden)}`,
    );
  });
});
