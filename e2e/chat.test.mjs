// Browser end-to-end test of chatting with a model: the unchanged Open WebUI
// 0.12.4 frontend, served by `owui serve` and connected to the fake
// OpenAI-compatible model server (`fake-llm --only openai`, a Rust example:
// `cargo build --example fake-llm`), driven in Debian's Chromium through
// playwright-core. Results are checked with owui's CLI on the same data
// directory while the server runs.
//
// Flows, in order (each one builds on the previous one):
//   a. setup without the UI: fake-llm starts; `owui users create` makes the
//      admin; owui starts with OPENAI_API_BASE_URL=<fake-llm> and
//      ENABLE_OLLAMA_API=false; the admin signs in through the /auth form;
//   b. the model selector lists the fake models and selects `fake-model`;
//   c. a message typed in #chat-input and sent with Enter is answered
//      `Echo: <message>` (streamed through socket.io); the page moves to
//      /c/<id> and the sidebar lists the chat under its generated title (the
//      first three words of the message);
//   d. after a reload at /c/<id> the conversation is still there, and
//      `owui --json chats show <id>` has the answer with done=true;
//   e. in a new chat `long-model` streams `tok0 tok1 ...`; the Stop button
//      (which replaces the send button while the answer streams) stops it;
//      the partial answer stays, after a reload too, and the CLI has it
//      (starts with tok0, no tok199, done=true).
//
// Environment: see lib.mjs (OWUI_BIN, OWUI_FRONTEND, FAKE_LLM_BIN,
// CHROMIUM_PATH, E2E_KEEP_DATA=1, E2E_SCREENSHOTS=1).

import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS,
  createSuite,
  eventually,
  NAV_TIMEOUT_MS,
  okJson,
  pathnameOf,
  sleep,
  startFakeLlm,
} from './lib.mjs';

const ADMIN = { name: 'Chad Chatter', email: 'chad@example.com', password: 'correct-horse-42' };
const MESSAGE = 'Hello from the browser test';
const TITLE = 'Hello from the'; // fake-llm titles a chat with the first three words
const REPLY = `Echo: ${MESSAGE}`;
const LONG_MESSAGE = 'Count for me please';
// long-model streams 200 tokens; 50 ms apart (instead of fake-llm's 20) they
// take 10 s, time enough to press Stop on a busy machine
const LONG_TOKENS = 200;
const LONG_INTERVAL_MS = 50;
// the answer must last this long (and grow) after the stop to show it stopped
const STOP_SETTLE_MS = 1_500;
const REPLY_TIMEOUT_MS = 30_000;

// artifacts: chat-server.log, chat-browser.log, chat-fake-llm.log, chat-*.png
const s = createSuite({ prefix: 'chat-' });
const {
  api,
  pageToken,
  snap,
  step,
  waitForPath,
  dismissWhatsNew,
  signInThroughUi,
  showChat,
  sidebarLink,
  openSidebar,
  selectModel,
} = s;

let page; // the suite's browser page, once started
let fakeLlm; // { url, stop }
let chatId; // the fake-model chat
let longChatId; // the long-model chat
/** chat id -> the pieces of answer text its socket.io events carried, in the
 * order they arrived */
const streamed = new Map();

// ---------------------------------------------------------------------------
// helpers

/** Record the pieces of answer text the page receives over the socket.io
 * websocket: frames `42["events",{chat_id, message_id, data: {type, data}}]`
 * whose event is a `response:completion` text delta (0.12.4's streaming:
 * `{type: "response.output_text.delta", delta}`), a `chat:completion` chunk
 * (`choices[0].delta.content`) or a `chat:message:delta` (`content`). */
function recordSocketEvents() {
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.startsWith('42')) return;
      let msg;
      try {
        msg = JSON.parse(payload.slice(2));
      } catch {
        return;
      }
      if (!Array.isArray(msg) || msg[0] !== 'events' || !msg[1]?.data) return;
      const { chat_id: id, data: event } = msg[1];
      const d = event.data;
      let piece;
      if (event.type === 'response:completion' && d?.type === 'response.output_text.delta') piece = d.delta;
      else if (event.type === 'chat:completion') piece = d?.choices?.[0]?.delta?.content;
      else if (event.type === 'chat:message:delta') piece = d?.content;
      if (typeof piece !== 'string' || piece === '') return;
      if (!streamed.has(id)) streamed.set(id, []);
      streamed.get(id).push(piece);
    });
  });
}

