// The sample people and the survey emails: a person who answers does it through the survey page,
// with the link of the email as sent (a GET, then the form's POST), which yields exactly one `Survey
// Answered` with channel email and the touch as its survey; a link scanner's GETs yield none; the
// same seed gives the same answers, and adoption moves the response rate and the scores.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRenderer } from '../../functions/adapters/content-file.js';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createSurveyTokens } from '../../functions/adapters/survey-token.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createSurvey } from '../../functions/app/survey.js';
import { surveyLine } from '../../functions/cli/start.js';
import type { Content } from '../../functions/core/email/content.js';
import type { SurveyType } from '../../functions/core/program.js';
import type { AccountState } from '../../functions/core/state.js';
import { DAY_MS, toIso } from '../../functions/core/time.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { runClosedLoop } from '../../functions/sim/closed-loop.js';
import { runSimulation } from '../../functions/sim/run-simulation.js';
import { drawAccount } from '../../functions/sim/sample-accounts.js';
import type { SurveyWeb } from '../../functions/sim/sample-browser.js';
import { emailLinks } from '../../functions/sim/sample-browser.js';
import { loadSampleWorld, type SampleWorld } from '../../functions/sim/sample-config.js';
import { sampleLoop } from '../../functions/sim/sample-loop.js';
import { planSurveyAnswer, type SurveyEmail, scansLinks } from '../../functions/sim/sample-survey.js';
import { sampleWindow } from '../../functions/sim/sample-world.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { recordingLogger, sqsEvent } from '../handlers/helpers.js';
import { shippedContent } from '../reliability/content.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'sample-survey-test-secret-0123456789';
const BASE = 'https://unsubscribe.example.com/u';
const surveyTokens = createSurveyTokens(async () => SECRET);
const touchIdOf = (i: number) => `survey.${i.toString(16).padStart(32, '0')}`;

let content: Content;
let world: SampleWorld;

beforeAll(async () => {
  content = await shippedContent();
  const base = await loadSampleWorld(join(ROOT, 'templates/sample/world.yaml'));
  world = { ...base, accounts: 30, months: 2 };
});

/** The first touch id (from `from`) whose email the person answers, or leaves, at the lowest adoption. */
function touchWhere(answers: boolean, email: Omit<SurveyEmail, 'touchId'>): string {
  for (let i = 1; i < 1000; i++) {
    const planned = planSurveyAnswer({ ...email, touchId: touchIdOf(i), adoption: 0, dropped: false });
    const answersAtAnyAdoption = planned !== null;
    const leavesAtAnyAdoption = planSurveyAnswer({ ...email, touchId: touchIdOf(i), adoption: 1 }) === null;
    if (answers ? answersAtAnyAdoption : leavesAtAnyAdoption) return touchIdOf(i);
  }
  throw new Error('no touch id found');
}

/** A sample person, scanned by their mail gateway or not. */
function personWhere(scanned: boolean) {
  for (let n = 1; n <= world.accounts; n++) {
    const account = drawAccount(world, n);
    const contact = account.contacts.find((c) => scansLinks(account.accountId, c.contactId) === scanned);
    if (contact !== undefined) return { account, contact };
  }
  throw new Error('no such person in the sample');
}

