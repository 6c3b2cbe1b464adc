// Build step: writes the shipped JSON Schema next to the package root.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema, JSON_SCHEMA_FILE } from '../config/json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
fs.mkdirSync(path.join(root, 'schema'), { recursive: true });
fs.writeFileSync(path.join(root, JSON_SCHEMA_FILE), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
