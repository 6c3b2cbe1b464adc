import { parse, configOption, err, UsageError } from './args.js';
import { configOrExit } from './config.js';

function portFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port: expected a port number 0-65535 (0 picks a free one), got "${value}"`);
  return Number(value);
}

export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, { ...configOption, http: { type: 'boolean' }, host: { type: 'string' }, port: { type: 'string' } });
  if (!values.http && (values.host !== undefined || values.port !== undefined)) throw new UsageError('--host and --port only apply to shared mode: add --http');
  const port = portFlag(values.port);
  const config = configOrExit(values.config);
  if (values.http) {
    const { serveHttp, StartupError } = await import('../http/serve.js');
    try {
      await serveHttp(config, { host: values.host, port });
    } catch (error) {
      if (!(error instanceof StartupError)) throw error;
      err(`mcp-warden: ${error.message}`);
      process.exit(1);
    }
    return;
  }
  const { serve } = await import('../server/serve.js');
  await serve(config);
}
