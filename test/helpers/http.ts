/**
 * The header an OAuth bearer token travels in. Lower case, as node hands incoming headers
 * to the authenticator; fetch and node:http send it the same in any casing.
 */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
