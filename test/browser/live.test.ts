import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemActor } from '../../src/platform/auth/principal.js';
import { addUser } from '../../src/modules/users/service.js';
import { dismissToasts, newPage, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * Two teammates with the same board and deal page open: what one does shows on
 * the other's screen without a reload (the board at once, the timeline once the
 * job that writes it has run). A member who sees only what is assigned to them
 * does not get a colleague's deal.
 */

const shots = path.join(os.tmpdir(), 'reos-shots');

let server: TestServer;
let browser: Browser;
let tenantId: string;
let token: string;
let stages: { id: string; name: string }[];
const properties: { id: string; street: string }[] = [];
const casey = { email: 'casey@example.test', password: 'pw-casey-1234', name: 'Casey Field' };
const robin = { email: 'robin@example.test', password: 'pw-robin-1234', name: 'Robin Limited' };
let robinId: string;

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function addProperties(streets: string[]): Promise<void> {
  await server.runtime.db.withTenant(tenantId, async (tx) => {
    for (const [index, street] of streets.entries()) {
      const [parcel] = await tx.query<{ id: string }>(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ($1, $2, $3, $4, $1, 'SPRINGFIELD', 'IL', '62704', 'test') returning id`,
        [`apn-${index}`, String(100 + index), street, `${100 + index} ${street}`],
      );
      properties.push({ id: parcel!.id, street: `${100 + index} ${street}` });
    }
  });
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
}

const stage = (name: string) => stages.find((candidate) => candidate.name === name)!;
const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const card = (scope: Page | Locator, street: string) => scope.getByTestId('deal-card').filter({ hasText: street });
const timeline = (page: Page) => page.getByRole('list', { name: 'Activity, newest first' });

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  ({ server, browser } = await startBrowserWorld());
  const [tenant] = await server.runtime.db.asOwner((tx) =>
    tx.query<{ id: string }>('select id from tenants where slug = $1', [server.admin.tenantSlug]),
  );
  tenantId = tenant!.id;
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
  await addUser(server.runtime.db, systemActor('test'), tenantId, { ...casey, role: 'member' });
  const added = await addUser(server.runtime.db, systemActor('test'), tenantId, { ...robin, role: 'member' });
  robinId = added.user.id;
  await addProperties(['ELM ST', 'OAK AVE', 'MAPLE DR']);
  const pipelines = await api<{ items: { name: string; stages: { id: string; name: string }[] }[] }>('GET', '/pipelines');
  stages = pipelines.items.find((pipeline) => pipeline.name === 'Acquisitions')!.stages;
}, 180_000);

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

test('a card moved, a note added and a task done by one teammate show on the other’s open pages', async () => {
  const [worked, dragged] = properties;
  const deal = await api<{ id: string }>('POST', '/deals', { propertyId: worked!.id, stageId: stage('New lead').id });
  await api('POST', '/deals', { propertyId: dragged!.id, stageId: stage('New lead').id });
  await api('POST', '/tasks', {
    title: 'Send the purchase agreement',
    dealId: deal.id,
    dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    timeZone: 'UTC',
  });

  const admin = await newPage(browser);
  const teammate = await newPage(browser);
  await signIn(admin.page, server.admin);
  await signIn(teammate.page, casey);
  for (const { page } of [admin, teammate]) {
    await page.goto(`${server.url}/deals`);
    await card(column(page, 'New lead'), dragged!.street).waitFor();
  }

  // The first drags a card to Contacted; the second's board follows without a reload.
  const from = (await card(column(admin.page, 'New lead'), dragged!.street).boundingBox())!;
  const to = (await column(admin.page, 'Contacted').boundingBox())!;
  await admin.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await admin.page.mouse.down();
  await admin.page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  await admin.page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
  await admin.page.mouse.up();
  await card(column(admin.page, 'Contacted'), dragged!.street).waitFor();
  await card(column(teammate.page, 'Contacted'), dragged!.street).waitFor({ timeout: 2000 });
  expect(await card(column(teammate.page, 'New lead'), dragged!.street).count()).toBe(0);

  // Both on the same deal page: a note and a finished task show in the other's timeline.
  for (const { page } of [admin, teammate]) {
    await page.goto(`${server.url}/deals/${deal.id}`);
    await timeline(page).waitFor();
  }
  // The note mentions the teammate through the @ picker: their bell lights up.
  const noteField = admin.page.getByLabel('Your note');
  await noteField.pressSequentially('@Cas');
  await admin.page.getByRole('listbox', { name: 'Mention a teammate' }).getByRole('option', { name: casey.name }).waitFor();
  await noteField.press('Enter');
  await noteField.pressSequentially('owner wants to close before the holidays');
  expect(await noteField.inputValue()).toMatch(/^@\[Casey Field\]\([0-9a-f-]{36}\) owner wants/);
  await admin.page.getByRole('button', { name: 'Add note' }).click();
  await timeline(teammate.page).getByText('@Casey Field owner wants to close before the holidays').waitFor({ timeout: 5000 });
  const bell = teammate.page.getByRole('button', { name: 'Notifications, 1 unread' });
  await bell.waitFor({ timeout: 6000 });

  await admin.page.getByRole('checkbox', { name: 'Mark “Send the purchase agreement” done' }).click();
  await timeline(teammate.page).getByText('Completed “Send the purchase agreement”').waitFor({ timeout: 5000 });
  await teammate.page.getByRole('list', { name: 'Open tasks' }).waitFor({ state: 'detached', timeout: 5000 });
  await dismissToasts(teammate.page);
  await teammate.page.evaluate('window.scrollTo(0, 0)');
  await teammate.page.screenshot({ path: path.join(shots, 'live-deal.png'), fullPage: true, animations: 'disabled' });

  // The notification opens the deal and counts as read.
  await bell.click();
  await teammate.page.getByRole('menu', { name: 'Notifications' }).screenshot({ path: path.join(shots, 'notifications.png') });
  await teammate.page.getByRole('menuitem', { name: /mentioned you/ }).click();
  await teammate.page.waitForURL(`**/deals/${deal.id}`);
  await teammate.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

  expect(admin.scriptErrors).toEqual([]);
  expect(teammate.scriptErrors).toEqual([]);
  await admin.page.context().close();
  await teammate.page.context().close();
});

test('a member set to see only their own records does not get a colleague’s deal on the board', async () => {
  const theirs = properties[2]!;
  await api('POST', '/deals', { propertyId: theirs.id, stageId: stage('New lead').id, assigneeId: robinId });
  await api('PATCH', `/users/${robinId}`, { visibility: 'assigned' });

  const { page, scriptErrors } = await newPage(browser);
  await signIn(page, robin);
  await page.goto(`${server.url}/deals`);
  await card(page, theirs.street).waitFor();
  expect(await card(page, properties[0]!.street).count()).toBe(0);
  expect(await card(page, properties[1]!.street).count()).toBe(0);
  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
