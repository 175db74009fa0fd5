// The enrollment link in a real browser (headless Chromium driven by playwright-core):
// open the invitation from /_local/mail, follow the link, decline with a reason, see the
// agency's email arrive; then, on a second enrollment, sign in and confirm with the two
// contacts. Screenshots go to SCREENSHOTS (kept as test artefacts).
//
// Run by tests/tests/browser_enrollment.rs, which starts ses-local and creates the
// enrollments; it passes BASE_URL, FIRST_INVITEE, SECOND_INVITEE, SCREENSHOTS.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require(path.resolve(process.env.NPM_DIR, 'node_modules/playwright-core'));

const base = process.env.BASE_URL;
const shots = process.env.SCREENSHOTS;
const fail = (message) => { console.error('FAILED: ' + message); process.exit(1); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();

  // 1. The first invitation, found on the mail page, and its link.
  async function openInvitation(email) {
    await page.goto(`${base}/_local/mail`);
    const article = page.locator('article', { hasText: email }).filter({ hasText: 'started the enrollment' }).first();
    if (await article.count() === 0) fail(`no invitation to ${email} on the mail page`);
    const link = article.locator('a[href*="/enrollment-responses/"]').first();
    await link.click();
    await page.waitForLoadState();
  }

  await openInvitation(process.env.FIRST_INVITEE);
  await page.screenshot({ path: path.join(shots, '1-response-page.png'), fullPage: true });
  if (!(await page.textContent('h1')).includes('Enrollment of')) fail('the response page did not open');

  // 2. Decline with a reason; the page says so.
  await page.fill('#reason', 'I handle mortgages, not this license. Ask Sam.');
  await page.click('#decline');
  await page.waitForSelector('#outcome');
  await page.screenshot({ path: path.join(shots, '2-declined.png'), fullPage: true });
  if (!(await page.textContent('#outcome')).includes('declined')) fail('no declined page');

  // 3. The agency's email arrives.
  let arrived = false;
  for (let i = 0; i < 40 && !arrived; i++) {
    await page.goto(`${base}/_local/mail`);
    arrived = (await page.locator('article', { hasText: 'declined the SES enrollment' }).count()) > 0;
    if (!arrived) await page.waitForTimeout(250);
  }
  if (!arrived) fail("the agency's email did not arrive");
  await page.screenshot({ path: path.join(shots, '3-agency-told.png'), fullPage: true });

  // 4. The second invitation: sign in with the invited email and confirm with both contacts.
  await openInvitation(process.env.SECOND_INVITEE);
  await page.click('#confirm');
  await page.waitForSelector('#sign-in');
  await page.screenshot({ path: path.join(shots, '4-sign-in.png'), fullPage: true });
  await page.click('#submit');
  await page.waitForSelector('#confirm-form');
  await page.fill('[id="complaintsContact.firstName"]', 'Lee');
  await page.fill('[id="complaintsContact.lastName"]', 'Chan');
  await page.fill('[id="complaintsContact.email"]', 'lee.chan@juniper-bay.example');
  await page.fill('[id="complaintsContact.phone"]', '(469) 555-0123');
  await page.screenshot({ path: path.join(shots, '5-contacts.png'), fullPage: true });
  await page.click('#submit');
  await page.waitForSelector('#outcome');
  await page.screenshot({ path: path.join(shots, '6-confirmed.png'), fullPage: true });
  const outcome = await page.textContent('#outcome');
  if (!outcome.includes('is enrolled')) fail('not confirmed: ' + outcome);
  console.log('browser flow passed');
} finally {
  await browser.close();
}