/** A survey email to the person, sent by the sender as in AWS, and the survey page over the same store. */
async function sendSurvey(person: ReturnType<typeof personWhere>, touchId: string, survey: SurveyType, at: string) {
  const store = new MemoryAccountStore();
  const { account, contact } = person;
  await store.save(
    anAccount(account.accountId)
      .withProfile({ locale: contact.locale })
      .withContact(contact.contactId, { email: contact.email, name: contact.name, role: contact.role })
      .onboardedOn(account.profile.contractStart)
      .state(),
  );
  const mailer = new MemoryMailer();
  const sender = createSenderHandler({
    store,
    ledger: new MemoryTouchLedger(),
    mailer,
    publisher: new MemorySignalPublisher(),
    renderer: createRenderer(content),
    tokens: createUnsubscribeTokens(async () => SECRET),
    surveyTokens,
    fromFor: () => 'cs@example.com',
    unsubscribeBaseUrl: BASE,
    clock: () => at,
    logger: recordingLogger(),
  });
  const touch = aPlannedTouch(
    { kind: 'survey', survey },
    { touchId, accountId: account.accountId, contactId: contact.contactId, locale: contact.locale, plannedAt: at },
  );
  expect((await sender(sqsEvent([JSON.stringify(touch)]))).batchItemFailures).toEqual([]);
  const email = mailer.all()[0]?.email;
  if (email === undefined) throw new Error('the survey email was not sent');
  const requests: string[] = [];
  const web: SurveyWeb = (request, now, answers) => {
    requests.push(request.method);
    return createSurvey({ tokens: surveyTokens, answers, store, clock: () => now, logger: recordingLogger() })(request);
  };
  return { touch, links: emailLinks(email.html), web, requests };
}

/** The loop given the one email, its visits made, and every `Survey Answered` it then hands out. */
async function answersTo(person: ReturnType<typeof personWhere>, touchId: string, survey: SurveyType) {
  const loop = sampleLoop(world, content.programs);
  const { until } = sampleWindow(world);
  // 20 days after the person's contract starts: before any in-app NPS is asked.
  const at = toIso(Date.parse(`${person.account.profile.contractStart}T01:00:00.000Z`) + 20 * DAY_MS);
  loop.take(Date.parse(at));
  const { touch, links, web, requests } = await sendSurvey(person, touchId, survey, at);
  loop.deliver([{ at, touch, links }]);
  await loop.visit(Date.parse(until), web);
  const answers = loop
    .take(Date.parse(until))
    .map((e) => JSON.parse(e.body) as { 'detail-type': string; detail: Record<string, unknown> })
    .filter((e) => e['detail-type'] === 'Survey Answered' && e.detail.channel === 'email');
  return { answers, requests, figures: loop.surveys(), links };
}

const emailOf = (person: ReturnType<typeof personWhere>, survey: SurveyType) => ({
  accountId: person.account.accountId,
  contactId: person.contact.contactId,
  survey,
  locale: person.contact.locale,
  atMs: 0,
  adoption: 0,
  dropped: false,
});

describe('a sample person and a survey email', () => {
  it.each(['nps', 'csat'] as const)(
    'answers a %s email through its page: exactly one Survey Answered, channel email, the touch as survey',
    async (survey) => {
      const person = personWhere(false);
      const touchId = touchWhere(true, emailOf(person, survey));
      const { answers, requests, figures } = await answersTo(person, touchId, survey);
      expect(answers).toHaveLength(1);
      expect(answers[0]?.detail).toMatchObject({ channel: 'email', surveyId: touchId, survey });
      // The score's page, then Send: as a browser does.
      expect(requests).toEqual(['GET', 'POST']);
      expect(figures).toEqual({ received: 1, answered: 1, unanswered: 0, scannerFetches: 0 });
    },
  );

  it('records nothing from a link scanner’s fetch of every link of an email nobody answers', async () => {
    const person = personWhere(true);
    const touchId = touchWhere(false, emailOf(person, 'nps'));
    const { answers, requests, figures } = await answersTo(person, touchId, 'nps');
    expect(figures.scannerFetches).toBe(11);
    expect(requests).toEqual(Array.from({ length: 11 }, () => 'GET'));
    expect(answers).toEqual([]);
    expect(figures.answered).toBe(0);
  });

  it('gives one answer, not more, when the scanner went through the links before the person', async () => {
    const person = personWhere(true);
    const touchId = touchWhere(true, emailOf(person, 'csat'));
    const { answers, requests, figures } = await answersTo(person, touchId, 'csat');
    expect(figures.scannerFetches).toBe(5);
    expect(requests.filter((m) => m === 'POST')).toHaveLength(1);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.detail).toMatchObject({ channel: 'email', surveyId: touchId });
  });
});

