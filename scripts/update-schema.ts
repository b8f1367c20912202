// Rewrites schemas/dut-profile.schema.json with the ICS feature names and timers the code knows,
// so that editors complete what the harness accepts. Run: npm run schema
import * as fs from 'node:fs';
import { SCHEMA_FILE, shippedSchema } from '../src/conformance/profile-schema';
import { SCHEMA_VOCABULARY } from '../src/conformance/dut-profile';

fs.writeFileSync(SCHEMA_FILE, JSON.stringify(shippedSchema(SCHEMA_VOCABULARY), null, 2) + '\n');
console.log(`wrote ${SCHEMA_FILE}`);
