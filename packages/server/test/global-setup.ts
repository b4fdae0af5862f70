import { prepareTestDatabases } from './databases.js';

/** Vitest global setup: migrate once, so each test file's database starts from a copy. */
export default async function setup() {
  await prepareTestDatabases();
}