describe('the line npm start prints', () => {
  it('gives the survey emails delivered and answered, the rate, and the scanners’ fetches', () => {
    expect(surveyLine({ received: 40, answered: 10, unanswered: 0, scannerFetches: 33 })).toBe(
      'survey emails: 40 delivered, 10 answered on the survey page (25.0 %); link scanners fetched 33 survey pages (GETs only)',
    );
    expect(surveyLine({ received: 0, answered: 0, unanswered: 0, scannerFetches: 0 })).toContain('(0.0 %)');
    expect(surveyLine({ received: 4, answered: 1, unanswered: 2, scannerFetches: 0 })).toContain(
      '(25.0 %, 2 not taken by the page)',
    );
  });
});

describe('the sample’s email answers', () => {
  const emailAnswers = (w: SampleWorld) =>
    runClosedLoop(w, content.programs, content.catalogs).flatMap((a) =>
      Object.values(a.state.contacts).flatMap((c) =>
        Object.values(c.surveys ?? {}).filter((s) => s.channel === 'email'),
      ),
    );

  it('are the same for the same seed, and others for another seed', () => {
    const first = emailAnswers(world);
    expect(first.length).toBeGreaterThan(0);
    expect(emailAnswers(world)).toEqual(first);
    expect(emailAnswers({ ...world, seed: world.seed + 1 })).not.toEqual(first);
  });

  it('reach the same states through the survey page in the replay as applied directly on the core', async () => {
    const small = { ...world, accounts: 10 };
    const loop = sampleLoop(small, content.programs);
    const { from, until } = sampleWindow(small);
    const dir = mkdtempSync(join(tmpdir(), 'teichaku-survey-'));
    const live = await runSimulation({
      eventsFile: join(dir, 'events.jsonl'),
      live: loop,
      from,
      until,
      outDir: dir,
      programFile: join(ROOT, 'templates/program.yaml'),
      services: 'memory',
    });
    const fast = new Map(
      runClosedLoop(small, content.programs, content.catalogs).map((a) => [a.state.accountId, a.state]),
    );
    const replayed = readFileSync(live.files.accounts, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { accountId: string; state: AccountState });
    const byEmail = replayed.flatMap((a) =>
      Object.values(a.state.contacts).flatMap((c) =>
        Object.values(c.surveys ?? {}).filter((s) => s.channel === 'email'),
      ),
    );
    expect(byEmail.length).toBeGreaterThan(0);
    expect(loop.surveys()).toMatchObject({ answered: byEmail.length, unanswered: 0 });
    for (const { accountId, state } of replayed) {
      // `crmSynced` records the replay's CRM publishes; the fast loop on the core publishes nothing.
      const { version: _v, crmSynced: _c, ...mine } = state;
      const { version: _w, ...direct } = fast.get(accountId) as AccountState;
      expect(mine).toEqual(direct);
    }
  }, 120_000);

  it('come more often and score higher where the account adopted more', () => {
    const draw = (adoption: number) =>
      Array.from({ length: 2000 }, (_, i) =>
        planSurveyAnswer({
          accountId: 'acc-1',
          contactId: 'c-1',
          touchId: touchIdOf(i),
          survey: 'nps',
          locale: 'en',
          atMs: 0,
          adoption,
          dropped: false,
        }),
      ).flatMap((a) => (a === null ? [] : [a.score]));
    const low = draw(0);
    const high = draw(1);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    // 10 % and 40 % of 2000, within a few standard deviations.
    expect(low.length).toBeGreaterThan(140);
    expect(low.length).toBeLessThan(260);
    expect(high.length).toBeGreaterThan(720);
    expect(high.length).toBeLessThan(880);
    expect(mean(low)).toBeLessThan(6);
    expect(mean(high)).toBeGreaterThan(9.5);
  });
});
