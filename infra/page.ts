/**
 * The page the suppression API serves at `/` (packages/web): built before the functions, so
 * the deploy copies packages/web/dist beside the API's bundle as `web/` (the handler reads it
 * there). Built with the project's own npm script (its Node 24 runs the TypeScript build).
 */
import { execFileSync } from 'node:child_process';

/** Where `npm run build:web` writes the page, relative to the app root. */
export const PAGE_DIST = 'packages/web/dist';

/** Where the API function finds it in its bundle (`$LAMBDA_TASK_ROOT/web`). */
export const PAGE_IN_BUNDLE = 'web';

/** Builds the page (esbuild; about a second). */
export function buildPage(): void {
  execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
