import type { Kysely } from 'kysely';
import type { Kind } from '../catalog/kinds.js';
import type { Category, Commitment, DB } from '../db/schema.js';
import { describeCommitments, type Locale } from '../portal/commitment-text.js';
import { type AttributeDef, attributesFor } from './service-attributes.js';

/** Reports of misconduct (举报) protect the whistle-blower: never listed, never published. */
export const UNPUBLISHED_KINDS: readonly Kind[] = ['misconduct'];

export type PublishedService = {
  category: Category;
  commitments: Commitment[];
  commitmentText: string;
  attributes: AttributeDef[];
};

/** The tenant's active categories that are offered to the public, with their commitments and attributes. */
export async function listPublishedServices(db: Kysely<DB>, tenantId: string, locale: Locale = 'zh-CN'): Promise<PublishedService[]> {
  const [categories, commitments] = await Promise.all([
    db
      .selectFrom('categories')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('active', '=', true)
      .orderBy('kind')
      .orderBy('code')
      .execute(),
    db.selectFrom('commitments').selectAll().where('tenant_id', '=', tenantId).execute(),
  ]);
  return categories
    .filter((c) => !UNPUBLISHED_KINDS.includes(c.kind))
    .map((category) => {
      const own = commitments.filter((m) => m.category_id === category.id);
      const commitmentText = describeCommitments(own, locale);
      return { category, commitments: own, commitmentText, attributes: attributesFor(category.kind as Kind, commitmentText) };
    });
}

export async function findPublishedService(db: Kysely<DB>, tenantId: string, code: string, locale: Locale = 'zh-CN') {
  return (await listPublishedServices(db, tenantId, locale)).find((s) => s.category.code === code) ?? null;
}
