import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_PATH, generateClientTypes } from '../../scripts/api-client.js';

/** The first line where two texts part, for a message shorter than a 7000-line diff. */
function firstDifference(a: string, b: string) {
  const left = a.split('\n');
  const right = b.split('\n');
  const i = left.findIndex((line, n) => line !== right[n]);
  const at = i === -1 ? left.length : i;
  return `line ${at + 1}: committed ${JSON.stringify(left[at])}, routes give ${JSON.stringify(right[at])}`;
}

describe("the console's generated API client", () => {
  it('matches the routes: packages/web/src/api/openapi.d.ts is what `npm run gen:api` writes today', async () => {
    const committed = await readFile(CLIENT_TYPES_PATH, 'utf8');
    const fresh = await generateClientTypes();
    if (committed !== fresh) expect.fail(`openapi.d.ts is out of date; run \`npm run gen:api\` (${firstDifference(committed, fresh)})`);
  });
});
