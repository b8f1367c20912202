/**
 * Loaded into every Cucumber worker process (run --workers) before the step definitions: when the
 * coordinating process goes away (Ctrl-C, a crash), the worker stops its DUTs and exits instead of
 * finishing its case for nobody.
 */
import { stopAllDuts } from '../conformance/launcher';
import { keyLogFromEnvironment } from './keylog';

if (process.env.CUCUMBER_PARALLEL === 'true' && typeof process.send === 'function') {
  process.once('disconnect', () => {
    void stopAllDuts().finally(() => process.exit(1));
  });
  keyLogFromEnvironment(); // run --keylog: this worker's DTLS sessions too
}
