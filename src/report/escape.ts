/**
 * Escaping for the XML and HTML reports. DUT-provided strings (endpoint names, payloads, error
 * text) may hold anything, including characters XML 1.0 forbids, so those are written as
 * visible `\uXXXX` text instead of being dropped: the reader still sees that they were there.
 */

/** Code points XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function showCodeUnit(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/** Replaces characters that may not appear in an XML 1.0 document by their `\uXXXX` spelling. */
export function xmlSafeChars(text: string): string {
  return text.replace(XML_ILLEGAL, showCodeUnit);
}

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR_ENTITIES: Record<string, string> = {
  ...TEXT_ENTITIES,
  '"': '&quot;',
  "'": '&#39;',
  // Parsers normalise raw whitespace in attribute values; character references survive.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text content for XML or HTML elements. */
export function escapeText(value: unknown): string {
  return xmlSafeChars(String(value ?? '')).replace(/[&<>]/g, (c) => TEXT_ENTITIES[c]);
}

/** A quoted attribute value for XML or HTML (either quote style is safe). */
export function escapeAttr(value: unknown): string {
  return xmlSafeChars(String(value ?? '')).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ENTITIES[c]);
}
