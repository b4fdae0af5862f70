import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const BEGIN = '<!-- intake-bench:begin (written by npm run bench:intake) -->';
const END = '<!-- intake-bench:end -->';

/**
 * Puts `generated` between the bench markers of the "## Intake" section of `file`, leaving the
 * rest of the file — other sections and the hand-written notes around the markers — as it was.
 */
export function writeIntakeSection(file: string, generated: string): void {
  writeBenchSection(file, 'Intake', BEGIN, END, generated);
}

/** The same for any section: `generated` goes between `begin` and `end` under `## heading`. */
export function writeBenchSection(file: string, heading: string, BEGIN: string, END: string, generated: string): void {
  const block = `${BEGIN}\n${generated.trim()}\n${END}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin >= 0 && end > begin) {
    text = text.slice(0, begin) + block + text.slice(end + END.length);
  } else {
    const found = new RegExp(`^## ${heading}\\s*$`, 'm').exec(text);
    if (found) {
      const at = found.index + found[0].length;
      text = `${text.slice(0, at)}\n\n${block}\n${text.slice(at)}`;
    } else {
      text = `${text.trimEnd()}\n\n## ${heading}\n\n${block}\n`;
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
