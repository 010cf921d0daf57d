import { afterAll } from 'vitest';
import { dropReusableSchemas } from './postgres-opener.js';

// The schemas a file's PostgreSQL stores were reset into for reuse go when the file ends.
afterAll(() => dropReusableSchemas());
