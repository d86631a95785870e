/**
 * `npm run roles`: prints the role table (who may use which field) from the schemas' rules.
 *   --write  puts it into README.md between <!-- roles:start --> and <!-- roles:end -->
 *   --check  exits 1 when README.md's table is not the current one (npm run codegen writes it)
 */
import { parseArgs } from 'node:util';
import { renderRoleTable, roleTableIsCurrent, RoleTableMarkersMissing, writeRoleTable } from './lib/role-table.js';

const { values } = parseArgs({ options: { write: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } } });

try {
  const table = renderRoleTable();
  if (values.check) {
    if (!roleTableIsCurrent(table)) {
      console.error('README.md\'s role table differs from the schemas\' rules: run "npm run roles -- --write" and commit README.md.');
      process.exit(1);
    }
    console.log('README.md\'s role table is current.');
  } else if (values.write) {
    console.log(writeRoleTable(table) ? 'role table written to README.md' : 'README.md\'s role table was already current');
  } else {
    process.stdout.write(table);
  }
} catch (error) {
  if (!(error instanceof RoleTableMarkersMissing)) throw error;
  console.error(error.message);
  process.exit(1);
}
