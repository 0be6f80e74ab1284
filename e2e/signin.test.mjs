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
// Environment: see lib.mjs (OWUI_BIN, OWUI_FRONTEND, CHROMIUM_PATH,
// E2E_KEEP_DATA=1, E2E_SCREENSHOTS=1).

import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createSuite, describeResponse, NAV_TIMEOUT_MS, okJson, pathnameOf } from './lib.mjs';

const ADMIN = { name: 'Ada Admin', email: 'admin@example.com', password: 'correct-horse-42' };
const MEMBER = { name: 'Bob Member', email: 'bob@example.com', password: 'battery-staple-77' };

// artifacts: server.log, browser.log, screenshots without a prefix
const s = createSuite({ prefix: '' });
const { api, pageToken, snap, step, expectChatPage, signInThroughUi, signOutThroughUi, dismissWhatsNew } = s;

let page; // the suite's browser page, once started
let adminId;

describe('owui serves the Open WebUI frontend: sign-up, sign-in, users', () => {
  before(async () => {
    await s.start();
    page = s.page;
  });
  after(() => s.stop());

  step('a. a fresh server onboards the first user as admin and lands on the chat page', async () => {
    const config = okJson(await api('/api/config'), 'GET /api/config');
    assert.equal(config.onboarding, true, `a fresh server reports onboarding: ${JSON.stringify(config).slice(0, 300)}`);

    await page.goto(`${s.baseUrl}/auth`);
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
    await page.goto(`${s.baseUrl}/admin/users`);
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

    await page.goto(`${s.baseUrl}/`);
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
