import { z } from 'zod';

/** GoodData object ids: letters, digits, `.`, `_`, `-`, not starting with a dot. */
export const gooddataId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!\.)[.A-Za-z0-9_-]+$/, 'is not a valid id');

/** `{userId}`: a Tessera user id, a username (GoodData uses names like `john.doe`), or `me`. */
export const gooddataUserParam = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._@-]+$/, 'is not a user id or username');

export const apiTokenInDocument = z.looseObject({
  data: z.looseObject({
    id: gooddataId,
    type: z.literal('apiToken'),
    attributes: z.looseObject({}).optional(),
  }),
});

const apiTokenOut = z.strictObject({
  id: z.string(),
  type: z.literal('apiToken'),
  attributes: z.strictObject({ bearerToken: z.string().optional() }),
});

export const apiTokenOutDocument = z.strictObject({
  data: apiTokenOut,
  links: z.strictObject({ self: z.string() }),
});

export const apiTokenOutList = z.strictObject({
  data: z.array(apiTokenOut.extend({ links: z.strictObject({ self: z.string() }) })),
  links: z.strictObject({ self: z.string() }),
});

export const jsonApiErrors = z.strictObject({
  errors: z.array(
    z.strictObject({
      status: z.string().describe('the HTTP status, as a string (JSON:API)'),
      code: z.string(),
      title: z.string(),
      detail: z.string(),
    }),
  ),
});

export const GOODDATA_MEDIA_TYPE = 'application/vnd.gooddata.api+json';
