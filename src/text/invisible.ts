// The characters a person must never be handed raw, for every renderer in src/text.
// Controls (C0, DEL, C1), format characters (bidi controls and isolates, zero-width
// space and joiners, word joiner, BOM, soft hyphen, tag characters, ...), line and
// paragraph separators, lone surrogates, private-use and unassigned code points (a font
// draws them as anything, or as nothing), spaces other than U+0020 (a no-break space
// passes for a space), and blanks that render as nothing (Hangul fillers, combining
// grapheme joiner, Khmer inherent vowels, Mongolian variation selectors, variation
// selectors, braille blank).

/** One such character (unicode mode, global: use with `replace`). */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\u{e0100}-\u{e01ef}]/gu;
