// The CreateTable requests the local services make: the single table with its due index, and the
// compliance record's own table with the same keys and no index.
import { describe, expect, it } from 'vitest';
import { complianceTableDefinition, tableDefinition } from '../../functions/adapters/table-schema.js';

const KEYS = {
  attributes: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  schema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

describe('table definitions', () => {
  it('defines the single table on demand with string keys and the keys-only due index', () => {
    expect(tableDefinition('t')).toEqual({
      TableName: 't',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        ...KEYS.attributes,
        { AttributeName: 'dueShard', AttributeType: 'S' },
        { AttributeName: 'nextDueAt', AttributeType: 'S' },
      ],
      KeySchema: KEYS.schema,
      GlobalSecondaryIndexes: [
        {
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'dueShard', KeyType: 'HASH' },
            { AttributeName: 'nextDueAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it('defines the compliance table with the same keys and no index', () => {
    expect(complianceTableDefinition('t-compliance')).toEqual({
      TableName: 't-compliance',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: KEYS.attributes,
      KeySchema: KEYS.schema,
    });
  });
});
