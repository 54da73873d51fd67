/**
 * @module problem
 * RFC 9457 problem details, the one error shape of every API (`application/problem+json`).
 */
import { z } from 'zod';

/** One invalid input: where (JSON Pointer, RFC 6901, in URI fragment form) and why. */
export const ProblemErrorSchema = z
  .object({
    pointer: z.string().meta({ example: '#/email' }),
    detail: z.string().meta({ example: 'Invalid email address' }),
  })
  .meta({ id: 'ProblemError' });

/** RFC 9457 section 3 members, plus `request_id` and `errors` extensions. */
export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: 'URI identifying the problem type', example: 'about:blank' }),
    title: z.string().meta({ example: 'Not Found' }),
    status: z.number().int().meta({ example: 404 }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z.array(ProblemErrorSchema).optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemError = z.infer<typeof ProblemErrorSchema>;

/** The media type of problem documents (RFC 9457 section 3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
