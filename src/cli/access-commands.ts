// `adcockpit user …` and `adcockpit token …`: the operator manages accounts on the machine itself, so
// these work on the data directory directly, with no token.
import type { Command } from 'commander';
import { createApiToken } from '../access/api-tokens.ts';
import { SYSTEM_ACTOR, audit } from '../access/audit.ts';
import { findUserByEmail, createUser, listUsers, updateUser } from '../access/users.ts';
import { openAppContext } from '../app-context.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { formatPath } from '../core/field-path.ts';
import { Role, UserCreateRequest } from '../shared/api.ts';

const operator = { ...SYSTEM_ACTOR, label: 'command line' };

async function withCatalog<T>(
  config: Config,
  dataDir: string | undefined,
  fn: (ctx: Awaited<ReturnType<typeof openAppContext>>) => Promise<T>,
): Promise<T> {
  const ctx = await openAppContext(dataDir ? { ...config, dataDir } : config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function memberByEmail(ctx: Awaited<ReturnType<typeof openAppContext>>, email: string) {
  const user = await findUserByEmail(ctx.catalog, email);
  if (!user)
    throw new AppError(
      'not_found',
      `No member has the e-mail ${email}. List them with "adcockpit user list".`,
    );
  return user;
}

export function registerAccessCommands(
  program: Command,
  config: Config,
  resolveDir: (dir?: string) => string | undefined,
): void {
  const user = program.command('user').description('members of this installation');
  user
    .command('create')
    .description('add a member')
    .requiredOption('--email <email>', 'their e-mail address (the sign-in name)')
    .requiredOption('--password <password>', 'an initial password, at least 10 characters')
    .requiredOption('--role <role>', `one of ${Role.options.join(', ')}`)
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .option('--advertisers <ids>', 'comma-separated advertiser ids (analysts and viewers see only these)', '')
    .option('--data-dir <dir>', 'the data directory')
    .action(
      async (options: {
        email: string;
        password: string;
        role: string;
        name?: string;
        advertisers: string;
        dataDir?: string;
      }) => {
        const role = Role.safeParse(options.role);
        if (!role.success)
          throw new AppError(
            'validation_failed',
            `--role must be one of ${Role.options.join(', ')}, not "${options.role}".`,
          );
        const input = {
          email: options.email,
          name: options.name ?? options.email.split('@')[0],
          password: options.password,
          role: role.data === 'owner' ? 'admin' : role.data,
          advertiser_ids: options.advertisers
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        };
        const parsed = UserCreateRequest.safeParse(input);
        if (!parsed.success) {
          const details = parsed.error.issues.map((i) => ({
            field: `--${formatPath(i.path)
              .replace('advertiser_ids', 'advertisers')
              .replace(/\[\d+\]$/, '')}`,
            message: i.message,
          }));
          throw new AppError(
            'validation_failed',
            `Cannot create the member: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}.`,
            details,
          );
        }
        await withCatalog(config, resolveDir(options.dataDir), async (ctx) => {
          const count = (await listUsers(ctx.catalog)).length;
          // The very first member may be the owner; later the owner role is not handed out.
          const created = await ctx.catalog.transaction(async (tx) => {
            const member = await createUser(tx, {
              ...parsed.data,
              role: role.data === 'owner' && count === 0 ? 'owner' : parsed.data.role,
            });
            await audit(tx, operator, {
              action: 'user.create',
              targetType: 'user',
              targetId: member.user_id,
              after: { email: member.email, role: member.role },
            });
            return member;
          });
          if (role.data === 'owner' && created.role !== 'owner')
            console.error('An owner exists already; created an admin instead.');
          console.log(created.user_id);
        });
      },
    );

  user
    .command('list')
    .description('every member with role, advertisers and status')
    .option('--format <format>', 'table or json', 'table')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (options: { format: string; dataDir?: string }) => {
      await withCatalog(config, resolveDir(options.dataDir), async (ctx) => {
        const users = (await listUsers(ctx.catalog)).map(({ password_hash: _h, ...u }) => u);
        if (options.format === 'json')
          return void process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        for (const u of users) {
          const advertisers =
            u.advertiser_ids === 'all' ? 'all advertisers' : u.advertiser_ids.join(',') || 'no advertisers';
          console.log([u.email, u.role, advertisers, u.disabled ? 'disabled' : 'active'].join('\t'));
        }
      });
    });

  user
    .command('disable')
    .description('stop a member signing in; ends their sessions and blocks their tokens')
    .requiredOption('--email <email>', 'the member')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (options: { email: string; dataDir?: string }) => {
      await withCatalog(config, resolveDir(options.dataDir), async (ctx) => {
        const member = await memberByEmail(ctx, options.email);
        if (member.role === 'owner') throw new AppError('forbidden', 'The owner cannot be disabled.');
        await updateUser(ctx.catalog, member.user_id, { disabled: true });
        await audit(ctx.catalog, operator, {
          action: 'user.update',
          targetType: 'user',
          targetId: member.user_id,
          before: { disabled: false },
          after: { disabled: true },
        });
        console.error(`Disabled ${member.email}.`);
      });
    });

  program
    .command('token')
    .description('API tokens for scripts')
    .command('create')
    .description('create an API token for a member; prints the token alone, once')
    .requiredOption('--user <email>', 'the member the token acts as')
    .option('--name <name>', 'what the token is for', 'command line')
    .option('--data-dir <dir>', 'the data directory')
    .action(async (options: { user: string; name: string; dataDir?: string }) => {
      await withCatalog(config, resolveDir(options.dataDir), async (ctx) => {
        const member = await memberByEmail(ctx, options.user);
        if (member.disabled) throw new AppError('forbidden', `${member.email} is disabled.`);
        const { token, secret } = await createApiToken(ctx.catalog, member.user_id, options.name);
        await audit(ctx.catalog, operator, {
          action: 'token.create',
          targetType: 'api_token',
          targetId: token.token_id,
          after: { name: token.name, owner: member.email },
        });
        console.log(secret);
      });
    });
}
