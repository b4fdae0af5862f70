import { describe, expect, it } from 'vitest';
import { findChromium } from './browser';

describe('findChromium', () => {
  it('fails with the install instruction when no Chromium is found, so the browser tests never pass silently', () => {
    expect(() => findChromium(['/nonexistent/chromium', undefined])).toThrow(/apt-get install -y chromium fonts-noto-cjk/);
  });
  it('takes the first binary that exists', () => {
    expect(findChromium(['/nonexistent/chromium', process.execPath])).toBe(process.execPath);
  });
});
