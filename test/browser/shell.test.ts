import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage, screenshot, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * The web UI against the real server: an admin signs in, invites someone, creates
 * and revokes an API key, reads the audit log and signs out; the invitee then
 * accepts the invitation in a fresh browser. Screenshots land in test-results/.
 */

let server: TestServer;
let browser: Browser;
let acceptUrl = '';

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

test('an admin invites a member, manages an API key, reads the audit log and signs out', async () => {
  const { page, scriptErrors } = await newPage(browser);
  const { admin } = server;

  await page.goto(server.url);
  await page.waitForURL('**/login');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await screenshot(page, '01-login');

  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();

  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  await page.getByText('Browser Test Realty').first().waitFor();
  await screenshot(page, '02-dashboard');

  // A reload keeps the session: the stored refresh token buys a new access token.
  await page.reload();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();

  // Invite a member; the link is shown once.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Team' }).click();
  await page.getByRole('heading', { name: 'Team' }).waitFor();
  await page.getByRole('button', { name: 'Invite member' }).click();
  const inviteDialog = page.getByRole('dialog', { name: 'Invite a member' });
  await inviteDialog.getByLabel('Email address').fill('ada@example.test');
  await inviteDialog.getByLabel('Role').selectOption('member');
  await inviteDialog.getByRole('button', { name: 'Send invitation' }).click();
  const createdDialog = page.getByRole('dialog', { name: 'Invitation created' });
  acceptUrl = await createdDialog.getByRole('textbox', { name: 'Invitation link' }).inputValue();
  expect(acceptUrl).toMatch(new RegExp(`^${server.url}/accept-invite\\?token=.+`));
  await screenshot(page, '03-invitation-created');
  await createdDialog.getByRole('button', { name: 'Done' }).click();
  const invitations = page.getByRole('table', { name: 'Pending invitations' });
  await invitations.getByRole('cell', { name: 'ada@example.test', exact: true }).waitFor();
  await screenshot(page, '04-team');

  // Create an API key: the secret is shown once, then only its prefix.
  await nav.getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('button', { name: 'Create API key' }).click();
  const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
  await keyDialog.getByLabel('Key name').fill('CRM sync');
  await keyDialog.getByLabel('Key role').selectOption('viewer');
  await keyDialog.getByRole('button', { name: 'Create key' }).click();
  const secretDialog = page.getByRole('dialog', { name: 'Copy your new API key' });
  const secret = await secretDialog.getByRole('textbox', { name: 'API key' }).inputValue();
  expect(secret).toMatch(/^reos_/);
  await secretDialog.getByText('This is the only time the key is shown').waitFor();
  await screenshot(page, '05-api-key-created');
  await secretDialog.getByRole('button', { name: 'I have saved the key' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  expect(await page.content()).not.toContain(secret);

  const keyRow = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'CRM sync' });
  await keyRow.getByText('Active').waitFor();
  await keyRow.getByRole('button', { name: 'Revoke CRM sync' }).click();
  await page.getByRole('dialog', { name: 'Revoke API key?' }).getByRole('button', { name: 'Revoke key' }).click();
  await keyRow.getByText('Revoked').waitFor();
  expect(await keyRow.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
  await screenshot(page, '06-api-keys');

  // The audit log shows what just happened, newest first.
  await nav.getByRole('link', { name: 'Audit log' }).click();
  const auditTable = page.getByRole('table', { name: 'Audit events' });
  await auditTable.getByText('api_key.revoked', { exact: true }).waitFor();
  await auditTable.getByText('api_key.created', { exact: true }).waitFor();
  await auditTable.getByText('invitation.created', { exact: true }).waitFor();
  const actions = await auditTable.locator('tbody code').allTextContents();
  expect(actions.indexOf('api_key.revoked')).toBeLessThan(actions.indexOf('api_key.created'));
  await screenshot(page, '07-audit-log');

  await page.getByLabel('Entity type').selectOption('api_key');
  await page.waitForURL(/entityType=api_key/);
  await auditTable.getByText('invitation.created', { exact: true }).waitFor({ state: 'detached' });
  await auditTable.getByText('api_key.created', { exact: true }).waitFor();
  expect(await auditTable.locator('tbody code').allTextContents()).toEqual(['api_key.revoked', 'api_key.created']);

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const storage = await page.context().storageState();
  expect(storage.origins.flatMap((origin) => origin.localStorage).map((entry) => entry.name)).not.toContain('reos.refreshToken');
  expect(scriptErrors).toEqual([]);
  await page.context().close();
});

test('the invitee opens the link in a fresh browser, accepts and lands signed in', async () => {
  expect(acceptUrl).not.toBe('');
  const { page, scriptErrors } = await newPage(browser);

  await page.goto(acceptUrl);
  await page.getByText('Browser Test Realty', { exact: true }).waitFor();
  await page.getByText('ada@example.test').waitFor();
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Choose a password').fill('analytical-engine-1843');
  await page.getByLabel('Repeat the password').fill('analytical-engine-1843');
  await screenshot(page, '08-accept-invitation');
  await page.getByRole('button', { name: 'Join Browser Test Realty' }).click();

  await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  // A member sees no admin pages in the navigation.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Team' }).waitFor();
  expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);
  expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
  await screenshot(page, '09-member-dashboard');

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Account & sessions' }).click();
  await page.getByRole('cell', { name: /This device/ }).waitFor();
  await screenshot(page, '10-account');
  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
