/**
 * The fields of `fields` whose value is not undefined. Options objects here are exact (`exactOptionalPropertyTypes`):
 * a field that is absent and one that is present but undefined are different things, and only the first is
 * meant when a caller left a setting out.
 */
export function definedFields<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
