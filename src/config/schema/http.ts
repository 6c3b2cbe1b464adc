import { section } from './common.js';

/** The HTTP listener of shared mode, DESIGN §9. Unused on stdio. (Fleshed out in src/http/.) */
export const Http = section({});
