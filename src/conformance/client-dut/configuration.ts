/**
 * The precondition "the client holds ETS configuration C.x": reads every instance the
 * configuration fixes and compares. Any difference, or an instance that cannot be read, makes
 * the case INCONC with what was found.
 */
import { contentFormat } from '../../coap/message';
import { decodeContent } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import { checkInstance, loadConfigurations, type Configuration } from '../configurations';
import { PreconditionFailure } from '../failures';
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
    const res = await session.request(() => session.server.read(reg, actual), `the Read of ${actual}`);
    if (res.message.code !== '2.05') {
      problems.push(`${actual} was answered ${res.message.code}`);
      continue;
    }
    try {
      const path = LwM2MPath.parse(actual);
      const records = decodeContent(contentFormat(res.message) ?? 0, path, res.message.payload, session.registry);
      problems.push(...checkInstance(actual, expected, records, reg.lifetime));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      problems.push(`${actual} could not be decoded: ${e.message}`);
    }
  }
  if (problems.length) throw new PreconditionFailure(`ETS configuration ${name} (${config.title})`, problems.join('; '));
  session.trace.note('harness', `the client holds ETS configuration ${name} (${config.title})`);
}
