import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { READ_ANNOTATIONS, onePathGuard, type FileTool, type FilesContext, type OnePath } from './context.js';
import { readCapped, withFile } from './io-read.js';
import { mimeType } from './format.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

const Item = z.union([
  z.object({ type: z.enum(['image', 'audio']), data: z.string(), mimeType: z.string() }),
  z.object({ type: z.literal('resource'), resource: z.object({ uri: z.string(), mimeType: z.string().optional(), blob: z.string() }) }),
]);

/** read_media_file: base64 as an image, audio or embedded-resource block, as the reference returns it. */
export function readMediaFile(ctx: FilesContext): FileTool<{ path: string }, OnePath> {
  return {
    name: 'read_media_file',
    title: 'Read Media File',
    description:
      'Read a file and return it as a base64-encoded content block with its MIME type. Image and audio files are ' +
      'returned as image/audio content; any other file type is returned as an embedded resource. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.read_media_file,
    inputSchema: z.object({ path: z.string() }),
    outputSchema: z.object({ content: z.array(Item), path: z.string(), mimeType: z.string(), bytes: z.number() }),
    annotations: READ_ANNOTATIONS,
    guard: onePathGuard(ctx, 'read'),
    async execute(_args, { target }) {
      const p = target.path;
      // base64 grows by 4/3 and the block goes out twice (content and structuredContent).
      const cap = Math.min(ctx.fs.maxReadBytes, Math.floor((ctx.maxResultBytes / 2) * 0.75));
      const buffer = await withFile(p, ctx.fs.hardLinks, (h, size) => readCapped(h, size, p, cap));
      const mime = mimeType(path.extname(p));
      const data = buffer.toString('base64');
      const item = mime.startsWith('image/')
        ? { type: 'image', data, mimeType: mime }
        : mime.startsWith('audio/')
          ? { type: 'audio', data, mimeType: mime }
          : { type: 'resource', resource: { uri: pathToFileURL(p).href, mimeType: mime, blob: data } };
      return {
        structured: { content: [item], path: p, mimeType: mime, bytes: buffer.length },
        text: `${p} (${mime}, ${buffer.length} bytes)`,
        content: [item],
        bytes: buffer.length,
      };
    },
  };
}
