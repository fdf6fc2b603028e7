// Scripted installs create the owner from ADCOCKPIT_ADMIN_EMAIL and ADCOCKPIT_ADMIN_PASSWORD at the first
// start; without them the web app's setup page does it. There is never a default password.
import type { CatalogDb } from '../catalog/db.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { SetupRequest } from '../shared/api.ts';
import { SYSTEM_ACTOR } from './audit.ts';
import { setUpOwner } from './sign-in.ts';
import { countUsers } from './users.ts';

export async function createOwnerFromConfig(catalog: CatalogDb, config: Config): Promise<boolean> {
  if (!config.adminEmail && !config.adminPassword) return false;
  if (!config.adminEmail || !config.adminPassword) {
    throw new AppError(
      'validation_failed',
      'Set both ADCOCKPIT_ADMIN_EMAIL and ADCOCKPIT_ADMIN_PASSWORD to create the owner at start, or neither.',
    );
  }
  if ((await countUsers(catalog)) > 0) return false;
  const parsed = SetupRequest.safeParse({
    email: config.adminEmail,
    name: 'Owner',
    password: config.adminPassword,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = issue.path[0] === 'email' ? 'ADCOCKPIT_ADMIN_EMAIL' : 'ADCOCKPIT_ADMIN_PASSWORD';
    throw new AppError('validation_failed', `${variable}: ${issue.message}.`, [
      { field: variable, message: issue.message },
    ]);
  }
  await setUpOwner(catalog, parsed.data, SYSTEM_ACTOR);
  return true;
}
