// Who the sample world's customers are: company profiles and the people who use the product.
// Names are made up from short lists; addresses are on example.com subdomains (RFC 2606), so no
// email of the sample can reach anyone.
import type { AccountUpserted, ContactRole, Locale, TouchModel } from '../core/events.js';
import { addCalendarDays, addMonths } from '../core/time.js';
import { createRandom, deriveSeed, type Random } from './random.js';
import type { Persona, SampleWorld } from './sample-config.js';

export interface SampleContact {
  readonly contactId: string;
  readonly email: string;
  readonly name: string;
  readonly role: ContactRole;
  readonly locale: Locale;
}

export interface SampleAccount {
  readonly accountId: string;
  readonly persona: Persona;
  readonly profile: AccountUpserted;
  /** The people at contract start, owner first. */
  readonly contacts: readonly SampleContact[];
  /** The owner who takes over, for the `new-owner` persona. */
  readonly successor: SampleContact | null;
  readonly explicitOnboarding: boolean;
  /** Seed of the account's own random stream (its usage does not depend on other accounts). */
  readonly seed: number;
}

const COMPANY_WORDS = {
  ja: {
    first: ['さくら', '青空', '富士', '北斗', '若葉', '朝日', '白鷺', '大和', '紅葉', '翠光', '瑞穂', '東雲'],
    last: ['製作所', '商事', '物流', 'システムズ', 'メディカル', '建設', '学舎', 'ファイナンス'],
  },
  en: {
    first: [
      'Northwind',
      'Bluebird',
      'Harbor',
      'Summit',
      'Maple',
      'Cedar',
      'Orion',
      'Atlas',
      'Juniper',
      'Granite',
      'Willow',
      'Beacon',
    ],
    last: ['Works', 'Trading', 'Logistics', 'Systems', 'Health', 'Builders', 'Academy', 'Capital'],
  },
} as const;

const PERSON_WORDS = {
  ja: {
    family: ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'],
    given: ['陽子', '健太', '美咲', '大輔', '直樹', '彩', '翔', '恵', '拓也', '結衣'],
  },
  en: {
    family: ['Smith', 'Garcia', 'Chen', 'Patel', 'Brown', 'Lee', 'Walker', 'Young', 'King', 'Lopez'],
    given: ['Alex', 'Jordan', 'Sam', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn'],
  },
} as const;

function companyName(random: Random, locale: Locale, industryIndex: number): string {
  const words = COMPANY_WORDS[locale];
  const last = words.last[industryIndex % words.last.length] as string;
  return locale === 'ja' ? `株式会社${random.pick(words.first)}${last}` : `${random.pick(words.first)} ${last} Inc.`;
}

function personName(random: Random, locale: Locale): string {
  const words = PERSON_WORDS[locale];
  return locale === 'ja'
    ? `${random.pick(words.family)} ${random.pick(words.given)}`
    : `${random.pick(words.given)} ${random.pick(words.family)}`;
}

function contact(accountId: string, n: number, role: ContactRole, locale: Locale, random: Random): SampleContact {
  return {
    contactId: `${accountId}-u${n}`,
    email: `u${n}@${accountId}.example.com`,
    name: personName(random, locale),
    role,
    locale,
  };
}

/** A calendar date `months` later (clamped to the month's last day). */
function monthsAfter(date: string, months: number): string {
  return addMonths(`${date}T00:00:00.000Z`, months).slice(0, 10);
}

/**
 * The account's contract: its renewal date and yearly value. Drawn from a stream of its own, so the
 * rest of the account is what it was before the sample had contracts.
 */
function drawContract(
  world: SampleWorld,
  seed: number,
  locale: Locale,
  contractStart: string,
  employees: number,
): Pick<AccountUpserted, 'renewalDate' | 'arr' | 'currency'> {
  const random = createRandom(deriveSeed(seed, 'contract'));
  const { earlierTerm, arrPerEmployee } = world.contracts;
  // A term that started 6–11 months before the contract start runs out 1–6 months after it.
  const termMonths = random.chance(earlierTerm) ? 12 - random.int(6, 11) : 12;
  const currency = locale === 'ja' ? 'JPY' : 'USD';
  const step = currency === 'JPY' ? 10_000 : 100;
  return {
    renewalDate: monthsAfter(contractStart, termMonths),
    arr: Math.max(step, Math.round((employees * arrPerEmployee[currency]) / step) * step),
    currency,
  };
}

/** The account's CS owner, from the team's owners (its own random stream: the other draws stay as they were). */
function csOwnerOf(world: SampleWorld, seed: number): Pick<AccountUpserted, 'csOwner'> {
  const owners = world.csTeam?.owners ?? [];
  if (owners.length === 0) return {};
  return { csOwner: { ...createRandom(deriveSeed(seed, 'cs-owner')).pick(owners) } };
}

/** The sample account's CRM record id. */
export function crmIdOf(n: number): string {
  return String(18_000_000_000 + n);
}

/** Draws one account; account `n` is the same whatever the number of accounts drawn. */
export function drawAccount(world: SampleWorld, n: number): SampleAccount {
  const accountId = `acc-${String(n).padStart(4, '0')}`;
  const seed = deriveSeed(world.seed, accountId);
  const random = createRandom(seed);
  const locale = random.weighted(world.locales as Record<Locale, number>);
  const industryIndex = random.int(0, world.industries.length - 1);
  const sizeIndex = Number(random.weighted(Object.fromEntries(world.sizes.map((s, i) => [String(i), s.weight]))));
  const size = world.sizes[sizeIndex];
  if (size === undefined) throw new Error('sample world has no sizes');
  const persona = random.weighted(world.personas as Record<Persona, number>);
  const touchModel = random.weighted(world.touchModels as Record<TouchModel, number>);
  const contractStart = addCalendarDays(world.startDate, random.int(0, world.signupWeeks * 7 - 1));

  const people = random.int(size.contacts[0], size.contacts[1]);
  const contacts: SampleContact[] = [contact(accountId, 1, 'owner', locale, random)];
  if (people >= 3 || random.chance(0.5))
    contacts.push(contact(accountId, contacts.length + 1, 'admin', locale, random));
  while (contacts.length < people) contacts.push(contact(accountId, contacts.length + 1, 'member', locale, random));
  const successor = persona === 'new-owner' ? contact(accountId, contacts.length + 1, 'owner', locale, random) : null;
  const name = companyName(random, locale, industryIndex);
  const employees = random.int(size.employees[0], size.employees[1]);

  return {
    accountId,
    persona,
    profile: {
      accountId,
      name,
      plan: size.plan,
      industry: world.industries[industryIndex] as string,
      employees,
      timeZone: random.pick(world.timeZones[locale]),
      locale,
      contractStart,
      touchModel,
      ...drawContract(world, seed, locale, contractStart, employees),
      ...csOwnerOf(world, seed),
      // Every sample company is in the CRM, under an id shaped like HubSpot's (numeric); made from `n`
      // alone, so no draw of the account changes.
      crmId: crmIdOf(n),
    },
    contacts,
    successor,
    explicitOnboarding: random.chance(world.explicitOnboardingEvent),
    seed: deriveSeed(seed, 'usage'),
  };
}
