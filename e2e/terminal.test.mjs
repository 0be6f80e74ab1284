// Browser end-to-end test of the terminal chat and the web sharing one store:
// `owui chat` runs in a detached tmux session on the data directory of the
// running `owui serve`, while the unchanged Open WebUI 0.12.4 frontend is
// driven in Chromium.
//
// Flows, in order:
//   a. setup: fake-llm, the CLI-made admin, owui serve; the admin signs in
//      through the /auth form;
//   b. terminal → web: in `owui chat -m fake-model` a message is sent and
//      answered, then F5 asks for a second answer (a sibling) and Ctrl-C
//      quits; the browser's sidebar lists the chat under its generated title,
//      the page shows the answer with the sibling switcher at 2/2, and its
//      "previous" arrow shows the first answer (1/2);
//   c. web → terminal: a chat sent in the browser is opened with
//      `owui chat <id>`, which shows its question and answer.
//
// Needs tmux (Debian: apt-get install tmux). Environment: see lib.mjs.

import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, OWUI_BIN, createSuite, eventually, NAV_TIMEOUT_MS, pathnameOf, sleep, startFakeLlm } from './lib.mjs';

const ADMIN = { name: 'Tess Terminal', email: 'tess@example.com', password: 'correct-horse-42' };
const TERMINAL_MESSAGE = 'Greetings from the terminal';
const TERMINAL_TITLE = 'Greetings from the'; // fake-llm titles with the first three words
const TERMINAL_REPLY = `Echo: ${TERMINAL_MESSAGE}`;
const WEB_MESSAGE = 'Written in the browser';
const WEB_REPLY = `Echo: ${WEB_MESSAGE}`;
const SCREEN_TIMEOUT_MS = 20_000;

// artifacts: terminal-server.log, terminal-browser.log, terminal-*.png, terminal-screen-*.txt
const s = createSuite({ prefix: 'terminal-' });
const { pageToken, snap, step, waitForPath, dismissWhatsNew, signInThroughUi, sidebarLink, openSidebar, selectModel } = s;

let page;
let fakeLlm;
let tmuxDir; // holds the private tmux server's socket
let session = 0;

const sh = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;

