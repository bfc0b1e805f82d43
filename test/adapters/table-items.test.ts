import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { accountItem } from '../../functions/adapters/account-item.js';
import { readTableItem, UnreadableItemError } from '../../functions/adapters/table-items.js';
import { aBusyAccount } from './busy-account.js';

describe('reading a table item back', () => {
  it('reads an account item in the packed form the store writes', () => {
    const state = { ...aBusyAccount('acc-1', 4), version: 9 };
    expect(readTableItem(accountItem(state, 16))).toEqual({ kind: 'account', state });
  });

  it('reads an account item written before the packing, with the state as a map', () => {
    const { version, ...body } = { ...aBusyAccount('acc-1', 2), version: 3 };
    const raw = marshall({ pk: 'ACCOUNT#acc-1', sk: 'STATE', version, state: body }, { removeUndefinedValues: true });
    expect(readTableItem(raw)).toEqual({ kind: 'account', state: { ...body, version } });
  });

  it('names the item and what is wrong when an account item is damaged, and never its content', () => {
    const raw = accountItem({ ...aBusyAccount('acc-1', 2), version: 1 }, 16);
    const damaged = { ...raw, packed: { B: Uint8Array.from([2, ...(raw.packed?.B ?? [])]) } };
    let error: unknown;
    try {
      readTableItem(damaged);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnreadableItemError);
    expect((error as Error).message).toMatch(
      /^table item ACCOUNT#acc-1 \/ STATE is unreadable \(packed state has format 2, this version reads format 1\)/,
    );
    expect((error as Error).message).not.toMatch(/example\.com|Person/);
  });
});
