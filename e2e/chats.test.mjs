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
// Environment: see lib.mjs (OWUI_BIN, OWUI_FRONTEND, CHROMIUM_PATH,
// E2E_KEEP_DATA=1, E2E_SCREENSHOTS=1).

import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createSuite, eventually, NAV_TIMEOUT_MS, okJson, pathnameOf } from './lib.mjs';

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

// artifacts: chats-server.log, chats-browser.log, chats-*.png
const s = createSuite({ prefix: 'chats-' });
const {
  api,
  pageToken,
  snap,
  step,
  waitForPath,
  dismissWhatsNew,
  signInThroughUi,
  owui,
  owuiJson,
  listChats,
  listArchived,
  showChat,
  sidebarItem,
  sidebarLink,
  openSidebar,
} = s;

let page; // the suite's browser page, once started
const chatIds = {}; // title -> id, from the CLI after the import

// ---------------------------------------------------------------------------
// the sidebar chat menu

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
    await s.start({
      // the admin and the chats come from the CLI, before the server starts
      beforeServer: async () => {
        await s.createUser(ADMIN, 'admin');
        const importFile = path.join(s.dataDir, 'e2e-chats.json');
        await fsp.writeFile(importFile, JSON.stringify(CHATS));
        await owui(['chats', 'import', importFile]);
        const listed = await listChats();
        for (const { chat } of CHATS) {
          const found = listed.find((c) => c.title === chat.title);
          assert.ok(found, `chats import created "${chat.title}": ${JSON.stringify(listed).slice(0, 400)}`);
          chatIds[chat.title] = found.id;
        }
      },
    });
    page = s.page;
  });
  after(() => s.stop());

  step('a. the CLI-made admin signs in through the /auth form', async () => {
    const config = okJson(await api('/api/config'), 'GET /api/config');
    assert.notEqual(config.onboarding, true, 'no onboarding: the CLI created the admin');

    await page.goto(`${s.baseUrl}/auth`);
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
