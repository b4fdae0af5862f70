import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every string exists in both languages: the base files and each feature's own locales folder.
const src = join(import.meta.dirname, '..');

type Strings = { [key: string]: string | Strings };

function keys(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

const read = (dir: string, lang: string): Strings => JSON.parse(readFileSync(join(src, dir, 'locales', `${lang}.json`), 'utf8')) as Strings;

const localeDirs = readdirSync(src, { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(join(src, d.name)).includes('locales'))
  .map((d) => d.name);

describe('translations', () => {
  it.each(localeDirs)('%s has the same keys in zh-CN and en', (dir) => {
    expect(keys(read(dir, 'en')).sort()).toEqual(keys(read(dir, 'zh-CN')).sort());
  });

  it('feature files add keys under their own top-level names, never redefining another', () => {
    const seen = new Map<string, string>();
    for (const dir of localeDirs) {
      for (const key of Object.keys(read(dir, 'zh-CN'))) {
        expect(seen.get(key), `${dir}: "${key}" is also defined in ${seen.get(key)}`).toBeUndefined();
        seen.set(key, dir);
      }
    }
    expect(localeDirs).toContain('i18n');
  });
});
