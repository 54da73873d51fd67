/**
 * @module crm/tasks
 * Tasks with an assignee (a member), a due time, a status and a priority, optionally about a
 * contact, a company or a deal; listed by due time ("mine", "overdue", "all").
 */
import { z } from 'zod';
import { IdSchema, LineSchema, PageQuerySchema, PageSchema, TextSchema } from '../common/index.js';
import { TimestampSchema } from './common.js';

/** `done` sets `completed_at`; any other status clears it. */
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/** mine: assigned to the caller; overdue: due before now and still open or in progress. */
export const TASK_VIEWS = ['all', 'mine', 'overdue'] as const;

export const TaskSchema = z
  .object({
    id: IdSchema,
    title: z.string(),
    description: z.string().nullable(),
    assignee_id: IdSchema.nullable(),
    due_at: TimestampSchema.nullable(),
    status: z.enum(TASK_STATUSES),
    priority: z.enum(TASK_PRIORITIES),
    overdue: z.boolean().meta({ description: 'Due before now and still open or in progress' }),
    contact_id: IdSchema.nullable(),
    company_id: IdSchema.nullable(),
    deal_id: IdSchema.nullable(),
    completed_at: TimestampSchema.nullable(),
    created_by: IdSchema.nullable(),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  })
  .meta({ id: 'Task' });

const taskFields = {
  title: LineSchema(300).min(1, 'A title is required'),
  description: TextSchema(20000).nullable(),
  assignee_id: IdSchema.nullable().meta({ description: 'A member of the tenant' }),
  due_at: z.iso.datetime({ offset: true }).nullable().meta({ description: 'RFC 3339' }),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  contact_id: IdSchema.nullable(),
  company_id: IdSchema.nullable(),
  deal_id: IdSchema.nullable(),
};

export const TaskCreateSchema = z
  .strictObject({
    title: taskFields.title,
    description: taskFields.description.optional(),
    assignee_id: taskFields.assignee_id.optional(),
    due_at: taskFields.due_at.optional(),
    status: taskFields.status.default('open'),
    priority: taskFields.priority.default('normal'),
    contact_id: taskFields.contact_id.optional(),
    company_id: taskFields.company_id.optional(),
    deal_id: taskFields.deal_id.optional(),
  })
  .meta({ id: 'TaskCreate' });

export const TaskUpdateSchema = z
  .strictObject({
    title: taskFields.title.optional(),
    description: taskFields.description.optional(),
    assignee_id: taskFields.assignee_id.optional(),
    due_at: taskFields.due_at.optional(),
    status: taskFields.status.optional(),
    priority: taskFields.priority.optional(),
    contact_id: taskFields.contact_id.optional(),
    company_id: taskFields.company_id.optional(),
    deal_id: taskFields.deal_id.optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'TaskUpdate' });

export const TaskListQuerySchema = PageQuerySchema.extend({
  view: z.enum(TASK_VIEWS).default('all'),
  status: z.enum(TASK_STATUSES).optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  assignee_id: IdSchema.optional(),
  contact_id: IdSchema.optional(),
  company_id: IdSchema.optional(),
  deal_id: IdSchema.optional(),
});

export const TaskPageSchema = PageSchema(TaskSchema).meta({ id: 'TaskPage' });

export type Task = z.infer<typeof TaskSchema>;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TaskCreate = z.infer<typeof TaskCreateSchema>;
export type TaskUpdate = z.infer<typeof TaskUpdateSchema>;
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;
