import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import { prepareByName } from './prepared-statements.js';
import type { DB } from './schema.js';

/**
 * A hot query built with Kysely once per shape and then run again from its compiled SQL with new
 * values (issue 20). Building and compiling a query of a dozen subqueries cost about as much CPU as
 * SQLite took to run it, most of it in short-lived objects for the collector; a read route's queries
 * now skip that after their first request.
 *
 * How: the builder is called once with a stand-in for every value (a unique marker string, an array of
 * markers for an array), the compiled parameters are matched back to the values they stand for, and
 * later runs put the real values in those places. The builder must hand its values to Kysely as they
 * are (compare, `in`, `limit`), never compute with them; anything the shape depends on (which
 * optional filters are set, an array's length) is part of the key, which this class completes with
 * each value's kind and each array's length. A marker that Kysely put into the SQL text instead of a
 * parameter, or one that went missing, is refused when the template is made, so a misuse fails on
 * the first request in every test rather than running the wrong query.
 */
export class QueryTemplates {
  private readonly templates = new Map<string, Template>();

  constructor(private readonly capacity = 200) {}

  /** Runs the query that `build` makes for `values`, from its compiled SQL when this shape was seen before. */
  async execute<V extends Record<string, unknown>, R>(
    executor: Kysely<DB> | Transaction<DB>,
    name: string,
    values: V,
    build: (values: V) => Compilable<R>,
  ): Promise<R[]> {
    const result: QueryResult<R> = await executor.executeQuery(this.compiled(name, values, build));
    return result.rows;
  }

  /** The compiled query for `values` (exposed for tests and for callers that stream). */
  compiled<V extends Record<string, unknown>, R>(name: string, values: V, build: (values: V) => Compilable<R>): CompiledQuery<R> {
    const key = shapeKey(name, values);
    let template = this.templates.get(key);
    if (!template) {
      template = makeTemplate(name, values, build as (values: Record<string, unknown>) => Compilable<unknown>);
      this.templates.set(key, template);
      if (this.templates.size > this.capacity) this.templates.delete(this.templates.keys().next().value!);
    }
    const parameters = template.slots.map((slot) => (slot.kind === 'constant' ? slot.value : slot.index === undefined ? values[slot.name] : (values[slot.name] as unknown[])[slot.index]));
    return CompiledQuery.raw(template.sql, parameters) as CompiledQuery<R>;
  }
}

type Slot = { kind: 'constant'; value: unknown } | { kind: 'value'; name: string; index?: number };
interface Template {
  sql: string;
  slots: Slot[];
}

const MARKER = '\u0001kasus-value\u0001';

function shapeKey(name: string, values: Record<string, unknown>): string {
  let key = name;
  for (const field of Object.keys(values).sort()) {
    const value = values[field];
    key += `|${field}:${Array.isArray(value) ? `a${value.length}` : value === undefined ? 'u' : value === null ? 'n' : typeof value}`;
  }
  return key;
}

function makeTemplate(name: string, values: Record<string, unknown>, build: (values: Record<string, unknown>) => Compilable<unknown>): Template {
  const markers = new Map<string, { name: string; index?: number }>();
  const stand: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined || value === null) {
      stand[field] = value;
    } else if (Array.isArray(value)) {
      stand[field] = value.map((_, index) => {
        const marker = `${MARKER}${field}[${index}]`;
        markers.set(marker, { name: field, index });
        return marker;
      });
    } else {
      const marker = `${MARKER}${field}`;
      markers.set(marker, { name: field });
      stand[field] = marker;
    }
  }
  const compiled = build(stand).compile();
  if (compiled.sql.includes(MARKER)) throw new Error(`Query template ${name}: a value was written into the SQL text instead of a parameter`);
  const used = new Set<string>();
  const slots: Slot[] = compiled.parameters.map((parameter) => {
    if (typeof parameter === 'string' && parameter.startsWith(MARKER)) {
      const place = markers.get(parameter);
      if (!place) throw new Error(`Query template ${name}: a value was changed before it reached the query (${parameter.slice(MARKER.length)})`);
      used.add(parameter);
      return { kind: 'value', ...place };
    }
    if (typeof parameter === 'string' && parameter.includes(MARKER)) throw new Error(`Query template ${name}: a value was combined with other text before it reached the query`);
    return { kind: 'constant', value: parameter };
  });
  for (const marker of markers.keys()) {
    if (!used.has(marker)) throw new Error(`Query template ${name}: the value ${marker.slice(MARKER.length)} does not reach the query as a parameter`);
  }
  prepareByName(compiled.sql);
  return { sql: compiled.sql, slots };
}
