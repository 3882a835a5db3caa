/**
 * pg takes positional `$n` parameters; the shared statements (../statements.ts)
 * name theirs `@name`. Each statement is compiled once, and its values are
 * taken from a record of named parameters at every call.
 */

export interface Statement {
  readonly text: string;
  /** Parameter names in `$n` order. */
  readonly names: readonly string[];
}

export function statement(sql: string): Statement {
  const names: string[] = [];
  const text = sql.replace(/@(\w+)/g, (_, name: string) => {
    const index = names.includes(name) ? names.indexOf(name) : names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, names };
}

/** A statement's values from a record of named parameters; a missing one is a bug, not a NULL. */
export function values(sql: Statement, params: object): unknown[] {
  return sql.names.map((name) => {
    if (!(name in params)) throw new Error(`statement parameter @${name} is missing`);
    return (params as Record<string, unknown>)[name];
  });
}
