import { WardenError } from '../../errors.js';

export interface Edit { oldText: string; newText: string }

const normalize = (text: string) => text.replace(/\r\n/g, '\n');

/**
 * The reference server's edit semantics, in order: an exact match replaces its first
 * occurrence; otherwise a line window whose trimmed lines equal the trimmed oldText lines
 * is replaced, keeping the first line's indentation and relative indentation. A miss
 * throws before anything is written, so the file is never half edited.
 */
export function applyEdits(original: string, edits: readonly Edit[]): string {
  let content = normalize(original);
  edits.forEach((edit, index) => {
    const oldText = normalize(edit.oldText);
    const newText = normalize(edit.newText);
    if (content.includes(oldText)) {
      content = content.replace(oldText, () => newText);
      return;
    }
    const replaced = replaceLoosely(content, oldText, newText);
    if (replaced === undefined) {
      throw new WardenError('invalid_input', `Could not find exact match for edit:\n${edit.oldText}\nNo edit was applied; the file is unchanged.`, {
        step: 'execute', rule: 'edit.no_match', field: `edits.${index}.oldText`,
      });
    }
    content = replaced;
  });
  return content;
}

function replaceLoosely(content: string, oldText: string, newText: string): string | undefined {
  const oldLines = oldText.split('\n');
  const lines = content.split('\n');
  for (let i = 0; i <= lines.length - oldLines.length; i++) {
    if (!oldLines.every((old, j) => old.trim() === lines[i + j].trim())) continue;
    const indent = lines[i].match(/^\s*/)?.[0] ?? '';
    const newLines = newText.split('\n').map((line, j) => {
      if (j === 0) return indent + line.trimStart();
      const oldIndent = oldLines[j]?.match(/^\s*/)?.[0] ?? '';
      const newIndent = line.match(/^\s*/)?.[0] ?? '';
      if (oldIndent && newIndent) return indent + ' '.repeat(Math.max(0, newIndent.length - oldIndent.length)) + line.trimStart();
      return line;
    });
    lines.splice(i, oldLines.length, ...newLines);
    return lines.join('\n');
  }
  return undefined;
}

/** The diff fenced with enough backticks that its own backticks cannot close the fence. */
export function fenceDiff(diff: string): string {
  let ticks = 3;
  while (diff.includes('`'.repeat(ticks))) ticks++;
  return `${'`'.repeat(ticks)}diff\n${diff}${'`'.repeat(ticks)}\n\n`;
}
