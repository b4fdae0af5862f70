import { writeFile } from 'node:fs/promises';
import { CLIENT_TYPES_PATH, generateClientTypes } from './api-client.js';

// `npm run gen:api`: rewrites the console's API types from the server's OpenAPI document.
await writeFile(CLIENT_TYPES_PATH, await generateClientTypes());
console.log(`wrote ${CLIENT_TYPES_PATH}`);
