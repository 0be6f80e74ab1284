// Shared helpers of the browser end-to-end tests (*.test.mjs): the owui
// server on a fresh data directory and a free loopback port, the browser
// (Debian's Chromium through playwright-core), the CLI on the server's data
// directory, sign-in and sign-out through the frontend, the sidebar, and the
// diagnostics a failing step prints (API responses >= 400, console errors,
// server log, screenshot).
//
// Each test file makes one suite:
//
//   const s = createSuite({ prefix: 'chats-' });
//   before(() => s.start({ beforeServer: async () => { await s.owui([...]) } }));
//   after(() => s.stop());
//   s.step('a. ...', async () => { await s.page.goto(s.url('/auth')); ... });
//
// Environment:
//   OWUI_BIN          the owui binary (default: ../target/debug/owui)
//   OWUI_FRONTEND     the built frontend directory (default: the one e2e/run.sh
//                     unpacks, $OWUI_E2E_CACHE or ~/.cache/owui-e2e, then
//                     open-webui-0.12.4/open_webui/frontend)
//   FAKE_LLM_BIN      the fake model server (default:
//                     ../target/debug/examples/fake-llm)
//   CHROMIUM_PATH     the browser (default: /usr/bin/chromium)
//   E2E_KEEP_DATA=1   keep the server's temporary data directory
//   E2E_SCREENSHOTS=1 also save a screenshot at each checkpoint in artifacts/

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
export const ARTIFACTS = path.join(HERE, 'artifacts');

export const OWUI_BIN = process.env.OWUI_BIN || path.join(ROOT, 'target', 'debug', 'owui');
export const FAKE_LLM_BIN = process.env.FAKE_LLM_BIN || path.join(ROOT, 'target', 'debug', 'examples', 'fake-llm');
export const FRONTEND =
  process.env.OWUI_FRONTEND ||
  path.join(
    process.env.OWUI_E2E_CACHE || path.join(os.homedir(), '.cache', 'owui-e2e'),
    'open-webui-0.12.4',
    'open_webui',
    'frontend',
  );
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
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

export const HEALTH_TIMEOUT_MS = 60_000;
export const STEP_TIMEOUT_MS = 90_000;
export const ACTION_TIMEOUT_MS = 20_000;
export const NAV_TIMEOUT_MS = 30_000;
export const CLI_TIMEOUT_MS = 15_000;
export const SETTLE_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------
// plain helpers

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
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

export function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

export function pathnameOf(url) {
  return new URL(url).pathname;
}

export function describeResponse(r) {
  return `${r.status} ${r.contentType} ${r.text.replace(/\s+/g, ' ').slice(0, 300)}`;
}

/** Assert a 200 JSON answer (from `suite.api`) and return its body. */
export function okJson(r, what) {
  assert.equal(r.status, 200, `${what}: ${describeResponse(r)}`);
  assert.ok(r.json !== undefined && r.contentType.includes('json'), `${what} answers JSON: ${describeResponse(r)}`);
  return r.json;
}

function collapse(items) {
  const counts = new Map();
  for (const item of items) counts.set(item, (counts.get(item) || 0) + 1);
  return [...counts].map(([item, n]) => (n > 1 ? `${item} (x${n})` : item));
}

/** Poll `probe` (async, returns a value or throws) until `check(value)` holds:
 * the frontend's request may still be on its way when the UI has changed. */
export async function eventually(what, probe, check, timeout = SETTLE_TIMEOUT_MS) {
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

/** Stop a child process: SIGTERM, then SIGKILL after `graceMs`. */
async function stopChild(child, graceMs = 5_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', () => r(true)));
  child.kill('SIGTERM');
  if (!(await Promise.race([exited, sleep(graceMs).then(() => false)]))) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(graceMs)]);
  }
}

// ---------------------------------------------------------------------------
// the fake model server

/** Start `fake-llm --only openai` and resolve with `{ url, stop }` once it has
 * printed its base URL (http://127.0.0.1:PORT/v1). */
