import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';

type TransformObjectInput = Parameters<typeof jsonSchemaTransformObject>[0];
type Schema = Record<string, unknown>;

/** Every `#/components/schemas/…` name a part of the document refers to. */
function refsIn(value: unknown, into: Set<string>) {
  const text = JSON.stringify(value);
  for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) into.add(m[1]!);
  return into;
}

/**
 * Adds the schemas registered with `.meta({ id })` to the document's components, as
 * fastify-type-provider-zod does, then tidies them for OpenAPI 3.1: a component keeps no
 * `$schema`/`$id` of its own (a fragment `$id` is not allowed by JSON Schema), and the
 * unused half of each input/output pair is left out so the generated client stays small.
 */
export function openApiTransformObject(input: TransformObjectInput): ReturnType<typeof jsonSchemaTransformObject> {
  // The provider answers OpenAPI 3 (it refuses 2.0), so the document has components.
  const result = jsonSchemaTransformObject(input);
  const doc = result as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  const all = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  for (const schema of Object.values(all)) {
    delete schema.$schema;
    delete schema.$id;
  }
  // Keep what the paths refer to, and what those components refer to in turn.
  const keep = refsIn(doc.paths, new Set());
  for (let grew = true; grew; ) {
    const before = keep.size;
    for (const name of [...keep]) refsIn(all[name], keep);
    grew = keep.size > before;
  }
  if (doc.components) doc.components.schemas = Object.fromEntries(Object.entries(all).filter(([name]) => keep.has(name)));
  return result;
}
