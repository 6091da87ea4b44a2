import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';
import { signInRefs, where } from './auth-sign-in-refs';

const SECRET_FIELDS: Array<[key: string, label: string, prop: 'clientSecret' | 'password']> = [
  ['client secret', 'Client Secret', 'clientSecret'],
  ['password', 'Password', 'password'],
];

/** `auth/secret-in-shared-env`: a sign-in's Client Secret or Password written in the shared (committed) http-client.env.json. */
export const authSecretInSharedEnv: Rule = {
  id: 'auth/secret-in-shared-env',
  defaultSeverity: 'warning',
  description: 'A sign-in\'s "Client Secret" or "Password" is written in the shared http-client.env.json, which is committed; it belongs in http-client.private.env.json (or a variable from it).',
  docs: ruleDocsUrl('auth/secret-in-shared-env'),
  check(ctx) {
    const seen = new Set<string>();
    for (const r of signInRefs(ctx)) {
      if (!r.entry || seen.has(r.name)) continue;
      seen.add(r.name);
      for (const [key, label, prop] of SECRET_FIELDS) {
        const loc = r.entry.fields.get(key);
        const value = r.entry[prop];
        // A `{{variable}}` from the private file is fine; so is an empty placeholder.
        if (!loc || loc.private || !value || /^\s*\{\{[^{}]+\}\}\s*$/.test(value)) continue;
        ctx.report({
          message: `"${label}" of sign-in "${r.name}" is written in the shared environment file (${where(loc)}), which is committed. Move it to http-client.private.env.json under the same environment, "Security", "Auth", "${r.name}".`,
          range: r.ref.range,
          related: [{ file: loc.file, range: loc.range, message: `"${label}" here` }],
        });
      }
    }
  },
};
