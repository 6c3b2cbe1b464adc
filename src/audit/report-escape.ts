import { forPeople, SHOWN_CHARS } from '../text/for-people.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for HTML content and quoted attributes. Stored values are hostile (they come from
 * the agent): every one goes through here, and the report's CSP runs no other script.
 * The one renderer first (a bidi override would show a name reversed, a zero-width space
 * hide a character, a control has no business in a page; each becomes a visible escape,
 * and one value is bounded), then entities, so markup never reaches the page either.
 */
export function escapeHtml(value: unknown, maxChars = SHOWN_CHARS): string {
  return forPeople(value, maxChars).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
