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

/** `{userId}` and `{id}` in a GoodData path. */
export const userPath = z.object({
  userId: gooddataUserParam.describe('user id or username (e.g. john.doe), or `me`'),
});
export const tokenPath = userPath.extend({ id: gooddataId.describe('the API token id chosen at creation') });

export const apiTokenInDocument = z
  .looseObject({
    data: z.looseObject({
      id: gooddataId,
      type: z.literal('apiToken'),
      attributes: z.looseObject({}).optional(),
    }),
  })
  .meta({ id: 'GoodDataApiTokenInDocument' });

const selfLink = z.strictObject({ self: z.string() });

const apiTokenOut = z
  .strictObject({
    id: z.string(),
    type: z.literal('apiToken'),
    attributes: z.strictObject({
      bearerToken: z.string().optional(),
      expiresAt: z
        .string()
        .optional()
        .describe(
          'Tessera: when the token expires (policy maximum, or the creating credential’s own expiry); absent when it does not',
        ),
    }),
  })
  .meta({ id: 'GoodDataApiToken' });

export const apiTokenDocumentSchema = z
  .strictObject({ data: apiTokenOut, links: selfLink })
  .meta({ id: 'GoodDataApiTokenDocument' });

export const apiTokenListSchema = z
  .strictObject({ data: z.array(apiTokenOut.extend({ links: selfLink })), links: selfLink })
  .meta({ id: 'GoodDataApiTokenList' });

export const jsonApiErrorsSchema = z
  .strictObject({
    errors: z.array(
      z.strictObject({
        status: z.string().describe('the HTTP status, as a string (JSON:API)'),
        code: z.string(),
        title: z.string(),
        detail: z.string(),
      }),
    ),
  })
  .meta({ id: 'JsonApiErrors' });

export const GOODDATA_MEDIA_TYPE = 'application/vnd.gooddata.api+json';
