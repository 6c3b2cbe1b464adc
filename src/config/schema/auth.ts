import { section } from './common.js';

/**
 * Credentials for shared (HTTP) mode, DESIGN §9. Unused on stdio, where the principal
 * is the config's `principal`. (Fleshed out in src/auth/.)
 */
export const Auth = section({});
