/**
 * Judging what a client answers to a Read: the response code, the Content-Format, a payload
 * that decodes strictly in that format, and values equal to what the DUT profile declares.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { codeName, contentFormat } from '../../coap/message';
import { decodeContent, contentFormatName, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import type { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { showValue } from '../../peers/payload-view';

export interface ReadOutcome {
  problems: string[];
  records: ResourceRecord[];
}

/**
 * Checks a 2.05 in the wanted format (or, with none wanted, in the format the client chose and
 * announced) and decodes it; problems say what is wrong.
 */
export function checkReadResponse(res: IncomingResponse, path: string, wanted: number | undefined, registry: ObjectRegistry): ReadOutcome {
  const problems: string[] = res.problems.map((p) => `CoAP: ${p}`);
  if (res.message.code !== '2.05')
    return { problems: [...problems, `Read ${path} was answered ${codeName(res.message.code)}, not 2.05 Content`], records: [] };
  const cf = contentFormat(res.message);
  const format = wanted ?? cf;
  if (format === undefined) return { problems: [...problems, `Read ${path} was answered without a Content-Format option`], records: [] };
  if (cf !== format) {
    problems.push(
      `Read ${path} was answered in Content-Format ${cf ?? '(none)'}${cf !== undefined ? ` (${contentFormatName(cf)})` : ''}, not ${format} (${contentFormatName(format)})`,
    );
    return { problems, records: [] };
  }
  try {
    return { problems, records: decodeContent(format, LwM2MPath.parse(path), res.message.payload, registry) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { problems: [...problems, `the payload of Read ${path} is not valid ${contentFormatName(format)}: ${e.message}`], records: [] };
  }
}

/** Requires each path to be present once, equal to the expected value when one is given. */
export function checkValues(records: ResourceRecord[], expected: { path: string; name: string; value?: unknown }[]): string[] {
  const problems: string[] = [];
  for (const e of expected) {
    const found = records.filter((r) => r.path.toString() === e.path || r.path.toString().startsWith(e.path + '/'));
    if (found.length === 0) problems.push(`${e.name} (${e.path}) is missing`);
    else if (e.value !== undefined && found.length === 1 && showValue(found[0].value) !== showValue(e.value as string)) {
      problems.push(`${e.name} (${e.path}) is ${showValue(found[0].value)}, the DUT declares ${showValue(e.value as string)}`);
    }
  }
  return problems;
}

/**
 * What a Read at each level must hold (LwM2M TS Core, Read): only data under the requested
 * path; at object level every instance the client registered; at object and instance level
 * every mandatory readable resource of each instance; at resource level that resource (one
 * value, or its instances); at resource-instance level exactly that one instance.
 */
export function checkReadLevel(
  path: string,
  records: ResourceRecord[],
  registry: ObjectRegistry,
  registeredInstances?: number[],
): string[] {
  const target = LwM2MPath.parse(path);
  const problems: string[] = [];
  const outside = records.filter((r) => !r.path.startsWith(target));
  if (outside.length) problems.push(`Read ${path} returned data outside ${path}: ${outside.map((r) => String(r.path)).join(', ')}`);
  const inside = records.filter((r) => r.path.startsWith(target));
  if (target.depth <= 2) {
    const instances = target.depth === 2 ? [target.instanceId!] : [...new Set(inside.map((r) => r.path.instanceId!))];
    for (const iid of registeredInstances ?? []) {
      if (!instances.includes(iid)) problems.push(`Read ${path} lacks instance /${target.objectId}/${iid}, which the client registered`);
    }
    const object = registry.get(target.objectId!);
    for (const iid of instances) {
      for (const def of object?.resources.values() ?? []) {
        if (!def.mandatory || !def.operations.includes('R')) continue;
        if (!inside.some((r) => r.path.instanceId === iid && r.path.resourceId === def.id)) {
          problems.push(`Read ${path} lacks the mandatory resource ${def.name} (/${target.objectId}/${iid}/${def.id})`);
        }
      }
    }
    if (inside.length === 0) problems.push(`Read ${path} returned no resources`);
  } else if (target.depth === 3) {
    const multiple = registry.resource(target.objectId!, target.resourceId!)?.multiple;
    if (!multiple && (inside.length !== 1 || !inside[0].path.equals(target))) {
      problems.push(
        `Read ${path} of a single resource returned ${inside.length} values at ${inside.map((r) => String(r.path)).join(', ') || '(none)'}`,
      );
    }
  } else if (inside.length !== 1) {
    problems.push(`Read ${path} of one resource instance returned ${inside.length} values`);
  }
  return problems;
}
