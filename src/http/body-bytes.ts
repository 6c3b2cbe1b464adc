/** What one request holds of its address's byte budget. */
export interface BodyBudget {
  /** Reserves `bytes` more; false (nothing reserved) when the address would go over its budget. */
  take(bytes: number): boolean;
  /** Gives back everything this request reserved; safe to call twice. */
  release(): void;
}

/**
 * Request body bytes buffered at once, per client address. Every body is read against
 * it, so the memory that bodies hold is bounded by addresses × budget, however many
 * connections an address opens or however slowly it sends. Entries exist only while
 * bytes are held, so the table is never larger than the requests in flight.
 */
export class InFlightBytes {
  private readonly held = new Map<string, number>();

  constructor(readonly perAddress: number) {}

  /** A budget for one request from `ip`. */
  open(ip: string): BodyBudget {
    let mine = 0;
    return {
      take: (bytes) => {
        const now = this.held.get(ip) ?? 0;
        if (now + bytes > this.perAddress) return false;
        this.held.set(ip, now + bytes);
        mine += bytes;
        return true;
      },
      release: () => {
        if (mine === 0) return;
        const left = (this.held.get(ip) ?? mine) - mine;
        mine = 0;
        if (left > 0) this.held.set(ip, left);
        else this.held.delete(ip);
      },
    };
  }

  /** Bytes `ip` holds now. */
  heldBy(ip: string): number {
    return this.held.get(ip) ?? 0;
  }
}
