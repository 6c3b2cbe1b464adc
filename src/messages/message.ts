/**
 * The problems a user can hit in the first five minutes, each with its fix. One source
 * of truth: `setup`, `import` and `doctor` print these, and the README's troubleshooting
 * section is generated from the same entries (`src/cli/troubleshooting.ts`, over
 * `MESSAGE_KINDS` in `kinds.ts`).
 */
export interface Message {
  id: string;
  /** What is wrong, with the concrete file, key or program. */
  problem: string;
  /** What to do about it, as a command or an edit. */
  fix: string;
}

/** A message kind: its title for the docs, a sample for the docs, and the builder. */
export interface MessageKind<P> {
  id: string;
  title: string;
  sample: P;
  build(params: P): Message;
}

/** Declares a kind: the builder stamps every message it makes with the kind's id. */
export function kind<P>(id: string, title: string, sample: NoInfer<P>, text: (p: P) => { problem: string; fix: string }): MessageKind<P> {
  return { id, title, sample, build: (p) => ({ id, ...text(p) }) };
}

/** `problem Fix: fix`, the one-line form every verb prints. */
export const render = (m: Message) => `${m.problem} Fix: ${m.fix}`;
