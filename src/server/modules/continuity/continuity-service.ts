import type { NoticeService } from './notice-service.js';

export type { NoticeView } from './continuity-views.js';

/**
 * No longer a service: the continuity services are wired one by one in services.ts
 * (system-registry-service.ts, status-service.ts, notice-service.ts, probe-service.ts, kasus-mode.ts).
 * Only this type is left, for backlog-service.ts, which reads a notice; delete the file once that
 * module imports NoticeService itself.
 */
export type ContinuityService = Pick<NoticeService, 'noticeView'>;
