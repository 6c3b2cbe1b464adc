// Token shapes that are secrets wherever they appear, even under a harmless key. Each
// matches the secret itself and no more (issue 15 §3): an SQL statement, an edit, a
// command line or a path around it stays in the log, searchable. Every pattern is linear
// on hostile input: no quantified group whose body can match the same text two ways.

// Whitespace, or a newline written as an escape inside a string literal (a service
// account JSON file holds its key with `\n`).
const S = String.raw`(?:[ \t\r\n]|\\[rn])`;
const B64 = '[A-Za-z0-9+/=]';
const LABEL = '[A-Z0-9]+(?: [A-Z0-9]+){0,7}';
// RFC 1421 encapsulated headers of an encrypted key (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`).
const HEADER = String.raw`${S}+[A-Za-z][A-Za-z0-9-]{0,40}: [^\r\n\\]{1,256}`;
// At least one base64 run of 16 characters: a BEGIN line over ordinary text is a comment.
const BODY = `(?:${HEADER}){0,8}${S}*${B64}{16,}(?:${S}+${B64}+)*${S}*`;

/** A PEM block: BEGIN line, base64 body, the END line of the same label. Only the body is replaced. */
const PEM = new RegExp(`(-----BEGIN (${LABEL})-----)${BODY}(-----END \\2-----)`, 'g');
/**
 * The one exception to "needs its END line": a block still open where the store itself
 * cut the text. Its END lies in what is not stored, and the part that is would be key
 * material; the body shape still has to hold, so a comment line is never swallowed.
 */
const PEM_AT_CUT = new RegExp(`(-----BEGIN (${LABEL})-----)${BODY}$`);

const TOKEN = '[A-Za-z0-9._~+/-]';

/** [kind, pattern, replacement]: `$1` keeps what introduces the secret (the word `Bearer`). */
export const SHAPES: ReadonlyArray<readonly [string, RegExp, string]> = [
  ['pem', PEM, '$1[redacted:pem]$3'],
  ['jwt', /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted:jwt]'],
  // A token is 16+ characters of the RFC 6750 alphabet with a digit (or 32+ long), and not
  // a path: no leading `/`, `.` or `~`, no `/.`, `./` or `//` inside.
  ['bearer', new RegExp(String.raw`\b(Bearer[ \t]+)(?![./~])(?!${TOKEN}*(?:\/\.|\.\/|\/\/))(?=${TOKEN}*\d|${TOKEN}{32})(${TOKEN}{16,}=*)(?![A-Za-z0-9._~+/=-])`, 'gi'), '$1[redacted:bearer]'],
  // Provider keys carry digits; `sk-learn-examples` and `xoxo-hugs-and-kisses` do not.
  ['api-key', /\bsk-(?:proj-|ant-)?(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{16,}/g, '[redacted:api-key]'],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, '[redacted:github-token]'],
  ['aws-access-key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, '[redacted:aws-access-key]'],
  ['slack-token', /\bxox[abposr]-(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{10,}/g, '[redacted:slack-token]'],
];

/** One cheap pass that every shape above needs to match; most values have none of these. */
export const MAYBE_SECRET = /-----BEGIN|eyJ|bearer|sk-|gh[pousr]_|github_pat_|AKIA|ASIA|xox/i;

/** `text` with every secret shape replaced; `cutAtEnd` when the store cut the text right after it. */
export function redactShapes(text: string, cutAtEnd: boolean): string {
  let out = text;
  for (const [, shape, replacement] of SHAPES) out = out.replace(shape, replacement);
  return cutAtEnd ? out.replace(PEM_AT_CUT, '$1[redacted:pem]') : out;
}
