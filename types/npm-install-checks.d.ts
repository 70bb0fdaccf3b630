// npm's own install checks ship without types; the platform and engine checks are used (tests/install).
declare module "npm-install-checks" {
  export function checkPlatform(
    target: { _id: string; os?: string[]; cpu?: string[]; libc?: string[] },
    force?: boolean,
    environment?: { os?: string; cpu?: string; libc?: string },
  ): void;
  /** Throws EBADENGINE when `target.engines` refuses the given npm or Node version (null: not checked). */
  export function checkEngine(
    target: { _id: string; engines?: Record<string, string> },
    npmVersion: string | null,
    nodeVersion: string | null,
    force?: boolean,
  ): void;
}
