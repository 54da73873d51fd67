/**
 * @module register-workspace-hooks
 * Registers `workspace-hooks.ts` (pass with `--import`, after `--import tsx`).
 */
import { register } from 'node:module';

register('./workspace-hooks.ts', import.meta.url);
