/** Milliseconds from a monotonic source; injectable so tests can move time by hand. */
export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();
