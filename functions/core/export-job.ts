import * as z from 'zod';

/**
 * A customer export too big to answer in one response, built in the background: asked for by a
 * supervisor, then `ready` with the archive stored privately for a week, or `failed`.
 */
export const ExportJobSchema = z.object({
  jobId: z.string(),
  customerId: z.string(),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime({ offset: true }),
  status: z.enum(['pending', 'ready', 'failed']),
  completedAt: z.iso.datetime({ offset: true }).optional(),
  /** The archive's size in bytes, once ready. */
  size: z.number().int().nonnegative().optional(),
  /** Where the archive is stored, once ready; never shown, only downloaded through the API. */
  archiveRef: z.string().optional(),
  /** Why it failed, in the platform's words (no customer data). */
  failure: z.string().optional(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

/** How long a built archive stays downloadable; the stored object expires with it. */
export const EXPORT_KEEP_DAYS = 7;

/** The job as the API shows it: where the archive is stored is the platform's business. */
export function exportJobView({ archiveRef: _ref, ...job }: ExportJob) {
  return job;
}
