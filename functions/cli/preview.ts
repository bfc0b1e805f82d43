// `teichaku preview`: a local page where CS ops see every email as they edit it, and send tests.
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_SES_ENDPOINT } from './preview-mail.js';
import { startPreview } from './preview-server.js';

const PreviewFlags = z.object({
  port: z.coerce
    .number({ error: 'must be a port number (0 to 65535)' })
    .int('must be a port number (0 to 65535)')
    .min(0)
    .max(65_535),
  templates: z.string().min(1),
  sesEndpoint: z.string().optional(),
  from: z.string().min(3),
  to: z.string().min(3),
});

export function register(program: Command): void {
  program
    .command('preview')
    .description('see every email (kind × locale) with sample data, reloaded on save, and send tests to a local SES')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '8030')
    .option('--templates <dir>', 'the templates folder to watch', 'templates')
    .option(
      '--ses-endpoint <url>',
      `local SES for "send test" (default ${DEFAULT_SES_ENDPOINT}; started here when nothing answers there)`,
    )
    .option('--from <address>', 'From address of test emails', 'teichaku preview <preview@example.com>')
    .option('--to <address>', 'address the page suggests for tests', 'cs-ops@example.com')
    .action(async (raw: unknown) => {
      const parsed = PreviewFlags.safeParse(raw);
      if (!parsed.success) {
        throw new Error(
          parsed.error.issues
            .map((i) => `--${String(i.path[0] ?? '?').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`)
            .join('; '),
        );
      }
      const flags = parsed.data;
      const preview = await startPreview({
        templates: flags.templates,
        port: flags.port,
        ...(flags.sesEndpoint === undefined ? {} : { sesEndpoint: flags.sesEndpoint }),
        from: flags.from,
        defaultTo: flags.to,
      });
      process.stdout.write(
        `teichaku preview: ${preview.url}\n` +
          `  watching ${flags.templates}/ (the page reloads on save)\n` +
          `  "send test" goes to the local SES; read the mail at ${preview.sesEndpoint}/\n` +
          '  stop with Ctrl+C\n',
      );
      await new Promise<void>((stop) => {
        process.once('SIGINT', () => stop());
        process.once('SIGTERM', () => stop());
      });
      await preview.close();
    });
}
