import { parse, configOption } from './args.js';
import { configOrExit } from './config.js';

export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, { ...configOption });
  const config = configOrExit(values.config);
  const { serve } = await import('../server/serve.js');
  await serve(config);
}
