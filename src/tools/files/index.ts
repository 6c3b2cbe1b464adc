import type { ToolFamily } from '../contract.js';
import { filesContext } from './context.js';
import { readTextFile } from './read-text-file.js';
import { readMediaFile } from './read-media-file.js';
import { readMultipleFiles } from './read-multiple-files.js';
import { writeFile } from './write-file.js';
import { editFile } from './edit-file.js';
import { createDirectory } from './create-directory.js';
import { listDirectory } from './list-directory.js';
import { listDirectoryWithSizes } from './list-directory-with-sizes.js';
import { directoryTree } from './directory-tree.js';
import { moveFile } from './move-file.js';
import { searchFiles } from './search-files.js';
import { getFileInfo } from './get-file-info.js';
import { listAllowedDirectories } from './list-allowed-directories.js';

/** Each tool of the family with its permission, readable without building the family. */
export { FILE_TOOL_PERMISSIONS } from './permissions.js';

/** The file tools (ARCHITECTURE.md §13), all behind one path guard per session. */
export const fileTools: ToolFamily = (session) => {
  const ctx = filesContext(session);
  return [
    readTextFile(ctx, 'read_text_file'),
    readTextFile(ctx, 'read_file'),
    readMediaFile(ctx),
    readMultipleFiles(ctx),
    writeFile(ctx),
    editFile(ctx),
    createDirectory(ctx),
    listDirectory(ctx),
    listDirectoryWithSizes(ctx),
    directoryTree(ctx),
    moveFile(ctx),
    searchFiles(ctx),
    getFileInfo(ctx),
    listAllowedDirectories(ctx),
  ];
};
