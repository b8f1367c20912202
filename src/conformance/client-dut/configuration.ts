/**
 * The precondition "the client holds ETS configuration C.x": reads every instance the
 * configuration fixes and compares. A fixed value that differs is first written by the Test
 * Server, as the ETS's setup would; what still differs, or an instance that cannot be read,
 * makes the case INCONC with what was found.
 */
import { contentFormat } from '../../coap/message';
import { decodeContent, encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import { checkInstance, loadConfigurations, valuesToSet, type Configuration, type Expectation } from '../configurations';
import { PreconditionFailure } from '../failures';
import type { Registration } from '../../peers/test-server';
import type { ClientDutSession } from './session';

let configurations: Map<string, Configuration> | undefined;

export async function requireConfiguration(session: ClientDutSession, name: string): Promise<void> {
  configurations ??= loadConfigurations();
  const config = configurations.get(name);
  if (!config) throw new Error(`no ETS configuration "${name}" in fixtures/ets/configurations.yaml`);
  const reg = await session.registration.ensureRegistered();
  const problems: string[] = [];
  for (const [shown, expected] of config.instances) {
    const actual = shown === '/1/x' ? `/1/${await session.registration.serverInstance()}` : shown;
    let found = await readInstance(session, reg, actual, expected);
    const toSet = found.records ? valuesToSet(expected, found.records) : [];
    if (found.problems.length > 0 && toSet.length > 0) {
      // Set the fixed values first, as the ETS's setup would; what still differs then is INCONC.
      for (const { resourceId, value } of toSet) {
        const target = LwM2MPath.parse(`${actual}/${resourceId}`);
        const record: ResourceRecord =
          typeof value === 'number'
            ? { path: target, type: 'integer', value: BigInt(value) }
            : { path: target, type: typeof value === 'boolean' ? 'boolean' : 'string', value };
        const res = await session.request(
          () => session.server.write(reg, String(target), encodeContent(0, target, [record]), 0),
          `the Write of ${target}`,
        );
        session.trace.note('harness', `setting ${target} to ${String(value)} for ETS configuration ${name}: answered ${res.message.code}`);
      }
      found = await readInstance(session, reg, actual, expected);
    }
    problems.push(...found.problems);
  }
  if (problems.length) throw new PreconditionFailure(`ETS configuration ${name} (${config.title})`, problems.join('; '));
  session.trace.note('harness', `the client holds ETS configuration ${name} (${config.title})`);
}

async function readInstance(
  session: ClientDutSession,
  reg: Registration,
  actual: string,
  expected: Map<number, Expectation>,
): Promise<{ problems: string[]; records?: ResourceRecord[] }> {
  const res = await session.request(() => session.server.read(reg, actual), `the Read of ${actual}`);
  if (res.message.code !== '2.05') return { problems: [`${actual} was answered ${res.message.code}`] };
  try {
    const records = decodeContent(contentFormat(res.message) ?? 0, LwM2MPath.parse(actual), res.message.payload, session.registry);
    return { problems: checkInstance(actual, expected, records, reg.lifetime), records };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { problems: [`${actual} could not be decoded: ${e.message}`] };
  }
}
