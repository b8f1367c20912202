/** RFC 6901 JSON pointers: "" is the whole document, "/a/0/b~1c" is a["0"]["b/c"]. */
export function resolvePointer(doc: unknown, pointer: string): { found: true; value: unknown } | { found: false; at: string } {
  if (pointer === '') return { found: true, value: doc };
  if (!pointer.startsWith('/')) return { found: false, at: pointer };
  let here: unknown = doc;
  let walked = '';
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    walked += `/${raw}`;
    if (Array.isArray(here) && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < here.length) here = here[Number(key)];
    else if (typeof here === 'object' && here !== null && !Array.isArray(here) && Object.hasOwn(here, key))
      here = (here as Record<string, unknown>)[key];
    else return { found: false, at: walked };
  }
  return { found: true, value: here };
}

/** Escapes one key for use in a pointer ("/3/0/0" becomes "~13~10~10"). */
export function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
