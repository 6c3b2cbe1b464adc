import { configJsonSchema } from '../config/json-schema.js';
import { parse, out } from './args.js';

export async function jsonSchemaCommand(argv: string[]): Promise<number> {
  parse(argv, {});
  out(JSON.stringify(configJsonSchema(), null, 2));
  return 0;
}