export async function startFakeLlm({ args = [], logFile } = {}) {
  assert.ok(fs.existsSync(FAKE_LLM_BIN), `fake-llm not found at ${FAKE_LLM_BIN} (cargo build --example fake-llm)`);
  const child = spawn(FAKE_LLM_BIN, ['--only', 'openai', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logFile ? fs.createWriteStream(logFile) : null;
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString();
    log?.write(chunk);
  });
  const printed = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake-llm printed no URL in 10 s: ${stderr}`)), 10_000);
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`fake-llm exited (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  let url;
  try {
    url = await printed;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/, `fake-llm's first line is its base URL: ${url}`);
  } catch (err) {
    await stopChild(child, 2_000);
    throw err;
  }
  return {
    url,
    stop: async () => {
      await stopChild(child, 2_000);
      log?.end();
    },
  };
}

// ---------------------------------------------------------------------------
// a suite: one server, one browser page, steps that stop at the first failure

/** `prefix` names this file's artifacts (`${prefix}server.log`,
 * `${prefix}browser.log`, screenshots). */
export function createSuite({ prefix = '' } = {}) {
  const s = {
    prefix,
    env: {}, // added to the environment of the server and of the CLI calls
    server: null, // child process
    serverLog: '',
    baseUrl: null,
    dataDir: null,
    profileDir: null,
    context: null, // playwright persistent context
    page: null,
    stopped: false, // a previous step failed: later steps are skipped
    /** `METHOD /api/... -> status` for every API response >= 400, and every API
     * response that came back as HTML (an unknown route falling through to the SPA). */
    apiProblems: [],
    consoleErrors: [],
    cleanups: [], // extra async cleanups, run by stop() (last first)
  };
  let snapCount = 0;

  s.url = (pathname) => `${s.baseUrl}${pathname}`;

  // --- setup and teardown ----------------------------------------------------

  s.checkPrerequisites = async () => {
    assert.ok(fs.existsSync(OWUI_BIN), `owui binary not found at ${OWUI_BIN} (cargo build)`);
    assert.ok(
      fs.existsSync(path.join(FRONTEND, 'index.html')),
      `frontend not found at ${FRONTEND} (set OWUI_FRONTEND or run e2e/run.sh)`,
    );
    assert.ok(fs.existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}`);
    await fsp.mkdir(ARTIFACTS, { recursive: true });
  };

  s.makeDataDir = async () => {
    if (!s.dataDir) s.dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'owui-e2e-data-'));
    return s.dataDir;
  };

  s.waitForHealth = async () => {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (s.server.exitCode !== null || s.server.signalCode !== null) {
        throw new Error(
          `owui exited early (code ${s.server.exitCode}, signal ${s.server.signalCode})\n${tail(s.serverLog)}`,
        );
      }
      try {
        const res = await fetch(`${s.baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
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
    throw new Error(`/health not ready after ${HEALTH_TIMEOUT_MS} ms (last: ${last})\n${tail(s.serverLog)}`);
  };

  /** `owui serve` on the data directory and a free port; waits for /health. */
  s.startServer = async () => {
    await s.makeDataDir();
    const port = await freePort();
    s.baseUrl = `http://127.0.0.1:${port}`;
    const args = ['--data-dir', s.dataDir, 'serve', '--host', '127.0.0.1', '--port', String(port), '--frontend', FRONTEND];
    s.server = spawn(OWUI_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...s.env } });
    const logFile = fs.createWriteStream(path.join(ARTIFACTS, `${prefix}server.log`));
    for (const stream of [s.server.stdout, s.server.stderr]) {
      stream.on('data', (chunk) => {
        s.serverLog += chunk.toString();
        if (s.serverLog.length > 200_000) s.serverLog = s.serverLog.slice(-100_000);
        logFile.write(chunk);
      });
    }
    s.server.on('error', (err) => {
      s.serverLog += `\nspawn error: ${err.message}\n`;
    });
    await s.waitForHealth();
  };

  /** Chromium with a fresh profile; records API problems and console errors. */
  s.launchBrowser = async () => {
    s.profileDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'owui-e2e-chromium-'));
    s.context = await chromium.launchPersistentContext(s.profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    s.context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    s.context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
    s.page = s.context.pages()[0] || (await s.context.newPage());
    const page = s.page;

    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.origin !== s.baseUrl) return;
      if (!url.pathname.startsWith('/api/')) return;
      const type = res.headers()['content-type'] || '';
      const req = res.request();
      const what = `${req.method()} ${url.pathname}${url.search}`;
      if (res.status() >= 400) {
        // keep the order of responses; add the request body and the
        // answer's start once it is read
        let entry = `${what} -> ${res.status()}`;
        const sent = req.postData();
        if (sent) entry = `${what} body=${sent.replace(/\s+/g, ' ').slice(0, 200)} -> ${res.status()}`;
        const idx = s.apiProblems.push(entry) - 1;
        res
          .text()
          .then((body) => {
            const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 200);
            if (snippet) s.apiProblems[idx] += ` ${snippet}`;
          })
          .catch(() => {});
      } else if (type.includes('text/html')) s.apiProblems.push(`${what} -> ${res.status()} (HTML, not JSON)`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') s.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => s.consoleErrors.push(`pageerror: ${err.message}`));
  };

  /** The usual `before`: prerequisites, `beforeServer()` (CLI setup on the
   * fresh data directory), the server, the browser. `env` is added to the
   * environment of the server and of every CLI call (owui takes some
   * settings from it when it first creates the database). */
  s.start = async ({ beforeServer, env } = {}) => {
    await s.checkPrerequisites();
    if (env) Object.assign(s.env, env);
    await s.makeDataDir();
    if (beforeServer) await beforeServer(s);
    await s.startServer();
    await s.launchBrowser();
  };

  s.summary = () =>
    [
      `API responses >= 400 or HTML over the run (${s.apiProblems.length}):`,
      ...collapse(s.apiProblems).map((l) => `  ${l}`),
      `console errors over the run (${s.consoleErrors.length}):`,
      ...collapse(s.consoleErrors.map((e) => e.slice(0, 300))).map((l) => `  ${l}`),
    ].join('\n');

  /** The usual `after`: writes `${prefix}browser.log`, closes the browser,
   * stops the server, runs the registered cleanups, removes the directories. */
  s.stop = async () => {
    try {
      await fsp.mkdir(ARTIFACTS, { recursive: true });
      await fsp.writeFile(path.join(ARTIFACTS, `${prefix}browser.log`), s.summary() + '\n');
    } catch {
      // artifacts are best effort
    }
    if (s.context) await s.context.close().catch(() => {});
    await stopChild(s.server);
    for (const cleanup of s.cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
    if (s.profileDir) await fsp.rm(s.profileDir, { recursive: true, force: true }).catch(() => {});
    if (s.dataDir && process.env.E2E_KEEP_DATA !== '1') {
      await fsp.rm(s.dataDir, { recursive: true, force: true }).catch(() => {});
    }
  };

  // --- steps and diagnostics ---------------------------------------------------

  /** With E2E_SCREENSHOTS=1, save what the page shows at a checkpoint. */
  s.snap = async (name) => {
    if (process.env.E2E_SCREENSHOTS !== '1' || !s.page) return;
    snapCount += 1;
    const file = path.join(ARTIFACTS, `${prefix}${String(snapCount).padStart(2, '0')}-${name}.png`);
    await s.page.screenshot({ path: file, fullPage: true, timeout: 10_000 }).catch(() => {});
  };

  s.dumpDiagnostics = async (name, err) => {
    const safe = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
    const lines = [`\n=== ${name} failed: ${err && err.message ? err.message.split('\n')[0] : err}`];
    const page = s.page;
    if (page && !page.isClosed()) {
      lines.push(`page url: ${page.url()}`);
      const toasts = await page
        .locator('[data-sonner-toast]')
        .allInnerTexts()
        .catch(() => []);
      if (toasts.length) lines.push(`toasts on the page: ${toasts.map((t) => JSON.stringify(t.trim())).join(', ')}`);
      const shot = path.join(ARTIFACTS, `${prefix}${safe}.png`);
      try {
        await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 });
        lines.push(`screenshot: ${path.relative(ROOT, shot)}`);
      } catch (e) {
        lines.push(`screenshot failed: ${e.message}`);
      }
    }
    lines.push(`API responses >= 400 or HTML (${s.apiProblems.length}):`);
    lines.push(...collapse(s.apiProblems).map((l) => `  ${l}`));
    lines.push(`console errors (${s.consoleErrors.length}):`);
    lines.push(...collapse(s.consoleErrors.map((e) => e.slice(0, 300))).map((l) => `  ${l}`));
    lines.push('server log (tail):', tail(s.serverLog));
    console.error(lines.join('\n'));
  };

  /** A test step: skipped once an earlier step failed; on failure it prints the
   * recorded API errors, console errors and server log and takes a screenshot. */
  s.step = (name, fn, { timeout = STEP_TIMEOUT_MS } = {}) => {
    it(name, { timeout }, async (t) => {
      if (s.stopped) {
        t.skip('an earlier step failed');
        return;
      }
      // fail (with diagnostics) a little before the runner's own timeout would
      // cancel the step without them
      let timer;
      const overtime = new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`step still running after ${timeout - 10_000} ms`)),
          timeout - 10_000,
        );
      });
      try {
        await Promise.race([fn(t), overtime]);
      } catch (err) {
        s.stopped = true;
        await s.dumpDiagnostics(name, err);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    });
  };

  // --- the API and the CLI -------------------------------------------------------

  /** Call the API from the test itself (not through the page). */
  s.api = async (pathname, { token, method = 'GET', body } = {}) => {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${s.baseUrl}${pathname}`, {
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
  };

  /** Run `owui --data-dir D ARGS` (D: this suite's data directory, also while
   * the server runs); resolves with its output, rejects on a non-zero exit. */
  s.owui = (args, { input } = {}) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        OWUI_BIN,
        ['--data-dir', s.dataDir, ...args],
        { timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...s.env } },
        (err, stdout, stderr) => {
          if (err) {
            reject(new Error(`owui ${args.join(' ')} failed (${err.code ?? err.signal}): ${stderr || stdout}`));
          } else resolve(stdout);
        },
      );
      if (input !== undefined) child.stdin.end(input);
      else child.stdin.end();
    });

  s.owuiJson = async (args) => {
    const out = await s.owui(['--json', ...args]);
    try {
      return JSON.parse(out);
    } catch {
      throw new Error(`owui --json ${args.join(' ')} did not print JSON: ${out.slice(0, 300)}`);
    }
  };

  /** `owui users create` (before or while the server runs). */
  s.createUser = ({ name, email, password }, role = 'admin') =>
    s.owui(['users', 'create', '--name', name, '--email', email, '--password-stdin', '--role', role], {
      input: `${password}\n`,
    });

  s.listChats = () => s.owuiJson(['chats', 'list']);
  s.listArchived = () => s.owuiJson(['chats', 'list', '--archived']);
  s.showChat = (id) => s.owuiJson(['chats', 'show', id]);

  // --- the page ---------------------------------------------------------------------

  s.pageToken = () => s.page.evaluate(() => localStorage.getItem('token'));

  s.waitForPath = (pathname, timeout = NAV_TIMEOUT_MS) =>
    s.page.waitForURL((u) => u.pathname === pathname, { timeout });

  /** The "What's New in Open WebUI" release-notes modal covers the page a
   * moment after the chat page loads (admins, first sign-in): close it. */
  /** Open the model selector (`#model-selector-model-button` in the message
   * input of 0.12.4, `#model-selector-0-button` in other versions) and pick
   * `modelId` from its list. */
  s.selectModel = async (modelId) => {
    await s.dismissWhatsNew(300);
    const button = s.page
      .locator('#model-selector-0-button, #model-selector-model-button')
      .filter({ visible: true })
      .first();
    await button.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await button.click();
    const list = s.page.locator('#model-selector-list');
    await list.waitFor({ state: 'visible' });
    const option = list.locator(`[role="option"][data-value="${modelId}"]`);
    await option.waitFor({ state: 'visible' });
    await s.snap(`model-list-${modelId}`);
    await option.click();
    await list.waitFor({ state: 'hidden' });
    await eventually(
      `the model selector shows ${modelId}`,
      () => button.getAttribute('aria-label'),
      (label) => typeof label === 'string' && label.includes(modelId),
      10_000,
    );
  };

  s.dismissWhatsNew = async (waitMs = 4_000) => {
    const button = s.page.getByRole('button', { name: "Okay, Let's Go!" });
    try {
      await button.waitFor({ state: 'visible', timeout: waitMs });
    } catch {
      return false;
    }
    await button.click();
    await button.waitFor({ state: 'hidden', timeout: ACTION_TIMEOUT_MS });
    return true;
  };

  s.expectChatPage = async () => {
    await s.waitForPath('/');
    await s.page.locator('#chat-input').waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    if (await s.dismissWhatsNew()) await s.snap('whats-new-closed');
    await s.snap('chat-page');
    assert.ok(await s.page.locator('#chat-input').isVisible(), '#chat-input is visible on the chat page');
  };

  s.expectSignInForm = async () => {
    const page = s.page;
    await page.locator('input#email').waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    assert.ok(await page.locator('input[type="password"]').first().isVisible(), 'password field visible');
    assert.ok(
      await page.locator('button[type="submit"]', { hasText: 'Sign in' }).isVisible(),
      '"Sign in" submit button visible',
    );
    assert.equal(await page.locator('input#name').count(), 0, 'no name field on the sign-in form');
  };

  s.signInThroughUi = async ({ email, password }) => {
    const page = s.page;
    await s.expectSignInForm();
    await page.locator('input#email').fill(email);
    await page.locator('input[type="password"]').first().fill(password);
    await s.snap('signin-form');
    await page.locator('button[type="submit"]', { hasText: 'Sign in' }).click();
    await s.expectChatPage();
  };

  /** Open the sidebar's user menu (it names the signed-in user) and click
   * "Sign Out". */
  s.signOutThroughUi = async (expectedName) => {
    const page = s.page;
    await s.dismissWhatsNew(500);
    const trigger = page
      .locator('button')
      .filter({ has: page.locator('img[alt="Open User Profile Menu"]') })
      .filter({ visible: true })
      .first();
    await trigger.click();
    const signOut = page.getByRole('menuitem', { name: 'Sign Out' });
    await signOut.waitFor({ state: 'visible' });
    await page.getByRole('menu').getByText(expectedName, { exact: true }).first().waitFor({ state: 'visible' });
    await s.snap('user-menu');
    await signOut.click();
    await s.waitForPath('/auth');
  };

  // --- the sidebar ------------------------------------------------------------------

  /** The sidebar entry of a chat (the pinned list and the chat list may both
   * show it: take the first visible one). */
  s.sidebarItem = (id) => s.page.locator(`[data-sidebar-chat-id="${id}"]`).filter({ visible: true }).first();

  s.sidebarLink = (id) => s.page.locator(`a[href="/c/${id}"]`).filter({ visible: true }).first();

  /** The sidebar starts collapsed (its chat list is then inert): open it. */
  s.openSidebar = async () => {
    const page = s.page;
    await s.dismissWhatsNew(300);
    const close = page.getByRole('button', { name: 'Close Sidebar' }).filter({ visible: true });
    if ((await close.count()) > 0) return;
    await page.getByRole('button', { name: 'Open Sidebar' }).filter({ visible: true }).first().click();
    await close.first().waitFor({ state: 'visible' });
  };

  return s;
}
