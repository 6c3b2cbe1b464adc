import { z } from 'zod';
import { WardenError } from '../../errors.js';
import { READ_ANNOTATIONS, onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { readCapped, readHead, readTail, withFile } from './io-read.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';
import { jsonStringBytes } from './json-bytes.js';

// Below this, serializing the whole small result costs less than scanning the text for escapes.
const MEASURE_FROM = 64 * 1024;

const Args = z.object({
  path: z.string(),
  tail: z.number().int().nonnegative().optional().describe('If provided, returns only the last N lines of the file'),
  head: z.number().int().nonnegative().optional().describe('If provided, returns only the first N lines of the file'),
});
type Args = z.infer<typeof Args>;

const DESCRIPTION =
  'Read the complete contents of a file from the file system as text. Handles various text encodings and ' +
  'provides detailed error messages if the file cannot be read. Use this tool when you need to examine the ' +
  "contents of a single file. Use the 'head' parameter to read only the first N lines of a file, or the " +
  "'tail' parameter to read only the last N lines of a file. Operates on the file as text regardless of " +
  'extension. Only works within allowed directories.';

/** read_text_file, and read_file: the reference's deprecated name for the same tool. */
export function readTextFile(ctx: FilesContext, name: 'read_text_file' | 'read_file' = 'read_text_file'): FileTool<Args, OnePath> {
  return {
    name,
    title: name === 'read_file' ? 'Read File (Deprecated)' : 'Read Text File',
    description: name === 'read_file' ? 'Read the complete contents of a file as text. DEPRECATED: Use read_text_file instead.' : DESCRIPTION,
    permission: FILE_TOOL_PERMISSIONS[name],
    inputSchema: Args,
    outputSchema: textOutput({ path: z.string(), bytes: z.number() }),
    annotations: READ_ANNOTATIONS,
    guard: onePathGuard(ctx, 'read'),
    async execute(args, { target }) {
      // Like the reference, 0 means "not given".
      if (args.head && args.tail) {
        throw new WardenError('invalid_input', 'Cannot specify both head and tail parameters simultaneously', { step: 'validate', field: 'head' });
      }
      const p = target.path;
      const cap = ctx.maxTextBytes;
      const content = await withFile(p, ctx.fs.hardLinks, async (h, size) => {
        if (args.tail) return readTail(h, size, args.tail, p, cap);
        if (args.head) return readHead(h, args.head, p, cap);
        return (await readCapped(h, size, p, cap)).toString('utf8');
      });
      const bytes = Buffer.byteLength(content);
      // A large text is measured here, so respond need not serialize it twice to size it.
      const textJsonBytes = bytes >= MEASURE_FROM ? jsonStringBytes(content, bytes) : undefined;
      return { structured: { content, path: p, bytes }, text: content, bytes, ...(textJsonBytes === undefined ? {} : { textJsonBytes }) };
    },
  };
}
