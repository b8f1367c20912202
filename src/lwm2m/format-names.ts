/** Short names of the LwM2M data formats, as profiles, APIs and steps write them. */
import { ContentFormat } from './content';

export const FORMAT_NAMES: Readonly<Record<string, number>> = {
  text: ContentFormat.TEXT,
  opaque: ContentFormat.OPAQUE,
  cbor: ContentFormat.CBOR,
  tlv: ContentFormat.TLV,
  json: ContentFormat.OMA_JSON,
  'senml-json': ContentFormat.SENML_JSON,
  'senml-cbor': ContentFormat.SENML_CBOR,
  'lwm2m-cbor': ContentFormat.LWM2M_CBOR,
};

/** The Content-Format of a name ("tlv") or number ("11542"); undefined when neither. */
export function formatByName(format: string | number): number | undefined {
  if (typeof format === 'number') return format;
  if (/^[0-9]+$/.test(format)) return Number(format);
  return FORMAT_NAMES[format];
}