function tmux(...args) {
  return execFileSync('tmux', ['-S', path.join(tmuxDir, 'sock'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Start `owui --data-dir D ARGS` in a new 100×30 tmux session. */
function startTerminal(args) {
  session += 1;
  const name = `owui-${session}`;
  const env = { ...s.env, HOME: os.homedir(), TERM: 'xterm-256color', NO_COLOR: '1' };
  const assignments = Object.entries(env)
    .map(([k, v]) => `${k}=${sh(v)}`)
    .join(' ');
  const cmd = `env -i ${assignments} ${sh(OWUI_BIN)} --data-dir ${sh(s.dataDir)} ${args.map(sh).join(' ')}`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', name, '-x', '100', '-y', '30', cmd);
  return name;
}

function screenOf(name) {
  try {
    return tmux('capture-pane', '-p', '-t', `${name}:0`);
  } catch {
    return '';
  }
}

async function waitForScreen(name, want, what) {
  let last = '';
  try {
    return await eventually(
      what,
      async () => (last = screenOf(name)),
      (screen) => screen.includes(want),
      SCREEN_TIMEOUT_MS,
    );
  } finally {
    fs.writeFileSync(path.join(ARTIFACTS, `terminal-screen-${name}.txt`), last);
  }
}

/** Ctrl-C, then wait for the session to end with the process. */
async function quitTerminal(name) {
  tmux('send-keys', '-t', `${name}:0`, 'C-c');
  await eventually(
    `owui chat (${name}) quits on Ctrl-C`,
    async () => {
      try {
        tmux('has-session', '-t', name);
        return false;
      } catch {
        return true;
      }
    },
    (gone) => gone,
    10_000,
  );
}

describe('owui chat and the Open WebUI frontend share one store', () => {
  before(async () => {
    await s.checkPrerequisites();
    try {
      execFileSync('tmux', ['-V']);
    } catch {
      throw new Error('tmux is needed for this test (Debian: apt-get install tmux)');
    }
    tmuxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'owui-e2e-tmux-'));
    s.cleanups.push(async () => {
      try {
        tmux('kill-server');
      } catch {
        // no session left
      }
      fs.rmSync(tmuxDir, { recursive: true, force: true });
    });
    fakeLlm = await startFakeLlm({ logFile: path.join(ARTIFACTS, 'terminal-fake-llm.log') });
    s.cleanups.push(fakeLlm.stop);
    await s.start({
      env: { OPENAI_API_BASE_URL: fakeLlm.url, ENABLE_OLLAMA_API: 'false' },
      beforeServer: () => s.createUser(ADMIN, 'admin'),
    });
    page = s.page;
  });
  after(() => s.stop());

  step('a. the CLI-made admin signs in', async () => {
    await page.goto(`${s.baseUrl}/auth`);
    await signInThroughUi(ADMIN);
    assert.ok(await pageToken(), 'sign-in stores a token');
  });

  let terminalChatId;

  step('b. a chat written in the terminal, with two answers, opens in the browser', async () => {
    const t = startTerminal(['chat', '-m', 'fake-model']);
    await waitForScreen(t, 'F1 help', 'owui chat is up');
    tmux('send-keys', '-t', `${t}:0`, '-l', TERMINAL_MESSAGE);
    await waitForScreen(t, TERMINAL_MESSAGE, 'the typed message shows');
    tmux('send-keys', '-t', `${t}:0`, 'Enter');
    await waitForScreen(t, TERMINAL_REPLY, 'the answer streams in');
    await waitForScreen(t, 'done', 'the answer is done');
    // the chat as stored: titled, one answer so far
    const chats = await eventually(
      'the chat is listed with its generated title',
      () => s.listChats(),
      (list) => list.length === 1 && list[0].title === TERMINAL_TITLE,
    );
    terminalChatId = chats[0].id;
    // a second answer to the same message: a sibling
    tmux('send-keys', '-t', `${t}:0`, 'F5');
    await waitForScreen(t, '‹2/2›', 'the regenerated answer is the second sibling');
    await waitForScreen(t, 'done', 'the second answer is done');
    await quitTerminal(t);
    const chat = await s.showChat(terminalChatId);
    const answers = Object.values(chat.chat.history.messages).filter((m) => m.role === 'assistant');
    assert.equal(answers.length, 2, 'two answers stored');
    assert.ok(answers.every((m) => m.content === TERMINAL_REPLY && m.done === true), 'both answers are whole');

    // the browser lists it (a reload reads the sidebar afresh) and opens it
    await page.goto(`${s.baseUrl}/`);
    await page.locator('#chat-input').waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await dismissWhatsNew(300);
    await openSidebar();
    const link = sidebarLink(terminalChatId);
    await link.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    assert.equal((await link.innerText()).split('\n')[0].trim(), TERMINAL_TITLE);
    await link.click();
    await waitForPath(`/c/${terminalChatId}`);
    await page.getByText(TERMINAL_MESSAGE, { exact: true }).first().waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    const reply = page.locator('#response-content-container').filter({ hasText: TERMINAL_REPLY }).first();
    await reply.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    // the sibling switcher of the answer: 2/2, and 1/2 after "previous"
    const counter = page.getByText('2/2', { exact: true }).first();
    await counter.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await snap('terminal-chat-in-browser');
    await page.getByRole('button', { name: 'Previous message' }).first().click();
    await page.getByText('1/2', { exact: true }).first().waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await snap('terminal-chat-first-answer');
  });

  step('c. a chat written in the browser opens in the terminal', async () => {
    await page.goto(`${s.baseUrl}/`);
    const input = page.locator('#chat-input');
    await input.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await selectModel('fake-model');
    await input.click();
    await page.keyboard.type(WEB_MESSAGE);
    await input.press('Enter');
    await page.waitForURL((u) => u.pathname.startsWith('/c/'), { timeout: NAV_TIMEOUT_MS });
    const id = pathnameOf(page.url()).slice('/c/'.length);
    await page
      .locator('#response-content-container')
      .filter({ hasText: WEB_REPLY })
      .first()
      .waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await eventually(
      'the browser chat is stored whole',
      () => s.showChat(id),
      (c) => Object.values(c.chat.history.messages).some((m) => m.role === 'assistant' && m.done === true),
    );
    await sleep(300);

    const t = startTerminal(['chat', id]);
    const screen = await waitForScreen(t, WEB_REPLY, 'the terminal shows the browser chat');
    assert.ok(screen.includes(WEB_MESSAGE), `the question shows too:\n${screen}`);
    await quitTerminal(t);
  });
});
