import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DOCS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/benchmarks.md');

/**
 * Puts `generated` between the markers `<!-- {key}:begin --> … <!-- {key}:end -->` under the
 * heading `## {heading}` of docs/benchmarks.md, leaving every other section as it was.
 */
export function writeBenchSection(heading: string, key: string, generated: string, file = BENCH_DOCS): void {
  const BEGIN = `<!-- ${key}:begin (written by npm run bench:${key}) -->`;
  const END = `<!-- ${key}:end -->`;
  const block = `${BEGIN}\n${generated.trim()}\n${END}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin >= 0 && end > begin) {
    text = text.slice(0, begin) + block + text.slice(end + END.length);
  } else {
    const h = new RegExp(`^## ${heading}\\s*$`, 'm').exec(text);
    if (h) {
      const at = h.index + h[0].length;
      text = `${text.slice(0, at)}\n\n${block}\n${text.slice(at)}`;
    } else {
      text = `${text.trimEnd()}\n\n## ${heading}\n\n${block}\n`;
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A short description of the machine, for the record. */
export async function machine(): Promise<string> {
  const os = await import('node:os');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}
