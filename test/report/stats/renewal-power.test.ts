// The renewal figure's power statement against R's power.prop.test (fixtures/renewal-power.R).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sizePerGroup, sizeToDetect } from '../../../functions/report/stats/power.js';

interface Case {
  readonly p1: number;
  readonly p2: number;
  readonly power: number;
  readonly n: number;
}
const REF = JSON.parse(readFileSync(new URL('./fixtures/renewal-power.json', import.meta.url), 'utf8')) as {
  readonly r: string;
  readonly cases: readonly Case[];
};

describe('sizePerGroup against power.prop.test', () => {
  it.each(REF.cases)('needs R’s n for $p1 against $p2 at power $power', (c) => {
    // R finds n with uniroot (tolerance about 1e-4); the closed form is exact.
    expect(sizePerGroup(c.p1, c.p2, 0.05, c.power)).toBeCloseTo(c.n, 3);
  });

  it('agrees with the formula worked by hand for 70 % against 90 %', () => {
    // z.975 = 1.959964, z.8 = 0.841621; √0.32 = 0.565685, √0.30 = 0.547723;
    // (1.108722 + 0.460975)² / 0.04 = 61.599.
    expect(sizePerGroup(0.7, 0.9)).toBeCloseTo(61.599, 2);
  });

  it('gives no size for equal shares or shares outside 0–1', () => {
    expect(sizePerGroup(0.5, 0.5)).toBeNull();
    expect(sizePerGroup(-0.1, 0.5)).toBeNull();
    expect(sizePerGroup(0.5, 1.2)).toBeNull();
  });
});

describe('sizeToDetect', () => {
  it('looks upwards when there is room, downwards otherwise', () => {
    expect(sizeToDetect(0.7, 0.2)).toBeCloseTo(sizePerGroup(0.7, 0.9) as number, 10);
    expect(sizeToDetect(0.85, 0.2)).toBeCloseTo(sizePerGroup(0.85, 0.65) as number, 10);
  });

  it('gives none when neither direction fits', () => {
    expect(sizeToDetect(0.5, 0.6)).toBeNull();
    expect(sizeToDetect(0.5, 0)).toBeNull();
  });
});
