// An output file with one JSON value per line, written as the replay goes (memory stays flat).

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

export class JsonlWriter {
  private readonly out: WriteStream;
  private count = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
  }

  async write(values: Iterable<unknown>): Promise<void> {
    let chunk = '';
    for (const value of values) {
      chunk += `${JSON.stringify(value)}\n`;
      this.count += 1;
    }
    if (chunk !== '' && !this.out.write(chunk)) await once(this.out, 'drain');
  }

  get lines(): number {
    return this.count;
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
