// Who signs: the account's CS owner when it has one (the email comes in the owner's name), the team otherwise.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../../../functions/build/build-content.js';
import type { Content } from '../../../functions/core/email/content.js';
import { renderEmail } from '../../../functions/core/email/render.js';
import { sampleInputs } from '../../../functions/core/email/samples.js';
import type { RenderInput } from '../../../functions/core/ports.js';
import { SHIPPED_TEMPLATES } from '../../build/temp-templates.js';

const NOW = '2026-11-25T03:00:00.000Z';
let content: Content;
let samples: RenderInput[];

beforeAll(async () => {
  content = await buildContent(SHIPPED_TEMPLATES, new Date(NOW));
  samples = sampleInputs(content, NOW).flatMap((s) => (s.ok ? [s.input] : []));
});

const withoutOwner = (input: RenderInput): RenderInput => {
  const { csOwner: _dropped, ...account } = input.account;
  return { ...input, account };
};
const withOwner = (input: RenderInput, name: string): RenderInput => ({
  ...input,
  account: { ...input.account, csOwner: { name, email: 'owner@example.com' } },
});

describe('the signature', () => {
  it('is the CS owner in every template when the account has one', () => {
    expect(samples).toHaveLength(20);
    for (const input of samples) {
      const { text } = renderEmail(content, withOwner(input, 'Haruka Mori'));
      const team = content.sender[input.touch.locale].name;
      expect(text, input.touch.template).toContain('Haruka Mori');
      // The team still sends the email (the legal footer names it), but does not sign the body.
      const body = text.slice(0, text.indexOf(team));
      expect(body, input.touch.template).toContain('Haruka Mori');
    }
  });

  it('is the team when the account has no CS owner', () => {
    for (const input of samples) {
      const { text } = renderEmail(content, withoutOwner(input));
      const team = content.sender[input.touch.locale].name;
      // Once in the signature, once in the footer.
      expect(text.split(team).length - 1, input.touch.template).toBeGreaterThanOrEqual(2);
    }
  });
});
