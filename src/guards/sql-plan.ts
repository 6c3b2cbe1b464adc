// Reads SQLite's compiled program (EXPLAIN, trigger and foreign-key sub-programs
// included) for the b-trees and virtual tables it opens and the functions it calls.

/** One row of EXPLAIN output. */
export interface PlanRow {
  opcode: string;
  p1: number;
  p2: number;
  p3: number;
  p4: string | null;
  p5: number;
}

export interface PlanFacts {
  /** Root pages opened, cleared or destroyed, with the schema index (0 main, 1 temp, 2+ attached). */
  roots: Array<{ page: number; db: number; write: boolean }>;
  /** A b-trees whose root page is computed at run time (CREATE TABLE … AS, CREATE INDEX). */
  newRoots: boolean;
  /** `vtab:ADDRESS` of every virtual table opened. */
  vtabs: string[];
  /** Names of scalar and aggregate functions called. */
  functions: string[];
  /** Opcodes that create, drop or run schema objects at run time. */
  schemaOps: string[];
}

const OPFLAG_P2ISREG = 0x10; // sqliteInt.h; 0x02 is OPFLAG_SEEKEQ
const SCHEMA_OPS = new Set(['VCreate', 'VDestroy', 'SqlExec', 'ParseSchema', 'CreateBtree', 'DropTable', 'DropIndex', 'DropTrigger']);

/** Collects the facts the guard judges from EXPLAIN rows. */
export function readPlan(rows: readonly PlanRow[]): PlanFacts {
  const facts: PlanFacts = { roots: [], newRoots: false, vtabs: [], functions: [], schemaOps: [] };
  for (const r of rows) {
    switch (r.opcode) {
      case 'OpenRead':
      case 'OpenWrite':
      case 'ReopenIdx':
        if (r.p5 & OPFLAG_P2ISREG) facts.newRoots = true;
        else facts.roots.push({ page: r.p2, db: r.p3, write: r.opcode === 'OpenWrite' });
        break;
      case 'Clear':
        facts.roots.push({ page: r.p1, db: r.p2, write: true });
        break;
      case 'Destroy':
        facts.roots.push({ page: r.p1, db: r.p3, write: true });
        break;
      case 'VOpen':
        facts.vtabs.push(r.p4 ?? '');
        break;
      case 'Function':
      case 'PureFunc':
      case 'AggStep':
      case 'AggStep1':
      case 'AggInverse':
      case 'AggValue':
      case 'AggFinal':
        if (r.p4) facts.functions.push(r.p4.replace(/\(.*$/, '').toLowerCase());
        break;
      default:
        if (SCHEMA_OPS.has(r.opcode)) facts.schemaOps.push(r.opcode);
    }
  }
  return facts;
}
