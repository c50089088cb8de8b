import { z } from 'zod';

/** What `fic mcp install --json` prints on success (docs/json.md; checked by packages/cli/test/json-contract.test.ts). */
export const mcpInstallJson = z.strictObject({
  client: z.string(),
  path: z.string(),
  written: z.boolean(),
  replaced: z.boolean(),
  entry: z.strictObject({
    command: z.string(),
    args: z.array(z.string()),
    env: z.strictObject({
      _f_a_s_t_i_n_t_e_r_c_o_m__a_p_i__u_r_l: z.string(),
      _f_a_s_t_i_n_t_e_r_c_o_m__c_o_n_f_i_g__p_a_t_h: z.string(),
    }),
  }),
  notes: z.array(z.string()),
});
