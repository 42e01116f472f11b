import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemActor } from '../../src/platform/auth/principal.js';
import { addUser } from '../../src/modules/users/service.js';
import { dismissToasts, newPage, signInAsAdmin, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * The pipeline through the web UI against the real server: a deal opened from its
 * property, a dated task on it that shows on My day and is ticked off there, cards
 * dragged across the board with the mouse and moved with the keyboard (a move to
 * Dead asks for the reason), and a member limited to what is assigned to them.
 * The properties are written straight to the database and the other deals made
 * through the API, to keep the test short. Screenshots land in the system's
 * temporary folder, under reos-shots/.
 */

const shots = path.join(os.tmpdir(), 'reos-shots');

interface StageView {
  id: string;
  name: string;
}
interface DealView {
  id: string;
  stageId: string;
  lostReason: string | null;
}

let server: TestServer;
let browser: Browser;
let tenantId: string;
let token: string;
let stages: StageView[];
let memberEmail: string;
const properties: { id: string; street: string }[] = [];

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Houses with an owner and a score, as an import would leave them. */
async function addProperties(streets: string[]): Promise<void> {
  await server.runtime.db.withTenant(tenantId, async (tx) => {
    for (const [index, street] of streets.entries()) {
      const [parcel] = await tx.query<{ id: string }>(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ($1, $2, $3, $4, $1, 'SPRINGFIELD', 'IL', '62704', 'test') returning id`,
        [`apn-${index}`, String(100 + index), street, `${100 + index} ${street}`],
      );
      const [owner] = await tx.query<{ id: string }>(
        `insert into owners (kind, display_name, name_key) values ('person', $1, $2) returning id`,
        [`Owner Number ${index + 1}`, `owner ${index + 1}`],
      );
      await tx.query(`insert into parcel_owners (parcel_id, owner_id, source) values ($1, $2, 'test')`, [parcel!.id, owner!.id]);
      await tx.query(`insert into parcel_scores (parcel_id, score, stack_score, reasons) values ($1, $2, $2, '[]')`, [
        parcel!.id,
        40 + index * 7,
      ]);
      properties.push({ id: parcel!.id, street: `${100 + index} ${street}` });
    }
  });
}

const stage = (name: string) => stages.find((candidate) => candidate.name === name)!;
const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const card = (scope: Page | Locator, street: string) => scope.getByTestId('deal-card').filter({ hasText: street });

/**
 * Space on the focused card lifts it. The board listens for the arrows from a timer
 * set at the lift (so the Space itself is not taken for a move); a browser may deliver
 * a key typed at machine speed before that timer, so the arrows wait for a later one.
 */
async function lift(page: Page, scope: Locator, street: string): Promise<void> {
  await card(scope, street).focus();
  await page.keyboard.press('Space');
  await expect.poll(() => card(scope, street).getAttribute('class')).toContain('deal-card-placeholder');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** One ArrowRight per column, empty ones included, with the card lifted. */
async function carryRight(page: Page, street: string, columns: string[]): Promise<void> {
  for (const name of columns) {
    await page.keyboard.press('ArrowRight');
    await card(column(page, name), street).waitFor({ timeout: 2000 });
  }
}

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
  memberEmail = 'casey@example.test';
  await addUser(server.runtime.db, systemActor('test'), tenantId, {
    email: memberEmail,
    name: 'Casey Field',
    password: 'pw-casey-1234',
    role: 'member',
  });
  await addProperties(['ELM ST', 'OAK AVE', 'MAPLE DR', 'PINE CT', 'CEDAR LN', 'BIRCH RD', 'WILLOW WAY', 'ASPEN BLVD']);
  const pipelines = await api<{ items: { name: string; stages: StageView[] }[] }>('GET', '/pipelines');
  stages = pipelines.items.find((pipeline) => pipeline.name === 'Acquisitions')!.stages;
  // A board with something in most columns, for the screenshot; one deal sits in its stage past the rotting threshold.
  const seeded: [number, string, object][] = [
    [1, 'New lead', { temperature: 'hot', tags: ['probate'] }],
    [2, 'New lead', { temperature: 'cold' }],
    [3, 'Contacted', { temperature: 'warm', askingPrice: 180_000 }],
    [4, 'Offer made', { contractPrice: 142_000, expectedProfit: 18_500, temperature: 'hot' }],
    [5, 'Under contract', { contractPrice: 121_500, expectedProfit: 24_000, dealType: 'flip' }],
    [6, 'Under contract', { contractPrice: 98_000, expectedProfit: 12_000 }],
    [7, 'Closed won', { contractPrice: 87_000, expectedProfit: 9_500 }],
  ];
  for (const [property, stageName, fields] of seeded) {
    await api('POST', '/deals', { propertyId: properties[property]!.id, stageId: stage(stageName).id, ...fields });
  }
  await server.runtime.db.withTenant(tenantId, (tx) =>
    tx.query(
      `update deals set arv = 150000 + length(title) * 1000, mao = 95000 + length(title) * 500,
              stage_entered_at = case when parcel_id = $1 then now() - interval '9 days' else stage_entered_at end`,
      [properties[2]!.id],
    ),
  );
}, 180_000);

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

test('a deal from its property, a task on My day, cards moved with the mouse and the keyboard, and a member limited to their records', async () => {
  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);

  // A deal opened from its property lands on the deal page, in the first stage.
  const subject = properties[0]!;
  await page.goto(`${server.url}/properties/${subject.id}`);
  await page.getByRole('heading', { name: subject.street, level: 1 }).waitFor();
  await page.getByText('No deal on this property yet').waitFor();
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
  const dealId = page.url().split('/').at(-1)!;
  await page.getByRole('heading', { name: `${subject.street}, SPRINGFIELD`, level: 1 }).waitFor();
  expect(await page.getByLabel('Stage', { exact: true }).inputValue()).toBe(stage('New lead').id);
  await page.getByText('No next step').first().waitFor();

  // A dated task, due in the browser's time zone.
  await page.getByRole('button', { name: 'Add task' }).click();
  const taskDialog = page.getByRole('dialog', { name: 'Add task' });
  await taskDialog.getByLabel('What to do').fill('Call the owner about the roof');
  await taskDialog.getByLabel('Type').selectOption('call');
  await taskDialog.getByLabel('Priority').selectOption('high');
  await taskDialog.getByLabel('Repeat every (days)').fill('7');
  // Late today, so its next time a week on stays inside My day's coming week at any hour the test runs.
  await taskDialog.getByLabel('Due date').fill(await page.evaluate(() => new Date().toLocaleDateString('en-CA')));
  await taskDialog.getByLabel('Time').fill('23:59');
  await taskDialog.getByRole('button', { name: 'Add task' }).click();
  const openTasks = page.getByRole('list', { name: 'Open tasks' });
  await openTasks.getByText('Call the owner about the roof').waitFor();
  await expect.poll(() => page.getByText('No next step').count()).toBe(0);

  // An offer, prefilled with the deal's maximum allowable offer; a person added.
  await server.runtime.db.withTenant(tenantId, (tx) => tx.query('update deals set mao = 101500, arv = 168000 where id = $1', [dealId]));
  await page.reload();
  await page.getByRole('button', { name: 'Make offer' }).click();
  const offerDialog = page.getByRole('dialog', { name: 'Make offer' });
  expect(await offerDialog.getByLabel('Amount').inputValue()).toBe('101500');
  await offerDialog.getByRole('button', { name: 'Record offer' }).click();
  await page.getByRole('table', { name: 'Offers' }).getByText('$101,500').waitFor();
  await page.getByRole('button', { name: 'Add person' }).click();
  const personDialog = page.getByRole('dialog', { name: 'Add person' });
  await personDialog.getByLabel('Role').selectOption('attorney');
  await personDialog.getByLabel('Name').fill('Dana Probate');
  await personDialog.getByLabel('Phone').fill('+12175550123');
  await personDialog.getByRole('button', { name: 'Add person' }).click();
  await page.getByText('Dana Probate', { exact: true }).waitFor();
  await dismissToasts(page);
  await page.screenshot({ path: path.join(shots, 'deal.png'), fullPage: true, animations: 'disabled' });

  // The board: seven stages side by side, scrolling sideways; no card wider than its column.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' }).click();
  await page.getByRole('heading', { name: 'Deals', level: 1 }).waitFor();
  await expect.poll(() => page.getByTestId('board-column').count()).toBe(7);
  const board = page.getByTestId('deal-board');
  expect(await board.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  const overflowing = await page
    .getByTestId('deal-card')
    .evaluateAll((cards) => cards.filter((element) => element.scrollWidth > element.clientWidth + 1).length);
  expect(overflowing).toBe(0);
  const newLead = column(page, 'New lead');
  const contacted = column(page, 'Contacted');
  await card(newLead, subject.street).waitFor();
  expect(await card(newLead, subject.street).textContent()).toContain('Next ·');
  await card(page, properties[2]!.street)
    .getByText(/Rotting/)
    .waitFor();
  await page.screenshot({ path: path.join(shots, 'board.png'), animations: 'disabled' });

  // The mouse drags a card from the first column to the second.
  const dragged = properties[1]!;
  const from = (await card(newLead, dragged.street).boundingBox())!;
  const to = (await contacted.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 60, { steps: 15 });
  await page.mouse.up();
  await card(contacted, dragged.street).waitFor();
  expect(await card(newLead, dragged.street).count()).toBe(0);
  const draggedDeal = await api<{ items: DealView[] }>('GET', `/deals?propertyId=${dragged.id}`);
  await expect.poll(async () => (await api<DealView>('GET', `/deals/${draggedDeal.items[0]!.id}`)).stageId).toBe(stage('Contacted').id);
  expect(await contacted.locator('.count-badge').textContent()).toBe('2');

  // The keyboard: Space lifts the focused card, the right arrow carries it to the next stage, Space drops it.
  await lift(page, newLead, subject.street);
  await carryRight(page, subject.street, ['Contacted']);
  await page.keyboard.press('Space');
  await card(contacted, subject.street).waitFor();
  await expect.poll(async () => (await api<DealView>('GET', `/deals/${dealId}`)).stageId).toBe(stage('Contacted').id);

  // Into Dead, the board asks why before the move is sent.
  await lift(page, contacted, subject.street);
  await carryRight(page, subject.street, ['Appointment set', 'Offer made', 'Under contract', 'Closed won', 'Dead']);
  await page.keyboard.press('Space');
  const lostDialog = page.getByRole('dialog', { name: 'Why was this deal lost?' });
  await lostDialog.getByRole('button', { name: 'Listed with an agent' }).click();
  await page.screenshot({ path: path.join(shots, 'lost-reason.png'), animations: 'disabled' });
  await lostDialog.getByRole('button', { name: 'Move to Dead' }).click();
  await card(column(page, 'Dead'), subject.street).waitFor();
  await expect.poll(async () => (await api<DealView>('GET', `/deals/${dealId}`)).lostReason).toBe('Listed with an agent');

  // The same deals as a table, sorted by contract price.
  await page.getByRole('button', { name: 'Table' }).click();
  const table = page.getByRole('table', { name: 'Deals' });
  await table.getByText(subject.street).waitFor();
  await page.getByLabel('Sort').selectOption('contract_price');
  await expect.poll(() => table.locator('tbody tr').first().textContent()).toContain(properties[4]!.street);
  expect(new URL(page.url()).searchParams.get('sort')).toBe('contract_price');
  await dismissToasts(page);
  await page.screenshot({ path: path.join(shots, 'deals-table.png'), animations: 'disabled' });
  await page.getByRole('button', { name: 'Board' }).click();

  // Back to Contacted from the deal page's stage picker; the task still shows on My day.
  await card(column(page, 'Dead'), subject.street).click();
  await page.waitForURL(`**/deals/${dealId}`);
  await page.getByLabel('Stage', { exact: true }).selectOption(stage('Contacted').id);
  await page.getByText('Moved to Contacted').waitFor();
  await page.getByRole('list', { name: 'Stage changes, newest first' }).getByText('Dead').first().waitFor();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My day' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
  const taskRow = page.getByTestId('task-row').filter({ hasText: 'Call the owner about the roof' });
  await taskRow.waitFor();
  await taskRow.getByRole('link', { name: `${subject.street}, SPRINGFIELD` }).waitFor();
  await dismissToasts(page);
  await page.screenshot({ path: path.join(shots, 'my-day.png'), fullPage: true, animations: 'disabled' });
  await taskRow.getByRole('checkbox', { name: 'Mark “Call the owner about the roof” done' }).click();
  await expect
    .poll(async () => (await api<{ items: { done: boolean }[] }>('GET', `/tasks?dealId=${dealId}&status=done`)).items.length)
    .toBe(1);
  // It repeats every seven days: the only row left is the next one, a week on.
  const dueTimes = () => taskRow.locator('time').evaluateAll((times) => times.map((time) => Date.parse(time.getAttribute('datetime')!)));
  const weekOn = () => Date.now() + 6 * 86_400_000;
  await expect.poll(async () => (await dueTimes()).map((time) => time > weekOn())).toEqual([true]);

  // A member limited to the records assigned to them.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
  await page.getByLabel(`Records ${memberEmail} sees`).selectOption('assigned');
  await page.getByText(`${memberEmail} now sees only what is assigned to them`).waitFor();
  const members = await api<{ items: { email: string; visibility: string }[] }>('GET', '/users');
  expect(members.items.find((member) => member.email === memberEmail)?.visibility).toBe('assigned');
  await page.screenshot({ path: path.join(shots, 'team.png'), animations: 'disabled' });

  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