/** Type `text` into the chat input (a contenteditable editor) and send it
 * with Enter; resolves with the new chat's id once the page is at /c/<id>. */
async function sendMessage(text) {
  await dismissWhatsNew(300);
  const input = page.locator('#chat-input');
  await input.click();
  await page.keyboard.type(text);
  await page.getByText(text, { exact: true }).first().waitFor({ state: 'visible' });
  await snap('typed');
  await input.press('Enter');
  await page.waitForURL((u) => u.pathname.startsWith('/c/'), { timeout: NAV_TIMEOUT_MS });
  const id = pathnameOf(page.url()).slice('/c/'.length);
  assert.match(id, /^[0-9a-f-]{8,}$/i, `a chat id in the URL: ${page.url()}`);
  return id;
}

/** The rendered assistant answers (the last one is the newest). */
function answers() {
  return page.locator('#response-content-container');
}

/** The assistant message of a chat as the CLI sees it (the current one). */
async function assistantOf(id) {
  const chat = await showChat(id);
  const history = chat.chat?.history;
  const current = history?.messages?.[history.currentId ?? chat.current_message_id];
  assert.ok(current, `chats show ${id} has a current message: ${JSON.stringify(chat).slice(0, 600)}`);
  return current;
}

/** `tok0 tok1 ...` read from the page's last answer. */
async function lastAnswerText() {
  const all = answers();
  const n = await all.count();
  if (n === 0) return '';
  return (await all.nth(n - 1).innerText()).trim();
}

// ---------------------------------------------------------------------------
// the suite

