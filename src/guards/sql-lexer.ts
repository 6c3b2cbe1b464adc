// A lexer that agrees with SQLite's tokenizer (tokenize.c) on what is whitespace, a
// comment, a string and an identifier. It never decides whether SQL is safe on its own:
// it finds the first keyword before prepare (preparing a PRAGMA runs it) and counts
// statements as a second opinion next to SQLite's own tail check.

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'op' | 'semi';

export interface Token {
  kind: TokenKind;
  /** Keywords and bare identifiers upper-cased (ASCII only, as SQLite); quoted ones unquoted. */
  value: string;
  /** The identifier as written, unquoted, for messages that must read like SQLite's own. */
  raw: string;
}

// SQLite's whitespace is ASCII only: U+00A0 and friends are identifier characters.
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
// SQLite treats every byte >= 0x80 as part of an identifier (sqlite3IsIdChar).
const isIdChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c >= 0x80;
const asciiUpper = (s: string) => s.replace(/[a-z]+/g, (m) => m.toUpperCase());

/** Splits SQL into tokens; throws on an unterminated string, identifier or block comment. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 0x2d && sql.charCodeAt(i + 1) === 0x2d) { // -- comment to end of line
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === 0x2f && sql.charCodeAt(i + 1) === 0x2a) { // /* comment */ (SQLite allows it unterminated at the end)
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === 0x3b) { tokens.push({ kind: 'semi', value: ';', raw: ';' }); i++; continue; }
    if (c === 0x27 || c === 0x22 || c === 0x60 || c === 0x5b) { // 'string' "id" `id` [id]
      const close = c === 0x5b ? ']' : sql[i];
      let j = i + 1;
      let value = '';
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k < 0) throw new SyntaxError('unterminated quote');
        value += sql.slice(j, k);
        // A doubled quote is an escaped quote, except in [brackets].
        if (close !== ']' && sql[k + 1] === close) { value += close; j = k + 2; continue; }
        i = k + 1;
        break;
      }
      tokens.push({ kind: c === 0x27 ? 'string' : 'quoted', value, raw: value });
      continue;
    }
    if (c === 0x3f || c === 0x3a || c === 0x40 || c === 0x24) { // ?NNN :name @name $name
      let j = i + 1;
      while (j < n && isIdChar(sql.charCodeAt(j))) j++;
      tokens.push({ kind: 'param', value: sql.slice(i, j), raw: sql.slice(i, j) });
      i = j;
      continue;
    }
    if (isIdChar(c)) {
      let j = i + 1;
      while (j < n && isIdChar(sql.charCodeAt(j))) j++;
      const word = sql.slice(i, j);
      tokens.push({ kind: c >= 0x30 && c <= 0x39 ? 'number' : 'word', value: asciiUpper(word), raw: word });
      i = j;
      continue;
    }
    tokens.push({ kind: 'op', value: sql[i], raw: sql[i] });
    i++;
  }
  return tokens;
}

/** The statements of a token list, empty statements (`;;`) dropped. */
export function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'semi') { if (current.length) out.push(current); current = []; }
    else current.push(t);
  }
  if (current.length) out.push(current);
  return out;
}