describe('owui serves the Open WebUI frontend: chatting with a model', () => {
  before(async () => {
    await s.checkPrerequisites();
    fakeLlm = await startFakeLlm({
      args: ['--long-interval-ms', String(LONG_INTERVAL_MS), '--long-tokens', String(LONG_TOKENS)],
      logFile: path.join(ARTIFACTS, 'chat-fake-llm.log'),
    });
    s.cleanups.push(fakeLlm.stop);
    await s.start({
      // first-start defaults of the connection config
      env: { OPENAI_API_BASE_URL: fakeLlm.url, ENABLE_OLLAMA_API: 'false' },
      beforeServer: () => s.createUser(ADMIN, 'admin'),
    });
    page = s.page;
    recordSocketEvents();
  });
  after(() => s.stop());

  step('a. the CLI-made admin signs in; the fake models are listed', async () => {
    await page.goto(`${s.baseUrl}/auth`);
    await signInThroughUi(ADMIN);
    const token = await pageToken();
    assert.ok(token, 'sign-in stores a token');
    const me = okJson(await api('/api/v1/auths/', { token }), 'GET /api/v1/auths/');
    assert.equal(me.role, 'admin');

    const models = okJson(await api('/api/models', { token }), 'GET /api/models');
    const ids = (models.data ?? models).map((m) => m.id);
    for (const id of ['fake-model', 'long-model']) {
      assert.ok(ids.includes(id), `GET /api/models lists ${id}: ${JSON.stringify(ids)}`);
    }
  });

  step('b. the model selector selects fake-model', async () => {
    await selectModel('fake-model');
    await snap('fake-model-selected');
  });

  step('c. a sent message is answered by streaming; the sidebar shows the generated title', async () => {
    chatId = await sendMessage(MESSAGE);
    // the user's message and then the answer, streamed in over socket.io
    await page.getByText(MESSAGE, { exact: true }).first().waitFor({ state: 'visible' });
    await answers().filter({ hasText: REPLY }).first().waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    await snap('answered');
    assert.equal(await lastAnswerText(), REPLY, 'the answer is exactly the echo');
    // it came in pieces over socket.io
    await eventually(
      'the answer streamed in over socket.io in pieces',
      async () => streamed.get(chatId) ?? [],
      (pieces) => pieces.length >= 2 && pieces.join('') === REPLY,
      5_000,
    );
    // the send button is back once the answer is done
    await page.locator('button[aria-label="Stop"]').waitFor({ state: 'hidden', timeout: REPLY_TIMEOUT_MS });

    await openSidebar();
    const link = sidebarLink(chatId);
    await link.waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await eventually(
      'the sidebar shows the generated title',
      async () => (await link.innerText()).split('\n')[0].trim(),
      (title) => title === TITLE,
      REPLY_TIMEOUT_MS,
    );
    await snap('titled');
  });

  step('d. after a reload the conversation is still there; the CLI has the answer', async () => {
    await page.reload();
    await waitForPath(`/c/${chatId}`);
    await page.getByText(MESSAGE, { exact: true }).first().waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await answers().filter({ hasText: REPLY }).first().waitFor({ state: 'visible' });
    await snap('reloaded');

    const answer = await eventually(
      `chats show ${chatId} has the finished answer`,
      () => assistantOf(chatId),
      (m) => m.role === 'assistant' && m.content === REPLY && m.done === true,
    );
    assert.equal(answer.model, 'fake-model', `the answer names its model: ${JSON.stringify(answer).slice(0, 400)}`);
    const chat = await showChat(chatId);
    assert.equal(chat.title, TITLE, 'the CLI has the generated title');
    const user = chat.chat.history.messages[answer.parentId];
    assert.equal(user?.role, 'user');
    assert.equal(user?.content, MESSAGE);
  });

  step('e. the Stop button stops a long answer; the partial answer stays', async () => {
    // a new chat
    await page.goto(`${s.baseUrl}/`);
    await page.locator('#chat-input').waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await selectModel('long-model');
    longChatId = await sendMessage(LONG_MESSAGE);
    assert.notEqual(longChatId, chatId, 'a new chat');

    // some tokens are shown, and the Stop button replaces the send button
    const stop = page.locator('button[aria-label="Stop"]').filter({ visible: true }).first();
    await eventually(
      'the answer shows tokens while streaming',
      lastAnswerText,
      (text) => /^tok0 tok1 tok2\b/.test(text),
      REPLY_TIMEOUT_MS,
    );
    await snap('streaming');
    await stop.click();
    await stop.waitFor({ state: 'hidden' });
    const stoppedAt = await lastAnswerText();
    await snap('stopped');

    // the answer no longer grows
    await sleep(STOP_SETTLE_MS);
    const later = await lastAnswerText();
    assert.ok(later.startsWith('tok0'), `the partial answer stays: ${JSON.stringify(later)}`);
    assert.ok(!later.includes(`tok${LONG_TOKENS - 1}`), `the answer stopped before the end: ${later.slice(-80)}`);
    const count = (t) => t.split(/\s+/).filter(Boolean).length;
    assert.ok(
      count(later) <= count(stoppedAt) + 3,
      `the answer stopped growing after Stop: ${count(stoppedAt)} then ${count(later)} tokens`,
    );

    // the CLI has the partial answer, done
    const answer = await eventually(
      `chats show ${longChatId} has the stopped answer, done`,
      () => assistantOf(longChatId),
      (m) => m.role === 'assistant' && m.done === true && typeof m.content === 'string' && m.content.startsWith('tok0'),
    );
    assert.ok(!answer.content.includes(`tok${LONG_TOKENS - 1}`), `not the whole answer: ${answer.content.slice(-80)}`);

    // and a reload shows it
    await page.reload();
    await waitForPath(`/c/${longChatId}`);
    await page.getByText(LONG_MESSAGE, { exact: true }).first().waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
    await answers().filter({ hasText: 'tok0 tok1' }).first().waitFor({ state: 'visible' });
    const reloaded = await lastAnswerText();
    assert.ok(reloaded.startsWith('tok0'), `the partial answer after a reload: ${JSON.stringify(reloaded.slice(0, 80))}`);
    assert.ok(!reloaded.includes(`tok${LONG_TOKENS - 1}`), 'still partial after a reload');
    await snap('stopped-reloaded');

    // the server did not go on writing the answer after the stop
    const final = await assistantOf(longChatId);
    assert.equal(final.content, answer.content, 'the stored answer no longer changes');
    assert.equal(final.done, true);
  });
});
